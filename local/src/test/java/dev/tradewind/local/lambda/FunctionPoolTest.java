package dev.tradewind.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.template.EventInvokeConfig;
import dev.tradewind.local.template.FunctionDefinition;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionPoolTest {

    @TempDir
    Path directory;

    @BeforeEach
    void clearCounts() {
        List.of(StubbornHandler.RUNNING, StubbornHandler.MOST_RUNNING, StubbornHandler.RELEASE)
                .forEach(System::clearProperty);
    }

    @AfterEach
    void releaseHeldInvocations() {
        System.setProperty(StubbornHandler.RELEASE, "test ended");
    }

    /** One instance at most (as a function with native libraries always has), and a 1 s timeout. */
    private FunctionPool stubbornPool() throws Exception {
        String entry = StubbornHandler.class.getName().replace('.', '/') + ".class";
        Path zip = directory.resolve("stubborn.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             InputStream in = getClass().getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new ZipEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        FunctionDefinition function = new FunctionDefinition("Stubborn", StubbornHandler.class.getName(), "java21",
                zip, List.of(), 128, 1, Map.of(), List.of(), List.of(), List.of(), EventInvokeConfig.DEFAULT, Map.of());
        return new FunctionPool(function, FunctionArtifacts.unpack(function, directory.resolve("work")), Map.of(),
                Clock.systemUTC(), 1, new java.io.PrintStream(OutputStream.nullOutputStream()), invocation -> {
                });
    }

    @Test
    void invoke_afterATimeoutThatRunsOn_waitsForItsThreadInsteadOfRunningBesideIt() throws Exception {
        try (FunctionPool pool = stubbornPool()) {
            Invocation timedOut = pool.invoke("{\"hold\":true}".getBytes(StandardCharsets.UTF_8));
            assertEquals("Sandbox.Timedout", timedOut.error().errorType());

            AtomicReference<Invocation> next = new AtomicReference<>();
            Thread caller = Thread.ofPlatform()
                    .start(() -> next.set(pool.invoke("{}".getBytes(StandardCharsets.UTF_8))));
            // Either the next invocation runs beside the held one and returns, or it waits for the slot (WAITING:
            // no timeout, unlike a wait for an answer).
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (caller.isAlive() && caller.getState() != Thread.State.WAITING && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            assertTrue(caller.isAlive(), "the next invocation ran while the timed-out one still did");
            System.setProperty(StubbornHandler.RELEASE, "held invocation may end");
            caller.join(Duration.ofSeconds(30));

            assertFalse(caller.isAlive());
            assertNull(next.get().error(), "served once the timed-out invocation ended");
            assertEquals("1", System.getProperty(StubbornHandler.MOST_RUNNING));
        }
    }
}
