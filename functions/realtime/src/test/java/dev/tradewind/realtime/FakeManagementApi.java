package dev.tradewind.realtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket API's Management API as the fan-out sees it, on a local port: {@code POST /live/@connections/{id}}
 * is recorded and answered 200; a gone connection answers 410 {@code GoneException}, a throttled one 429
 * {@code LimitExceededException} as many times as told, each with the error type in {@code x-amzn-ErrorType}, as
 * API Gateway (and the local runtime) answer; {@code DELETE} (DeleteConnection) is recorded and answered 204.
 */
final class FakeManagementApi implements AutoCloseable {

    private static final String CONNECTIONS = "/live/@connections/";

    /** One POST, delivered or not. */
    record Post(String connectionId, String body, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Post> posts = new ArrayList<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();

    FakeManagementApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(CONNECTIONS, this::serve);
        server.setExecutor(executor);
        server.start();
    }

    /** What {@code WEBSOCKET_ENDPOINT} names: the API's stage. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/live");
    }

    void gone(String connectionId) {
        gone.add(connectionId);
    }

    /** The next {@code times} posts to the connection are throttled. */
    void throttle(String connectionId, int times) {
        throttles.put(connectionId, new AtomicInteger(times));
    }

    synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The bodies delivered (200) to one connection, in the order they arrived. */
    synchronized List<String> delivered(String connectionId) {
        return posts.stream().filter(p -> p.connectionId().equals(connectionId) && p.status() == 200)
                .map(Post::body).toList();
    }

    /** The connections closed with DELETE (DeleteConnection). */
    Set<String> closed() {
        return Set.copyOf(closed);
    }

    synchronized void clear() {
        posts.clear();
        gone.clear();
        closed.clear();
        throttles.clear();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring(CONNECTIONS.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("DELETE")) {
                closed.add(id);
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 404, "NotFoundException");
                return;
            }
            AtomicInteger throttled = throttles.get(id);
            int status = gone.contains(id) ? 410 : throttled != null && throttled.getAndDecrement() > 0 ? 429 : 200;
            synchronized (this) {
                posts.add(new Post(id, body, status));
            }
            switch (status) {
                case 410 -> answer(exchange, 410, "GoneException");
                case 429 -> answer(exchange, 429, "LimitExceededException");
                default -> {
                    exchange.sendResponseHeaders(200, -1);
                }
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String type) throws IOException {
        byte[] body = ("{\"message\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
