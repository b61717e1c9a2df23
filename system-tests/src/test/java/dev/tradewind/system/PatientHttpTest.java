package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow answer from a live process is awaited however long it takes; a dead process or a hang fails. The server
 * answers only when the test releases it, and the test releases it only once the client has waited several probe
 * intervals: the ordering is by latches, so the test is as fast on an idle machine as it is correct on a busy one.
 */
class PatientHttpTest {

    private static final Duration PROBE = Duration.ofMillis(20);

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startServerThatAnswersWhenReleased() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_local/schedules/ingest/run", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private HttpRequest scheduleRun() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/_local/schedules/ingest/run")).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    @Test
    void send_slowOperationOfALiveProcess_isAwaitedPastManyProbeIntervals() throws Exception {
        CountDownLatch probedThreeTimes = new CountDownLatch(3);
        PatientHttp http = new PatientHttp(() -> {
            probedThreeTimes.countDown();
            return true;
        }, () -> "", PROBE, Duration.ofMinutes(5));

        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return http.send(scheduleRun());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        probedThreeTimes.await();
        release.countDown();

        HttpResponse<String> response = answer.get();
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"completed\"}", response.body());
    }

    @Test
    void send_processEndsBeforeAnswering_failsWithItsOutput() {
        AtomicInteger probes = new AtomicInteger();
        PatientHttp http = new PatientHttp(() -> probes.incrementAndGet() < 2, () -> "runtime output: killed",
                PROBE, Duration.ofMinutes(5));

        AssertionError error = assertThrows(AssertionError.class, () -> http.send(scheduleRun()));

        assertTrue(error.getMessage().contains("ended before answering"), error.getMessage());
        assertTrue(error.getMessage().contains("runtime output: killed"), error.getMessage());
    }

    @Test
    void send_liveProcessThatNeverAnswers_failsAtTheDeadline() {
        PatientHttp http = new PatientHttp(() -> true, () -> "", PROBE, PROBE.multipliedBy(3));

        AssertionError error = assertThrows(AssertionError.class, () -> http.send(scheduleRun()));

        assertTrue(error.getMessage().contains("so it hangs"), error.getMessage());
    }
}
