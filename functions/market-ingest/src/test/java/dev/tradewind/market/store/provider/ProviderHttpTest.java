package dev.tradewind.market.store.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.tradewind.market.FakeTicker;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.ProviderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ProviderHttp against a stand-in venue answering what real ones have been seen to answer. */
class ProviderHttpTest {

    private final FakeTicker ticker = new FakeTicker();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer venue;
    private volatile String retryAfter;
    /** Held back before the venue answers, until the test lets it. */
    private volatile CountDownLatch answer = new CountDownLatch(0);
    private final CountDownLatch received = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        venue = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        venue.createContext("/", exchange -> {
            requests.incrementAndGet();
            received.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
            exchange.sendResponseHeaders(418, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        venue.start();
    }

    @AfterEach
    void stop() {
        venue.stop(0);
    }

    private <T> T get(ProviderHttp http, RateGate gate) {
        return get(http, gate, () -> Duration.ofMinutes(10));
    }

    private <T> T get(ProviderHttp http, RateGate gate, Deadline deadline) {
        URI uri = URI.create("http://127.0.0.1:" + venue.getAddress().getPort() + "/api/v3/klines");
        return http.get(uri, gate, body -> null, (status, body) -> ProviderException.fatal(
                ProviderException.Reason.CLIENT_ERROR, "answered " + status), deadline, r -> { });
    }

    @Test
    void banUntilAnHttpDateCenturiesAway_failsAsBanned_andHoldsEveryLaterRequest() {
        // "Banned for good" as an HTTP date: more nanoseconds than a long holds.
        retryAfter = "Fri, 31 Dec 9999 23:59:59 GMT";
        ProviderHttp http = new ProviderHttp(ProviderHttp.newClient(ProviderHttp.Settings.defaults()),
                ProviderHttp.Settings.defaults(), ticker);
        RateGate gate = new RateGate("binance", 1, ticker);

        ProviderException first = assertThrows(ProviderException.class, () -> get(http, gate));
        ProviderException second = assertThrows(ProviderException.class, () -> get(http, gate));

        assertEquals(ProviderException.Reason.BANNED, first.reason());
        assertEquals(ProviderException.Reason.BANNED, second.reason());
        assertEquals(1, requests.get(), "no request goes to a venue that banned this client");
    }

    @Test
    void banAnsweredWhileAnotherRequestWaitsForItsSlot_holdsThatRequestToo() throws Exception {
        // Binance lengthens a ban for every request sent during it.
        retryAfter = "120";
        answer = new CountDownLatch(1);
        ProviderHttp http = new ProviderHttp(ProviderHttp.newClient(ProviderHttp.Settings.defaults()),
                ProviderHttp.Settings.defaults(), ticker);
        RateGate gate = new RateGate("binance", 1, ticker);
        Deadline aMinuteLeft = () -> Duration.ofMinutes(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Object> first = pool.submit(() -> get(http, gate, aMinuteLeft));
            received.await();
            AtomicReference<Thread> waiting = new AtomicReference<>();
            Future<Object> second = pool.submit(() -> {
                waiting.set(Thread.currentThread());
                return get(http, gate, aMinuteLeft);
            });
            // The second request queues for the one slot the first holds.
            while (waiting.get() == null || waiting.get().getState() != Thread.State.TIMED_WAITING
                    && waiting.get().getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            answer.countDown();

            assertEquals(ProviderException.Reason.BANNED, reasonOf(first));
            assertEquals(ProviderException.Reason.BANNED, reasonOf(second));
        }
        assertEquals(1, requests.get(), "no request goes to a venue that banned this client");
    }

    private static ProviderException.Reason reasonOf(Future<Object> call) {
        ExecutionException failed = assertThrows(ExecutionException.class, call::get);
        return ((ProviderException) failed.getCause()).reason();
    }
}
