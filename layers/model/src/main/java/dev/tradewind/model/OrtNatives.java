package dev.tradewind.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Points ONNX Runtime at the native libraries pre-extracted into the model layer, so it loads them in place instead
 * of copying 20+ MB out of its jar into /tmp on every cold start (~100–135 ms measured, see benchmarks/).
 *
 * <p>No configuration: the layer's jars live in {@code <root>/java/lib} and its libraries in {@code <root>/lib}
 * ({@code /opt/java/lib} and {@code /opt/lib} in Lambda; the unpacked layer in the local runtime), so the folder is
 * found relative to this class's own jar. An explicit {@code -Donnxruntime.native.path} wins. Anywhere else (unit
 * tests, the trainer, with the full ONNX Runtime jar on the class path) nothing is set and ONNX Runtime extracts its
 * own copy as usual.
 */
public final class OrtNatives {

    /** ONNX Runtime reads this system property once, when its first class initialises. */
    public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    private OrtNatives() {
    }

    /**
     * Sets {@value #NATIVE_PATH_PROPERTY} to the layer's library folder if this code runs from a layer and the
     * property is not set yet. Must run before any ONNX Runtime class initialises; {@link OnnxBinaryClassifier}
     * calls it first thing.
     *
     * @return the folder ONNX Runtime will load its libraries from, or empty if it extracts them itself
     */
    public static synchronized Optional<Path> configure() {
        String configured = System.getProperty(NATIVE_PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Optional<Path> directory = codeLocation().flatMap(jar -> layerLibraryDirectory(jar, OrtPlatform.current()));
        directory.ifPresent(d -> System.setProperty(NATIVE_PATH_PROPERTY, d.toString()));
        return directory;
    }

    /** Where the libraries come from, for health routes and benchmarks. */
    public static String describe() {
        String configured = System.getProperty(NATIVE_PATH_PROPERTY);
        return configured == null ? "extracted by ONNX Runtime from its jar" : configured;
    }

    /**
     * {@code <root>/lib} for a jar at {@code <root>/java/lib/<name>.jar}, if it holds every library ONNX Runtime
     * needs on {@code platform}.
     */
    static Optional<Path> layerLibraryDirectory(Path jar, Optional<OrtPlatform> platform) {
        if (platform.isEmpty() || !jar.getFileName().toString().endsWith(".jar")) {
            return Optional.empty();
        }
        Path javaLib = jar.toAbsolutePath().getParent();
        if (javaLib == null || !javaLib.endsWith(Path.of("java", "lib"))) {
            return Optional.empty();
        }
        Path root = javaLib.getParent().getParent();
        if (root == null) {
            return Optional.empty();
        }
        Path libraries = root.resolve("lib");
        for (String library : platform.get().libraries()) {
            if (!Files.isRegularFile(libraries.resolve(library))) {
                return Optional.empty();
            }
        }
        return Optional.of(libraries);
    }

    /** The layer root ({@code /opt}) if this class was loaded from {@code <root>/java/lib/*.jar}. */
    static Optional<Path> layerRoot() {
        return codeLocation().flatMap(jar -> {
            Path javaLib = jar.toAbsolutePath().getParent();
            return javaLib != null && jar.toString().endsWith(".jar") && javaLib.endsWith(Path.of("java", "lib"))
                    ? Optional.ofNullable(javaLib.getParent().getParent()) : Optional.empty();
        });
    }

    private static Optional<Path> codeLocation() {
        CodeSource source = OrtNatives.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
