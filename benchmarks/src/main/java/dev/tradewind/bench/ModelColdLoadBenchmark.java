package dev.tradewind.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cold load of the model layer in a fresh JVM, two ways, alternated run by run so that drift on the machine hits
 * both alike: as the layer ships (ONNX Runtime's classes without natives, libraries pre-extracted in /opt/lib and
 * found by the inference API), and with the stock ONNX Runtime jar, which extracts its 20+ MB of libraries into
 * /tmp first. Same models, same JVM flags (the template's), same class path otherwise.
 */
final class ModelColdLoadBenchmark implements Benchmark {

    @Override
    public String name() {
        return "model-cold-load";
    }

    @Override
    public String description() {
        return "Fresh JVM → both models loaded → first inference, with the layer's pre-extracted native libraries vs "
                + "ONNX Runtime extracting them from its jar";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int runs = Integer.getInteger("bench.runs", 7);
        double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path work = context.workDirectory().resolve("model-cold-load");
        deleteRecursively(work);
        Path opt = work.resolve("opt");
        unzip(context.root().resolve("layers/shared/target/tradewind-shared-layer.zip"), opt);
        unzip(hostLayer(context.root().resolve("layers/model/target")), opt);
        Path probe = extractProbe(work.resolve("probe"));
        Path models = opt.resolve("model");

        List<String> sharedJars = jars(opt.resolve("java/lib"), name -> !name.startsWith("tradewind-model")
                && !name.startsWith("onnxruntime"));
        List<String> layerClassPath = new ArrayList<>(jars(opt.resolve("java/lib"), name -> true));
        layerClassPath.add(probe.toString());
        List<String> extractingClassPath = new ArrayList<>(sharedJars);
        extractingClassPath.add(context.root().resolve("layers/model/target/tradewind-model.jar").toString());
        extractingClassPath.add(ortJar().toString());
        extractingClassPath.add(probe.toString());

        List<double[]> layer = new ArrayList<>();
        List<double[]> extracting = new ArrayList<>();
        String layerSource = "";
        String extractingSource = "";
        for (int i = 0; i < runs; i++) {
            Sample a = probe(layerClassPath, models);
            Sample b = probe(extractingClassPath, models);
            layer.add(a.timings);
            extracting.add(b.timings);
            layerSource = a.source;
            extractingSource = b.source;
        }
        StringBuilder report = new StringBuilder("""
                | native libraries | runs | JVM start → main | ONNX Runtime start (natives) | load both models (cards + sessions) | first inference | total to first inference |
                |---|---|---|---|---|---|---|
                """);
        row(report, "pre-extracted in the layer, loaded from `" + layerSource.replace(opt.toString(), "/opt") + "`",
                layer);
        row(report, "stock jar: ONNX Runtime extracts them to /tmp", extracting);
        if (!extractingSource.startsWith("extracted")) {
            throw new IllegalStateException("the stock-jar run found natives at " + extractingSource);
        }
        double saved = Medians.ofColumn(extracting, 4) - Medians.ofColumn(layer, 4);
        return report.append(String.format(Locale.ROOT, """

                Medians; load average %.1f at the start. Pre-extracting saves %.0f ms per cold start here. Each run
                is a fresh JVM with the template's JAVA_TOOL_OPTIONS (C1 only), SerialGC and a heap sized for
                1024 MB, on the same class path but for ONNX Runtime's jar; it starts ONNX Runtime as the model
                layer does, then loads both committed models from the unpacked host-variant layer (card, SHA-256
                check, session), then predicts once. "Total" runs from process start to the first probability.
                Loading the models includes the first use of Jackson for the cards (about 300 ms here), which the
                predict function pays for its HTTP handling anyway; SnapStart takes all of it out of Lambda's cold
                starts. Lambda's /tmp and arm64 CPUs will give other absolute numbers.
                """, loadAverage, saved)).toString();
    }

    private record Sample(double[] timings, String source) {
    }

    /** {jvmToMain, natives, models, firstInference, total} in ms. */
    private static Sample probe(List<String> classPath, Path models) throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx870m",
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, classPath),
                ModelColdLoadProbe.class.getName(), models.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("LD_LIBRARY_PATH");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        long started = System.nanoTime();
        Process process = builder.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("PROBE")) {
                // skip log lines
            }
        }
        double total = (System.nanoTime() - started) / 1e6;
        process.waitFor();
        if (line == null || !line.startsWith("PROBE ")) {
            throw new IllegalStateException("the model probe failed: " + line);
        }
        String[] f = line.split(" ");
        return new Sample(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
            Double.parseDouble(f[4]), total}, f[6]);
    }

    private static void row(StringBuilder report, String mode, List<double[]> samples) {
        report.append(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.1f ms | %.0f ms |%n",
                mode, samples.size(), Medians.ofColumn(samples, 0), Medians.ofColumn(samples, 1),
                Medians.ofColumn(samples, 2), Medians.ofColumn(samples, 3), Medians.ofColumn(samples, 4)));
    }

    private static Path hostLayer(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("tradewind-model-layer-.+\\.zip"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("build the model layer first"));
        }
    }

    /** The stock ONNX Runtime jar, as the benchmarks' own class path has it (target/lib). */
    static Path ortJar() throws Exception {
        return Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
    }

    private static List<String> jars(Path directory, java.util.function.Predicate<String> keep) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".jar")).filter(f -> keep.test(f.getFileName().toString()))
                    .sorted().map(Path::toString).toList();
        }
    }

    private static Path extractProbe(Path directory) throws IOException {
        Path packageDir = directory.resolve(ModelColdLoadProbe.class.getPackageName().replace('.', '/'));
        Files.createDirectories(packageDir);
        try (InputStream in = ModelColdLoadProbe.class.getResourceAsStream("ModelColdLoadProbe.class")) {
            Files.copy(in, packageDir.resolve("ModelColdLoadProbe.class"), StandardCopyOption.REPLACE_EXISTING);
        }
        return directory;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the layer: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
