package dev.tradewind.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where template.yaml, events/ and data/ live; Maven passes it as {@code tradewind.root}. */
public final class Repository {

    private Repository() {
    }

    public static Path root() {
        String configured = System.getProperty("tradewind.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "template.yaml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Cannot find the repository root (template.yaml) from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
