package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.local.template.EventInvokeConfig;
import dev.tradewind.local.template.FunctionDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartBenchmarkTest {

    /** A handler whose first invocation answers at once and whose second takes two seconds. */
    public static final class SlowSecondInvocation implements RequestStreamHandler {
        private int calls;

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) {
            if (++calls == 2) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                out.write("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void probe_totalToFirstResponse_leavesOutTheSecondInvocation(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{}");
        FunctionDefinition function = new FunctionDefinition("Fake", SlowSecondInvocation.class.getName(), "java21",
                dir, List.of(), 512, 30, Map.of(), List.of(), List.of(), List.of(), EventInvokeConfig.DEFAULT,
                Map.of());

        double[] sample = ColdStartBenchmark.probe(function, Map.of(), System.getProperty("java.class.path"), event,
                true, List.of());

        // {jvmToMain, init, first, second, total, cpu}: the second invocation's two seconds come after the total.
        assertTrue(sample[4] < sample[3], "total to first response " + sample[4] + " ms holds the second invocation ("
                + sample[3] + " ms): " + Arrays.toString(sample));
    }
}
