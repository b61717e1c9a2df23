package dev.tradewind.system;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Requests to a process under test that wait as long as that process lives. A fixed request timeout is a guess at
 * how slow a legitimate operation may be, and on a busy machine a synchronous schedule run (a 60-day backfill) beat
 * the guess of 30 s. Here the wait ends when the answer comes, when the process has died (checked every
 * {@link #PROBE_INTERVAL}), or after {@link #DEADLINE}, long enough that only a hang reaches it.
 */
final class PatientHttp {

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** The longest any wait of the system tests may take: start-up, a request, a schedule run. */
    static final Duration DEADLINE = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private final BooleanSupplier alive;
    private final Supplier<String> diagnostics;
    private final Duration probeInterval;
    private final Duration deadline;

    /**
     * @param alive       whether the process that answers is still running
     * @param diagnostics what to show when it is not (its output)
     */
    PatientHttp(BooleanSupplier alive, Supplier<String> diagnostics, Duration probeInterval, Duration deadline) {
        this.alive = alive;
        this.diagnostics = diagnostics;
        this.probeInterval = probeInterval;
        this.deadline = deadline;
    }

    PatientHttp(BooleanSupplier alive, Supplier<String> diagnostics) {
        this(alive, diagnostics, PROBE_INTERVAL, DEADLINE);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofString());
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                return pending.get(probeInterval.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!alive.getAsBoolean()) {
                    pending.cancel(true);
                    throw new AssertionError(request.method() + " " + request.uri()
                            + ": the process under test ended before answering:\n" + diagnostics.get());
                }
                if (System.nanoTime() - end > 0) {
                    pending.cancel(true);
                    throw new AssertionError(request.method() + " " + request.uri() + ": no answer within " + deadline
                            + " from a process that is still running, so it hangs:\n" + diagnostics.get());
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
