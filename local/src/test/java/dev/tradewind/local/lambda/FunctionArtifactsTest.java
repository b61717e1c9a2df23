package dev.tradewind.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.template.EventInvokeConfig;
import dev.tradewind.local.template.FunctionDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionArtifactsTest {

    @TempDir
    Path directory;

    private Path zip(String name, Map<String, String> files) throws IOException {
        Path zip = directory.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    private FunctionDefinition function(List<Path> layers) throws IOException {
        Path code = zip("code.zip", Map.of("Handler.class", ""));
        return new FunctionDefinition("Fn", "Handler", "java21", code, layers, 512, 10, Map.of(), List.of(), List.of(),
                List.of(), EventInvokeConfig.DEFAULT, Map.of());
    }

    @Test
    void unpack_layerWithAVariantForThisMachine_unpacksTheVariant() throws Exception {
        String host = HostPlatform.current().orElseThrow();
        Path layer = zip("model-layer.zip", Map.of("lib/libnative.so", "arm64", "java/lib/model.jar", ""));
        zip("model-layer-" + host + ".zip", Map.of("lib/libnative.so", "host", "java/lib/model.jar", ""));
        zip("model-layer-other-os.zip", Map.of("lib/libnative.so", "other", "java/lib/model.jar", ""));
        Path shared = zip("shared-layer.zip", Map.of("java/lib/shared.jar", ""));

        FunctionArtifacts artifacts = FunctionArtifacts.unpack(function(List.of(shared, layer)),
                directory.resolve("work"));

        assertEquals("host", Files.readString(artifacts.optDirectory().resolve("lib/libnative.so")));
        assertTrue(Files.isRegularFile(artifacts.optDirectory().resolve("java/lib/shared.jar")));
        assertTrue(artifacts.hasNativeLibraries());
    }

    @Test
    void unpack_layerWithoutVariant_unpacksTheTemplatesZip() throws Exception {
        Path layer = zip("model-layer.zip", Map.of("lib/libnative.so", "arm64"));
        FunctionArtifacts artifacts = FunctionArtifacts.unpack(function(List.of(layer)), directory.resolve("work"));
        assertEquals("arm64", Files.readString(artifacts.optDirectory().resolve("lib/libnative.so")));
    }

    @Test
    void layerVariant_isNamedAfterThePlatform() throws Exception {
        Path layer = zip("l.zip", Map.of());
        Path variant = zip("l-linux-x64.zip", Map.of());
        assertEquals(variant, HostPlatform.layerVariant(layer, Optional.of("linux-x64")));
        assertEquals(layer, HostPlatform.layerVariant(layer, Optional.of("osx-aarch64")));
        assertEquals(layer, HostPlatform.layerVariant(layer, Optional.empty()));
    }

    @Test
    void platform_usesOnnxRuntimesNames() {
        assertEquals(Optional.of("linux-x64"), HostPlatform.of("Linux", "amd64"));
        assertEquals(Optional.of("linux-aarch64"), HostPlatform.of("Linux", "aarch64"));
        assertEquals(Optional.of("osx-aarch64"), HostPlatform.of("Mac OS X", "aarch64"));
        assertEquals(Optional.of("win-x64"), HostPlatform.of("Windows 11", "amd64"));
        assertFalse(HostPlatform.of("Linux", "s390x").isPresent());
    }

    @Test
    void nativeLoaderJars_areTheLayerJarsWithAClassLoadingANativeLibrary() throws Exception {
        Path layer = directory.resolve("natives-layer.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(layer))) {
            out.putNextEntry(new ZipEntry("lib/libnative.so"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("java/lib/loader.jar"));
            out.write(jarOf(NativeLoader.class));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("java/lib/model.jar"));
            out.write(jarOf(NotANativeLoader.class));
            out.closeEntry();
        }

        FunctionArtifacts artifacts = FunctionArtifacts.unpack(function(List.of(layer)), directory.resolve("work"));

        assertEquals(List.of(artifacts.optDirectory().resolve("java/lib/loader.jar").toUri().toURL()),
                artifacts.nativeLoaderJars());
    }

    @Test
    void nativeLoaderJars_withoutNativeLibraries_isEmpty() throws Exception {
        Path layer = directory.resolve("layer.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(layer))) {
            out.putNextEntry(new ZipEntry("java/lib/loader.jar"));
            out.write(jarOf(NativeLoader.class));
            out.closeEntry();
        }
        FunctionArtifacts artifacts = FunctionArtifacts.unpack(function(List.of(layer)), directory.resolve("work"));
        assertEquals(List.of(), artifacts.nativeLoaderJars());
    }

    private static byte[] jarOf(Class<?> type) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes);
             InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new ZipEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Never run: only its class file is read. */
    static final class NativeLoader {
        static void load() {
            System.loadLibrary("native");
        }
    }

    /** Has a method named load and uses System, but loads nothing native. */
    static final class NotANativeLoader {
        static long load() {
            return System.nanoTime();
        }
    }
}
