package dev.tradewind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code CandlesClosed} event fanned out to 1,000 WebSocket subscribers, end to end on the local runtime: the
 * runtime as {@code ./tradewind start} runs it (its own JVM, the functions from their zips, DynamoDB Local), 1,000
 * connections of one signed-in trader through the WebSocket API, each subscribed to {@code candles:BTCUSDT:1h}, and
 * the sample event {@code events/realtime/candles-closed.json} invoked on {@code RealtimeFanOutFunction} through the
 * runtime's Lambda Invoke API (as the bus rule would). Measured per run: from the invocation to the last of the 1,000
 * messages arriving, and the Query calls the fan-out made (its answer's summary). The runtime lets the one trader
 * hold that many connections ({@code CONNECTIONS_PER_USER}, through an {@code --env-vars} file). Options:
 * {@code -Dbench.subscribers} (1,000), {@code -Dbench.runs} (9, after 3 warm-up runs).
 */
final class FanOutBenchmark implements Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "candles:BTCUSDT:1h";
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "fan-out";
    }

    @Override
    public String description() {
        return "One CandlesClosed event pushed to 1,000 WebSocket subscribers on the local runtime "
                + "(target: the last delivery ≤ 1 s after the invocation), and the DynamoDB reads per event";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int subscribers = Integer.getInteger("bench.subscribers", 1000);
        int runs = Integer.getInteger("bench.runs", 9);
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        byte[] event = Files.readAllBytes(context.root().resolve("events/realtime/candles-closed.json"));
        int port = BenchContext.freePort();
        Path log = context.workDirectory().resolve("fan-out-runtime.log");
        Path envVars = Files.writeString(context.workDirectory().resolve("fan-out-env.json"),
                "{\"RealtimeFunction\": {\"CONNECTIONS_PER_USER\": \"" + subscribers + "\"}}");
        Process runtime = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                context.root().resolve("local/target/tradewind-local.jar").toString(), "start-api", "--in-memory",
                "--replay-speed", "1", "--port", Integer.toString(port), "--env-vars", envVars.toString())
                .directory(context.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        try {
            awaitReady(runtime, log);
            String base = "http://127.0.0.1:" + port;
            String token = signUp(http, base);
            AtomicReference<CountDownLatch> pending = new AtomicReference<>(new CountDownLatch(subscribers));
            AtomicLong lastArrival = new AtomicLong();
            URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
            for (int i = 0; i < subscribers; i++) {
                sockets.add(subscribe(http, uri, pending, lastArrival));
            }

            List<double[]> samples = new ArrayList<>();
            for (int run = -3; run < runs; run++) {
                CountDownLatch latch = new CountDownLatch(subscribers);
                pending.set(latch);
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base
                                + "/2015-03-31/functions/RealtimeFanOutFunction/invocations"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(),
                        HttpResponse.BodyHandlers.ofString());
                double invoked = (System.nanoTime() - started) / 1e6;
                if (answer.statusCode() != 200 || answer.headers().firstValue("x-amz-function-error").isPresent()) {
                    throw new IllegalStateException("the fan-out failed: " + answer.statusCode() + " " + answer.body());
                }
                if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException(latch.getCount() + " subscribers got nothing: " + answer.body());
                }
                JsonNode summary = JSON.readTree(answer.body()).path("summary");
                if (run >= 0) {
                    samples.add(new double[] {(lastArrival.get() - started) / 1e6, invoked,
                        summary.path("reads").asDouble(), summary.path("delivered").asDouble()});
                }
            }
            return report(subscribers, samples, loadAverage);
        } finally {
            sockets.forEach(WebSocket::abort);
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
    }

    private static void awaitReady(Process runtime, Path log) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("Ready to trade on http://")) {
                return;
            }
            if (!runtime.isAlive()) {
                throw new IllegalStateException("the local runtime exited; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the local runtime was not ready within " + PATIENCE + "; see " + log);
    }

    private static String signUp(HttpClient http, String base) throws Exception {
        String account = "{\"email\":\"fan-out-" + ProcessHandle.current().pid()
                + "@example.com\",\"password\":\"correct horse battery staple\",\"displayName\":\"Bench\"}";
        HttpResponse<String> registered = post(http, base + "/v1/auth/register", account);
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("register: " + registered.statusCode() + " " + registered.body());
        }
        HttpResponse<String> login = post(http, base + "/v1/auth/login", account.replace(",\"displayName\":\"Bench\"",
                ""));
        return JSON.readTree(login.body()).get("accessToken").asText();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A connection subscribed to the channel: returns once the subscription is acknowledged. */
    private static WebSocket subscribe(HttpClient http, URI uri, AtomicReference<CountDownLatch> pending,
                                       AtomicLong lastArrival) throws Exception {
        CompletableFuture<String> acknowledged = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (!acknowledged.isDone()) {
                        acknowledged.complete(text);
                    } else if (text.contains("\"candle\"")) {
                        lastArrival.accumulateAndGet(System.nanoTime(), Math::max);
                        pending.get().countDown();
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get();
        socket.sendText("{\"action\":\"subscribe\",\"channels\":[\"" + CHANNEL + "\"]}", true).join();
        String answer = acknowledged.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (!answer.contains("\"subscribed\"")) {
            throw new IllegalStateException("subscribe answered " + answer);
        }
        return socket;
    }

    private static String report(int subscribers, List<double[]> samples, double loadAverage) {
        double lastDelivery = Medians.ofColumn(samples, 0);
        double worst = samples.stream().mapToDouble(s -> s[0]).max().orElseThrow();
        return String.format(Locale.ROOT, """
                | measure (median of %d runs, after 3 warm-up runs) | value |
                |---|---|
                | subscribers, each sent one message per event | %d (delivered per event: %.0f) |
                | invocation → last message received | **%.0f ms** (fastest %.0f ms, slowest %.0f ms) |
                | invocation → the fan-out's answer | %.0f ms |
                | DynamoDB reads per event | %.0f Query calls (one page of the `ByChannel` index per channel the event names; the sample names 3, and only `%s` has subscribers) |

                Target: the last delivery ≤ 1 s after the invocation: **%s** (median %.0f ms; slowest run %.0f ms).
                One run on this 2-core machine (load average %.1f at the start): the runtime's JVM holds the fan-out
                function, the Management API emulation, the WebSocket server and DynamoDB Local; the 1,000 clients
                are in the benchmark's JVM. `./tradewind bench fan-out`.
                """, samples.size(), subscribers, Medians.ofColumn(samples, 3), lastDelivery,
                samples.stream().mapToDouble(s -> s[0]).min().orElseThrow(), worst,
                Medians.ofColumn(samples, 1), Medians.ofColumn(samples, 2), CHANNEL,
                lastDelivery <= 1000 ? "met" : "missed", lastDelivery, worst, loadAverage);
    }
}
