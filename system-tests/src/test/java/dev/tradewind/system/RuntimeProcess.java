package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.ScheduleDefinition;
import dev.tradewind.testing.Repository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runtime started as README.md's Quick start command starts it: its jar with the same arguments, in a JVM of
 * its own, from the root (with the JIT and collector settings of {@link #JVM_OPTIONS}).
 */
final class RuntimeProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern DYNAMODB = Pattern.compile("dynamodb\\s+(http://\\S+)");

    private static final Pattern LISTENING = Pattern.compile("API listening on http://\\S+:(\\d+)");

    /**
     * The JVM's compiler and collector for a runtime that lives seconds to minutes on a small machine: C1 only and the
     * serial collector made its start to ready ~20 % faster and ~30 % cheaper in CPU than the defaults (2 cores,
     * 2026-12-07, docs/development.md#test-time), as C2's compilations do not pay back within a test. The jar, its
     * arguments and what the runtime does are README.md's; {@code ./tradewind start} keeps the defaults for long
     * sessions.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    /** Set once the runtime has said where it listens. */
    private volatile int port;
    private final PatientHttp http;

    private RuntimeProcess(Process process) {
        this.process = process;
        this.http = new PatientHttp(process::isAlive, () -> String.join("\n", output));
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // The process ended; what it printed is already collected.
            }
        });
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", Repository.path("local/target/tradewind-local.jar").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The line the runtime prints once market data has caught up with the clock and every function is healthy. */
    static final String READY_LINE = "Ready to trade on http://";

    /** Starts the runtime and waits for its ready line, as README.md's "Try it" says to. */
    static RuntimeProcess startApi(Path dataDirectory, String... extra) throws Exception {
        RuntimeProcess runtime = launch(dataDirectory, extra);
        // The first start ingests 60 days of bars before it is ready; a loaded machine needs minutes for that.
        runtime.awaitLine(READY_LINE, PatientHttp.DEADLINE);
        return runtime;
    }

    /**
     * Starts the runtime on a port it picks (test classes run side by side: a port found free here could be taken
     * before the runtime binds it) and returns once it listens, before it is ready.
     */
    static RuntimeProcess launch(Path dataDirectory, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("start-api", "--port", "0", "--data-dir", dataDirectory.toString()));
        args.addAll(List.of(extra));
        Process process = new ProcessBuilder(command(args.toArray(String[]::new)))
                .directory(Repository.root().toFile()).redirectErrorStream(true).start();
        RuntimeProcess runtime = new RuntimeProcess(process);
        runtime.awaitLine("API listening on", PatientHttp.DEADLINE);
        runtime.port = runtime.output.stream().map(LISTENING::matcher).filter(Matcher::find)
                .mapToInt(matcher -> Integer.parseInt(matcher.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError("no port in the runtime's output:\n"
                        + String.join("\n", runtime.output)));
        return runtime;
    }

    void awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output.stream().anyMatch(line -> line.contains(text))) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("runtime exited with " + process.exitValue() + ":\n" + String.join("\n", output));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line containing '" + text + "' within " + timeout + ":\n" + String.join("\n", output));
    }

    boolean alive() {
        return process.isAlive();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    URI dynamoDbEndpoint() {
        for (String line : output) {
            Matcher matcher = DYNAMODB.matcher(line);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
        }
        throw new AssertionError("the runtime did not print its DynamoDB endpoint");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        // No request timeout: the wait is bounded by the process being alive (see PatientHttp).
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = http.send(request.build());
        if (OpenApiContract.load().operation(method, path).isPresent()) {
            // Every answer a system test receives is one docs/openapi.yaml allows.
            List<String> problems = OpenApiContract.load().checkAnswer(method, path, response.statusCode(),
                    response.headers().firstValue("content-type").orElse(null), response.body());
            if (!problems.isEmpty()) {
                throw new AssertionError("answer outside docs/openapi.yaml: " + problems + "\n" + response.body());
            }
        }
        return response;
    }

    /**
     * Runs a schedule now and waits for the run to finish, however long it takes. When the runtime's own scheduler
     * is running it already (moving the clock makes an overdue schedule fire), the answer is 409: asks again once
     * that run has ended.
     */
    HttpResponse<String> runSchedule(String name) throws Exception {
        long deadline = System.nanoTime() + PatientHttp.DEADLINE.toNanos();
        HttpResponse<String> response = send("POST", "/_local/schedules/" + name + "/run", null);
        while (response.statusCode() == 409 && System.nanoTime() - deadline < 0) {
            Thread.sleep(250);
            response = send("POST", "/_local/schedules/" + name + "/run", null);
        }
        return response;
    }

    /**
     * Runs every market-ingestion schedule of template.yaml now, each to its end, then waits until the event bus has
     * delivered what the runs published: the forecasts the predict function computes on their candles, the pushes.
     */
    void ingest() throws Exception {
        List<String> schedules = new ArrayList<>();
        for (FunctionDefinition function : SamTemplate.load(Repository.template()).functions()) {
            if (function.handlerClass().startsWith("dev.tradewind.market.")) {
                function.schedules().stream().map(ScheduleDefinition::name).forEach(schedules::add);
            }
        }
        if (schedules.isEmpty()) {
            throw new AssertionError("template.yaml schedules no market ingestion");
        }
        for (String schedule : schedules) {
            HttpResponse<String> ran = runSchedule(schedule);
            assertEquals(200, ran.statusCode(), schedule + " -> " + ran.body());
        }
        awaitBusIdle();
    }

    /** Waits until the local event bus has nothing in flight ({@code GET /_local/events}); none may have failed. */
    void awaitBusIdle() throws Exception {
        long deadline = System.nanoTime() + PatientHttp.DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode events = JSON.readTree(get("/_local/events").body());
            if (events.get("pending").asInt() == 0) {
                assertEquals(0, events.get("failed").asInt(), events.toString());
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the event bus still had deliveries pending after " + PatientHttp.DEADLINE);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    /**
     * A request with the bearer {@code token} (and a JSON content type when it has a body and no headers are given)
     * that must answer {@code expected}; its body as JSON, or null when empty.
     */
    JsonNode call(String token, String method, String path, String body, int expected, String... headers)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        if (body != null && headers.length == 0) {
            all.addAll(List.of("Content-Type", "application/json"));
        }
        all.addAll(List.of(headers));
        HttpResponse<String> response = send(method, path, body, all.toArray(String[]::new));
        assertEquals(expected, response.statusCode(), method + " " + path + " -> " + response.body());
        return response.body() == null || response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
