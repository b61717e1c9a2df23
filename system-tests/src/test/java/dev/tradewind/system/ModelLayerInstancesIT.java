package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.lambda.FunctionPool;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.EventInvokeConfig;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function on the built model layer, in the local runtime's function pool: after an instance is thrown away (an
 * Error, a timeout), the next one still loads ONNX Runtime, whose native libraries the JVM loads only once. Here
 * rather than in local/ because the layer zip is built after local/'s tests run.
 */
class ModelLayerInstancesIT {

    private static final Path MODEL_LAYER = Repository.path("layers/model/target/tradewind-model-layer.zip");

    @TempDir
    Path directory;

    @Test
    void invoke_afterAnInstanceIsThrownAway_startsOneThatLoadsOnnxRuntime() throws Exception {
        FunctionDefinition function = new FunctionDefinition("PredictLike", OrtProbe.class.getName(), "java21",
                probeZip(), List.of(MODEL_LAYER), 512, 1, Map.of(), List.of(), List.of(), List.of(),
                EventInvokeConfig.DEFAULT, Map.of());
        FunctionArtifacts artifacts = FunctionArtifacts.unpack(function, directory.resolve("work"));
        assertTrue(artifacts.hasNativeLibraries());
        try (FunctionPool pool = new FunctionPool(function, artifacts, Map.of(), Clock.systemUTC(), 4,
                new PrintStream(OutputStream.nullOutputStream()), invocation -> { })) {
            assertWorks(pool.invoke(bytes("first")));

            Invocation died = pool.invoke(bytes("error"));
            assertEquals("java.lang.StackOverflowError", died.error().errorType());
            Invocation afterError = pool.invoke(bytes("next"));
            assertWorks(afterError);
            assertNotNull(afterError.initDurationMs(), "a new instance started after the Error");

            Invocation timedOut = pool.invoke(bytes("slow"));
            assertEquals("Sandbox.Timedout", timedOut.error().errorType());
            Invocation afterTimeout = pool.invoke(bytes("next"));
            assertWorks(afterTimeout);
            assertNotNull(afterTimeout.initDurationMs(), "a new instance started after the timeout");
        }
    }

    private static void assertWorks(Invocation invocation) {
        assertFalse(invocation.failed(), () -> "failed: " + invocation.error());
        assertEquals("\"ok\"", new String(invocation.payload(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A deployment zip holding only {@link OrtProbe}. */
    private Path probeZip() throws Exception {
        String entry = OrtProbe.class.getName().replace('.', '/') + ".class";
        Path zip = directory.resolve("probe.zip");
        try (InputStream in = OrtProbe.class.getClassLoader().getResourceAsStream(entry);
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return zip;
    }

    /**
     * Starts ONNX Runtime from the layer as the predict function does (its native libraries from /opt/lib), then
     * answers "ok", dies with an Error on "error", or outlasts its timeout on "slow". Reflection, because the
     * layer's classes are the instance's, not this test's.
     */
    public static final class OrtProbe implements RequestStreamHandler {

        public OrtProbe() throws ReflectiveOperationException {
            Class.forName("dev.tradewind.model.OrtNatives").getMethod("configure").invoke(null);
            Class.forName("ai.onnxruntime.OrtEnvironment").getMethod("getEnvironment").invoke(null);
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            String request = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            if (request.equals("error")) {
                throw new StackOverflowError("simulated");
            }
            if (request.equals("slow")) {
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the pool gave up on it: the timeout
                }
            }
            output.write("\"ok\"".getBytes(StandardCharsets.UTF_8));
        }
    }
}
