package dev.tradewind.auth.store.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.testing.Repository;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key tool as {@code ./tradewind auth-keys} starts it: the module's classes and {@code target/tool-lib}, not the
 * function's dependencies, so a class it reaches that needs the AWS SDK fails here as it would for the operator.
 */
class KeyRingToolIT {

    @TempDir
    Path dir;

    @Test
    void authKeysInit_onTheToolClassPath_writesTheRingAndPrintsThePuts() throws Exception {
        Path target = Repository.path("functions/auth/target");
        String classPath = target.resolve("classes") + File.pathSeparator + target.resolve("tool-lib") + "/*";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, KeyRingTool.class.getName(), "init", "--dir", dir.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals(0, process.waitFor(), output);
        assertTrue(Files.isRegularFile(dir.resolve(KeyRingTool.RING_FILE)), output);
        assertTrue(Files.isRegularFile(dir.resolve(KeyRingTool.JWKS_FILE)), output);
        assertTrue(output.contains("aws ssm put-parameter --name /tradewind/auth/jwks"), output);
    }
}
