package dev.tradewind.trainer.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Versions of the libraries that made the model, as the build resolved them (trainer.properties). */
public final class Software {

    private Software() {
    }

    public static Map<String, String> versions() {
        Properties properties = new Properties();
        try (InputStream in = Software.class.getResourceAsStream("/trainer.properties")) {
            if (in == null) {
                throw new IllegalStateException("trainer.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> versions = new TreeMap<>();
        properties.forEach((k, v) -> versions.put(k.toString(), v.toString()));
        return versions;
    }
}
