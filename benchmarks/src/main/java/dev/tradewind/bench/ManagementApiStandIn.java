package dev.tradewind.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The WebSocket API's Management API as the realtime fan-out calls it, on a loopback port of the benchmarks' JVM:
 * every {@code POST {stage}/@connections/{id}} is delivered (200, no body), as API Gateway answers a push to an open
 * connection. What the connection would receive is dropped: the benchmark measures the function, not the sockets.
 */
final class ManagementApiStandIn implements AutoCloseable {

    private static final String STAGE = "/live";
    private static final String CONNECTIONS = STAGE + "/@connections/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ManagementApiStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(CONNECTIONS, this::serve);
        server.setExecutor(executor);
        server.start();
    }

    /** What {@code WEBSOCKET_ENDPOINT} names: the API's stage. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + STAGE;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            boolean push = exchange.getRequestMethod().equals("POST")
                    && exchange.getRequestURI().getPath().length() > CONNECTIONS.length();
            if (!push) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "NotFoundException");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
