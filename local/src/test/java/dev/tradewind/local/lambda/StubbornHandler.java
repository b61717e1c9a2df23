package dev.tradewind.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A function for {@link FunctionPoolTest}, loaded from a zip in an instance's own class loader: an event saying
 * "hold" runs, deaf to interrupts, until the system property {@link #RELEASE} is set; any other answers at once. It
 * counts its invocations running at once in system properties, which both class loaders see.
 */
public final class StubbornHandler implements RequestStreamHandler {

    static final String RUNNING = "stubborn.running";
    static final String MOST_RUNNING = "stubborn.mostRunning";
    static final String RELEASE = "stubborn.release";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        boolean hold = new String(input.readAllBytes(), StandardCharsets.UTF_8).contains("hold");
        synchronized (System.class) {
            int running = Integer.getInteger(RUNNING, 0) + 1;
            System.setProperty(RUNNING, Integer.toString(running));
            System.setProperty(MOST_RUNNING, Integer.toString(Math.max(running, Integer.getInteger(MOST_RUNNING, 0))));
        }
        try {
            while (hold && System.getProperty(RELEASE) == null) {
                Thread.interrupted();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        } finally {
            synchronized (System.class) {
                System.setProperty(RUNNING, Integer.toString(Integer.getInteger(RUNNING) - 1));
            }
        }
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
}
