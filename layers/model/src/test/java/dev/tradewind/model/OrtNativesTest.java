package dev.tradewind.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtNativesTest {

    @TempDir
    Path opt;

    private Path layerJar() throws Exception {
        Path jar = opt.resolve("java/lib/tradewind-model.jar");
        Files.createDirectories(jar.getParent());
        return Files.write(jar, new byte[0]);
    }

    @Test
    void layerLibraryDirectory_isLibBesideJavaLib_whenBothLibrariesAreThere() throws Exception {
        Path jar = layerJar();
        Files.createDirectories(opt.resolve("lib"));
        Files.write(opt.resolve("lib/libonnxruntime.so"), new byte[0]);
        assertEquals(Optional.empty(), OrtNatives.layerLibraryDirectory(jar, Optional.of(OrtPlatform.LINUX_X64)),
                "the JNI library is missing too");
        Files.write(opt.resolve("lib/libonnxruntime4j_jni.so"), new byte[0]);
        assertEquals(Optional.of(opt.resolve("lib")),
                OrtNatives.layerLibraryDirectory(jar, Optional.of(OrtPlatform.LINUX_AARCH64)));
        assertEquals(Optional.empty(), OrtNatives.layerLibraryDirectory(jar, Optional.of(OrtPlatform.OSX_AARCH64)),
                "macOS needs .dylib files");
        assertEquals(Optional.empty(), OrtNatives.layerLibraryDirectory(jar, Optional.empty()));
    }

    @Test
    void layerLibraryDirectory_isEmpty_outsideALayer() throws Exception {
        Path classes = Files.createDirectories(opt.resolve("target/classes"));
        assertEquals(Optional.empty(), OrtNatives.layerLibraryDirectory(classes, Optional.of(OrtPlatform.LINUX_X64)));
        Path jar = Files.write(opt.resolve("tradewind-model.jar"), new byte[0]);
        assertEquals(Optional.empty(), OrtNatives.layerLibraryDirectory(jar, Optional.of(OrtPlatform.LINUX_X64)));
    }

    @Test
    void platform_isNamedAsOnnxRuntimeNamesItsFolders() {
        assertEquals(Optional.of(OrtPlatform.LINUX_X64), OrtPlatform.of("Linux", "amd64"));
        assertEquals(Optional.of(OrtPlatform.LINUX_AARCH64), OrtPlatform.of("Linux", "aarch64"));
        assertEquals(Optional.of(OrtPlatform.OSX_AARCH64), OrtPlatform.of("Mac OS X", "aarch64"));
        assertEquals(Optional.of(OrtPlatform.WIN_X64), OrtPlatform.of("Windows 11", "amd64"));
        assertEquals(Optional.empty(), OrtPlatform.of("Linux", "riscv64"));
        assertTrue(OrtPlatform.current().isPresent(), "the build machine is a supported platform");
    }
}
