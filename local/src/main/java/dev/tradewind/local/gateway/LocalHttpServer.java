package dev.tradewind.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The local API endpoint: every request goes to the gateway emulation, except {@code /_local/...}, the local
 * runtime's own admin routes (replay clock, schedules), which are not part of the deployed API.
 */
public final class LocalHttpServer implements AutoCloseable {

    public static final String ADMIN_PREFIX = "/_local/";
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public LocalHttpServer(String host, int port, HttpApiGateway gateway,
                           Function<GatewayRequest, GatewayResponse> admin) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 256);
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, gateway::handle, admin));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Function<GatewayRequest, GatewayResponse> gateway,
                              Function<GatewayRequest, GatewayResponse> admin) throws IOException {
        try (exchange) {
            GatewayResponse response;
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                response = GatewayResponse.gatewayError(413, "Request Entity Too Large");
            } else {
                Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
                GatewayRequest request = new GatewayRequest(exchange.getRequestMethod().toUpperCase(),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, body,
                        exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol());
                response = request.path().startsWith(ADMIN_PREFIX) ? admin.apply(request) : gateway.apply(request);
            }
            response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            boolean noBody = response.body().length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    /** The body, or null when it exceeds API Gateway's 10 MB payload limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
