package dev.tradewind.local.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the variant of a layer built for this machine. Lambda runs arm64, so a layer with native libraries is built
 * for linux-aarch64 and that is what template.yaml deploys; a layer can also be built once per development platform
 * beside it, named {@code <name>-<platform>.zip} ({@code linux-x64}, {@code linux-aarch64}, {@code osx-aarch64},
 * {@code win-x64}: the platform names ONNX Runtime uses). The local runtime unpacks that variant when it exists, and
 * the template's zip otherwise, so the deployed layer never has to carry the wrong architecture.
 */
public final class HostPlatform {

    private HostPlatform() {
    }

    /** This JVM's platform, e.g. {@code linux-x64}; empty when no layer could be built for it. */
    public static Optional<String> current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static Optional<String> of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        String system = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        return cpu == null || system == null ? Optional.empty() : Optional.of(system + "-" + cpu);
    }

    /** {@code dir/name-<platform>.zip} when it exists beside {@code dir/name.zip}, else {@code layer} itself. */
    public static Path layerVariant(Path layer, Optional<String> platform) {
        String name = layer.getFileName().toString();
        if (platform.isEmpty() || !name.endsWith(".zip")) {
            return layer;
        }
        Path variant = layer.resolveSibling(name.substring(0, name.length() - ".zip".length()) + "-" + platform.get()
                + ".zip");
        return Files.isRegularFile(variant) ? variant : layer;
    }
}
