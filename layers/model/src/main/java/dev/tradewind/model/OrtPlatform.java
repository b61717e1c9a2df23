package dev.tradewind.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A platform ONNX Runtime ships native libraries for, named as its jar names the folders
 * ({@code ai/onnxruntime/native/<id>/}) and as the model layer's host variants are named
 * ({@code tradewind-model-layer-<id>.zip}).
 */
public enum OrtPlatform {
    LINUX_X64("linux-x64", "libonnxruntime.so", "libonnxruntime4j_jni.so"),
    LINUX_AARCH64("linux-aarch64", "libonnxruntime.so", "libonnxruntime4j_jni.so"),
    OSX_AARCH64("osx-aarch64", "libonnxruntime.dylib", "libonnxruntime4j_jni.dylib"),
    WIN_X64("win-x64", "onnxruntime.dll", "onnxruntime4j_jni.dll");

    private final String id;
    private final List<String> libraries;

    OrtPlatform(String id, String... libraries) {
        this.id = id;
        this.libraries = List.of(libraries);
    }

    public String id() {
        return id;
    }

    /** The core runtime and its JNI binding: ORT loads both, in this order. */
    public List<String> libraries() {
        return libraries;
    }

    /** The platform of this JVM, computed from {@code os.name} and {@code os.arch} as ONNX Runtime does. */
    public static Optional<OrtPlatform> current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static Optional<OrtPlatform> of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) {
            return x64 ? Optional.of(LINUX_X64) : arm64 ? Optional.of(LINUX_AARCH64) : Optional.empty();
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return arm64 ? Optional.of(OSX_AARCH64) : Optional.empty();
        }
        if (os.contains("win")) {
            return x64 ? Optional.of(WIN_X64) : Optional.empty();
        }
        return Optional.empty();
    }
}
