package dev.tradewind.local.lambda;

import dev.tradewind.local.template.FunctionDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code and layers unpacked the way Lambda lays them out: the deployment zip as {@code /var/task}
 * (classes at the root, jars in {@code lib/}) and each layer into {@code /opt} ({@code java/lib/*.jar}, native
 * libraries in {@code lib/}). The class path order is Lambda's: task root, task jars, layer jars. A layer with a
 * variant built for this machine beside it ({@code <name>-<platform>.zip}, see {@link HostPlatform}) is unpacked
 * from that variant, because native libraries built for Lambda's arm64 do not load on an x86_64 laptop.
 */
public final class FunctionArtifacts {

    private final Path taskDirectory;
    private final Path optDirectory;

    private FunctionArtifacts(Path taskDirectory, Path optDirectory) {
        this.taskDirectory = taskDirectory;
        this.optDirectory = optDirectory;
    }

    /** Unpacks fresh copies under {@code workDirectory/<logicalId>}, replacing anything left from an earlier run. */
    public static FunctionArtifacts unpack(FunctionDefinition function, Path workDirectory) {
        Path root = workDirectory.resolve(function.logicalId());
        Path task = root.resolve("task");
        Path opt = root.resolve("opt");
        deleteRecursively(root);
        requireFile(function.codeUri(), function.logicalId() + " CodeUri");
        unzip(function.codeUri(), task);
        Optional<String> platform = HostPlatform.current();
        for (Path layer : function.layers()) {
            requireFile(layer, function.logicalId() + " layer");
            unzip(HostPlatform.layerVariant(layer, platform), opt);
        }
        return new FunctionArtifacts(task, opt);
    }

    public Path taskDirectory() {
        return taskDirectory;
    }

    public Path optDirectory() {
        return optDirectory;
    }

    /** Whether a layer carries native libraries ({@code /opt/lib}); see {@link #nativeLoaderJars()}. */
    public boolean hasNativeLibraries() {
        Path lib = optDirectory.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(lib)) {
            return files.anyMatch(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll");
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(taskDirectory.toUri().toURL());
            urls.addAll(jars(taskDirectory.resolve("lib")));
            urls.addAll(jars(optDirectory.resolve("java").resolve("lib")));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return urls.toArray(URL[]::new);
    }

    /**
     * The layer jars with a class that loads a native library ({@code System.load}, {@code System.loadLibrary}, or
     * {@code Runtime}'s), when a layer carries native libraries; empty otherwise. The JVM lets a native library load
     * into one class loader only, so these jars must be loaded once per function, not once per instance.
     */
    public List<URL> nativeLoaderJars() {
        if (!hasNativeLibraries()) {
            return List.of();
        }
        List<URL> loaders = new ArrayList<>();
        try {
            for (URL jar : jars(optDirectory.resolve("java").resolve("lib"))) {
                if (NativeLoaderScan.loadsNativeLibraries(Path.of(jar.toURI()))) {
                    loaders.add(jar);
                }
            }
        } catch (MalformedURLException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return loaders;
    }

    private static List<URL> jars(Path directory) throws MalformedURLException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return urls;
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " " + file + " does not exist; build it first (./tradewind build)");
        }
    }

    static void unzip(Path zip, Path target) {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            Files.createDirectories(target);
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalStateException(zip + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    copy(in, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip, e);
        }
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes {@code root} and everything in it, if it exists. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
