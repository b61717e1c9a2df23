package dev.tradewind.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.ScheduleDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the runtime does before the held replay clock starts: every function's public health route must answer 200
 * (the predict function's says whether its models loaded), and every schedule runs once at the held instant until
 * its run reports it caught up, so market data reaches the clock before time moves on. A run that the deadline
 * interrupted runs again at once (it resumes from its saved watermarks); a failed one is retried with back-off.
 */
final class CatchUp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RUNS = 6;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final Readiness readiness;

    CatchUp(Readiness readiness) {
        this.readiness = readiness;
    }

    /** The public {@code GET /v1/health/...} routes, one per function that has one. */
    static List<HttpRoute> healthRoutes(List<HttpRoute> routes) {
        return routes.stream().filter(r -> !r.authorized() && r.method().equals("GET")
                && r.path().startsWith("/v1/health/") && !r.path().contains("{")).toList();
    }

    static String item(HttpRoute healthRoute) {
        return healthRoute.functionLogicalId();
    }

    /** Calls every health route through the gateway at once; each that does not answer 200 stays pending. */
    void checkHealth(List<HttpRoute> healthRoutes, Function<GatewayRequest, GatewayResponse> gateway) {
        healthRoutes.forEach(route -> readiness.pending(item(route), "starting"));
        forEachConcurrently(healthRoutes, route -> {
            GatewayResponse response = gateway.apply(new GatewayRequest("GET", route.path(), null,
                    Map.of("host", List.of("localhost")), new byte[0], "127.0.0.1", "HTTP/1.1"));
            if (response.status() == 200) {
                readiness.done(item(route));
            } else {
                readiness.pending(item(route), "GET " + route.path() + " answered " + response.status() + ": "
                        + abbreviate(response.bodyText()));
            }
        });
    }

    /** Runs every schedule at once, each until it reports caught up or its runs are used up. */
    void runSchedules(List<ScheduleDefinition> schedules, Predicate<String> runAndWait) {
        schedules.forEach(s -> readiness.pending(s.name(), "waiting for its first run"));
        forEachConcurrently(schedules, schedule -> {
            Duration backoff = FIRST_BACKOFF;
            int runs = 0;
            while (runs < MAX_RUNS) {
                if (!runAndWait.test(schedule.name())) {
                    sleep(Duration.ofMillis(200)); // a run asked for through the admin route; its outcome counts
                    if (!readiness.pending().containsKey(schedule.name())) {
                        return;
                    }
                    continue;
                }
                runs++;
                String reason = readiness.pending().get(schedule.name());
                if (reason == null || reason.startsWith(STALE)) {
                    return; // caught up, or a run at the same instant would find the same history
                }
                if (!reason.startsWith(INTERRUPTED)) {
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
        });
    }

    /** Records a run of {@code schedule}, from the catch-up or the scheduler; true when it made the runtime ready. */
    boolean record(ScheduleDefinition schedule, Invocation invocation) {
        Optional<String> behind = notCaughtUp(invocation);
        if (behind.isEmpty()) {
            return readiness.done(schedule.name());
        }
        readiness.pending(schedule.name(), behind.get());
        return false;
    }

    static final String INTERRUPTED = "interrupted";
    static final String STALE = "stale";

    /**
     * Why a run did not catch its data up, or empty when it did. An ingestion run answers its summary: status
     * {@code interrupted} (the deadline stopped it), {@code partial} (some series failed), and how many instruments
     * are still stale at the clock; other functions' answers only need to be successes.
     */
    static Optional<String> notCaughtUp(Invocation invocation) {
        if (invocation.failed()) {
            return Optional.of("failed: " + invocation.error().errorType() + ": "
                    + abbreviate(invocation.error().errorMessage()));
        }
        JsonNode result;
        try {
            result = JSON.readTree(invocation.payload());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (result == null || !result.isObject()) {
            return Optional.empty();
        }
        String status = result.path("status").asText("");
        if (status.equals("interrupted")) {
            return Optional.of(INTERRUPTED + " by its deadline with " + result.path("deferred").asInt()
                    + " series left; runs again from where it stopped");
        }
        if (status.equals("partial")) {
            List<String> failures = new ArrayList<>();
            result.path("failures").forEach(f -> failures.add(f.path("symbol").asText() + " "
                    + f.path("reason").asText() + ": " + f.path("message").asText()));
            return Optional.of("failed series: " + abbreviate(String.join("; ", failures)));
        }
        int stale = result.path("staleInstruments").asInt(0);
        if (stale > 0) {
            return Optional.of(STALE + ": " + stale + " instruments have no recent bar at " + result.path("now").asText()
                    + " (the bundled history may not reach the replay clock)");
        }
        return Optional.empty();
    }

    private static <T> void forEachConcurrently(List<T> items, Consumer<T> action) {
        // Platform threads: function init loads classes, which pins a virtual thread to one of few carriers.
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            List<Future<?>> futures = items.stream().<Future<?>>map(item -> pool.submit(() -> action.accept(item)))
                    .toList();
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("catch-up step failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text) {
        String line = text == null ? "" : text.replace('\n', ' ');
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}
