package dev.tradewind.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.Repository;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built layer zips: what they contain, and the model loading from one exactly as the predict function will. */
class ModelLayerZipIT {

    private static final int ELF_X86_64 = 62;
    private static final int ELF_AARCH64 = 183;
    private static final Path TARGET = Repository.path("layers/model/target");
    private static final String HOST_PLATFORM = System.getProperty("model.layer.host.platform");
    private static final String ORT_CLASSES = "onnxruntime-" + System.getProperty("onnxruntime.version")
            + "-classes.jar";

    @TempDir
    Path work;

    @Test
    void lambdaLayer_carriesLinuxAarch64Natives_andOnnxRuntimeWithoutItsNativeFolders() throws Exception {
        Path zip = TARGET.resolve("tradewind-model-layer.zip");
        assertEquals(Set.of("java/lib/tradewind-model.jar", "java/lib/" + ORT_CLASSES, "lib/libonnxruntime.so",
                "lib/libonnxruntime4j_jni.so"), files(zip, e -> !e.startsWith("model/")));
        Path opt = unzip(zip, work.resolve("opt"));
        assertEquals(ELF_AARCH64, elfMachine(opt.resolve("lib/libonnxruntime.so")));
        assertEquals(ELF_AARCH64, elfMachine(opt.resolve("lib/libonnxruntime4j_jni.so")));
        assertTrue(files(opt.resolve("java/lib/" + ORT_CLASSES), e -> e.startsWith("ai/onnxruntime/native/")).isEmpty());
        assertTrue(Files.size(zip) < 15_000_000, "the layer zip stays small: " + Files.size(zip));
    }

    @Test
    void layers_shipTheCommittedModelsAndCards() throws Exception {
        Set<String> expected = Set.of("model/crypto-1h/model.onnx", "model/crypto-1h/model-card.json",
                "model/crypto-1h/volatility.json", "model/stocks-1d/model.onnx", "model/stocks-1d/model-card.json",
                "model/stocks-1d/volatility.json");
        for (String name : List.of("tradewind-model-layer.zip", "tradewind-model-layer-" + HOST_PLATFORM + ".zip")) {
            Path zip = TARGET.resolve(name);
            assertEquals(expected, files(zip, e -> e.startsWith("model/")), name);
            Path opt = unzip(zip, work.resolve(name));
            for (String file : expected) {
                assertEquals(-1L, Files.mismatch(opt.resolve(file),
                        Repository.path("models").resolve(file.substring("model/".length()))), file);
            }
        }
    }

    @Test
    void hostLayer_carriesThisMachinesNatives() throws Exception {
        Path zip = TARGET.resolve("tradewind-model-layer-" + HOST_PLATFORM + ".zip");
        Path opt = unzip(zip, work.resolve("opt"));
        int expected = HOST_PLATFORM.equals("linux-x64") ? ELF_X86_64 : ELF_AARCH64;
        if (HOST_PLATFORM.startsWith("linux")) {
            assertEquals(expected, elfMachine(opt.resolve("lib/libonnxruntime.so")));
        }
        assertEquals(files(TARGET.resolve("tradewind-model-layer.zip"), e -> !e.startsWith("lib/")),
                files(zip, e -> !e.startsWith("lib/")), "the variants differ only in their native libraries");
    }

    /**
     * Unpacks the shared layer and the host model layer into one folder as Lambda does into /opt, then starts a
     * fresh JVM whose class path is only /opt/java/lib/*.jar (plus the probe), with no system properties and no
     * LD_LIBRARY_PATH: the layer has to find its models and native libraries by itself, as the predict function
     * will. It computes features from bundled candles and predicts with each shipped model; its answers must be the
     * bits the same model files give in this JVM.
     */
    @Test
    void hostLayer_loadsAndPredictsInAFreshJvm_likeThePredictFunction() throws Exception {
        Path opt = work.resolve("opt");
        unzip(Repository.path("layers/shared/target/tradewind-shared-layer.zip"), opt);
        unzip(TARGET.resolve("tradewind-model-layer-" + HOST_PLATFORM + ".zip"), opt);
        Path models = opt.resolve("model");

        List<String> output = runProbe(opt);

        assertTrue(output.contains("natives " + opt.resolve("lib")), String.join("\n", output));
        assertTrue(output.stream().noneMatch(l -> l.startsWith("failure")), String.join("\n", output));
        List<String> expected = new ArrayList<>();
        BundledHistory history = BundledHistory.load(Repository.path("data/market"));
        try (ModelLayer inProcess = ModelLayer.load(models)) {
            for (ForecastModel model : inProcess.models()) {
                String symbol = model.card().symbols().getFirst();
                List<Candle> candles = history.candles(symbol);
                float p = model.predict(model.features(candles.subList(candles.size() - 100, candles.size())));
                expected.add("model " + model.version() + " " + symbol + " " + Float.floatToRawIntBits(p));
                VolatilityModel vol = inProcess.volatility(model.card().interval()).orElseThrow();
                expected.add("volatility " + vol.family() + " " + symbol + " " + Double.doubleToRawLongBits(
                        vol.forecast(candles.subList(candles.size() - vol.windowLength(), candles.size())).variance()));
            }
        }
        assertEquals(4, expected.size());
        assertEquals(expected, output.stream().filter(l -> l.startsWith("model ") || l.startsWith("volatility "))
                .toList());
    }

    private static List<String> runProbe(Path opt) throws Exception {
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(opt.resolve("java/lib"))) {
            jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> classPath.add(j.toString()));
        }
        classPath.add(Path.of(LayerProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, classPath),
                LayerProbe.class.getName(), Repository.path("data/market").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LD_LIBRARY_PATH");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        String text;
        try (InputStream in = process.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, process.exitValue(), command + "\n" + builder.environment() + "\n" + text);
        return text.lines().toList();
    }

    private interface NameFilter {
        boolean keep(String name);
    }

    private static Set<String> files(Path zip, NameFilter filter) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).filter(filter::keep).forEach(names::add);
        }
        return names;
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        assertTrue(Files.isRegularFile(zip), zip + " is built by the package phase");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                assertTrue(out.startsWith(target));
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static int elfMachine(Path library) throws IOException {
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(library)) {
            assertEquals(20, in.readNBytes(header, 0, 20));
        }
        assertEquals(0x7f, header[0]);
        assertEquals('E', header[1]);
        assertFalse(header[5] != 1, "little-endian ELF expected");
        return (header[18] & 0xff) | (header[19] & 0xff) << 8;
    }
}
