package dev.tradewind.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The local API endpoint: every request goes to the gateway emulation, except {@code /_local/...}, the local
 * runtime's own admin routes, which are not part of the deployed API, and WebSocket upgrades of
 * {@value #WEBSOCKET_PATH} once a {@link WebSocketEndpoint} is attached (until then, and for any other request of
 * that path, it is the API's like any other). It listens from the first moment of a start (so a port in use is
 * reported at once) and answers 503 until {@link #attach} hands it the routes. Whatever the
 * request, the answer is JSON: a request line, URI or header block that cannot be parsed gets API Gateway's
 * {@code {"message": "Bad Request"}} shape (431 for oversized headers), never an HTML page or an exception name.
 */
public final class LocalHttpServer implements AutoCloseable {

    public static final String ADMIN_PREFIX = "/_local/";
    /** Where the WebSocket API is served: the local stand-in for {@code wss://{api}.execute-api.../{stage}}. */
    public static final String WEBSOCKET_PATH = "/ws";
    /** API Gateway's WebSocket quotas: 128 KB per message and 32 KB per frame (more closes with 1009), 10 min idle. */
    private static final int MAX_WEBSOCKET_MESSAGE_BYTES = 128 * 1024;
    private static final int MAX_WEBSOCKET_FRAME_BYTES = 32 * 1024;
    private static final Duration WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** API Gateway's quota for a request's headers is 10 KB; 16 KiB leaves room and still refuses floods. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** How long a stop waits for the requests being served: within the 30 s the stop signal's hook waits for all. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Server server;
    private final ServerConnector connector;
    private volatile Function<GatewayRequest, GatewayResponse> api = LocalHttpServer::starting;
    private volatile Function<GatewayRequest, GatewayResponse> admin = LocalHttpServer::starting;
    private volatile WebSocketEndpoint webSocket;

    private LocalHttpServer(String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(256);
        threads.setName("http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        configuration.setRequestHeaderSize(MAX_HEADER_BYTES);
        // Encoded dots, slashes and NULs inside a segment are a path parameter's business: API Gateway hands them to
        // the function (decoded), which refuses them in its own error shape. Jetty's default would answer first.
        configuration.setUriCompliance(UriCompliance.UNSAFE);
        connector = new ServerConnector(server, new HttpConnectionFactory(configuration));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(256);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());
        ServerWebSocketContainer webSockets = ServerWebSocketContainer.ensure(server);
        webSockets.setIdleTimeout(WEBSOCKET_IDLE_TIMEOUT);
        webSockets.setMaxTextMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
        webSockets.setMaxBinaryMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
        webSockets.setMaxFrameSize(MAX_WEBSOCKET_FRAME_BYTES);
        // Refuse a larger frame, as API Gateway does, instead of splitting it.
        webSockets.setAutoFragment(false);
        webSockets.addMapping(WEBSOCKET_PATH, this::upgrade);
        WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler(webSockets) {
            @Override
            protected boolean handle(ServerWebSocketContainer container, Request request, Response response,
                                     Callback callback) {
                return webSocket != null && super.handle(container, request, response, callback);
            }
        };
        upgrades.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                send(response, callback, serve(request), request.getMethod().equals("HEAD"));
                return true;
            }
        });
        // On a stop, connections close to new requests and those being served finish first (as long as the stop
        // timeout allows): a function already running commits its work, so its caller must get the answer.
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(upgrades);
        server.setHandler(graceful);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
    }

    /** Listens on {@code host:port} now; requests are answered 503 until {@link #attach}. */
    public static LocalHttpServer start(String host, int port) throws IOException {
        return start(host, port, null);
    }

    /**
     * Listens on {@code host:port} now with the admin routes already in place, so {@code /_local/ready} answers from
     * the first connection; other requests are answered 503 until {@link #attach}.
     *
     * @param admin the admin routes, or null when they are not served
     */
    public static LocalHttpServer start(String host, int port, Function<GatewayRequest, GatewayResponse> admin)
            throws IOException {
        LocalHttpServer http = new LocalHttpServer(host, port);
        if (admin != null) {
            http.admin = admin;
        }
        try {
            http.server.start();
        } catch (Exception e) {
            http.close();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind) {
                    throw bind;
                }
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return http;
    }

    /** @param admin the admin routes, or null when they are not served (then {@code /_local/...} is the API's 404) */
    public void attach(Function<GatewayRequest, GatewayResponse> api, Function<GatewayRequest, GatewayResponse> admin) {
        this.admin = admin != null ? admin : api;
        this.api = api;
    }

    /** Serves WebSocket upgrades of {@value #WEBSOCKET_PATH} from now on. */
    public void attachWebSocket(WebSocketEndpoint endpoint) {
        this.webSocket = endpoint;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private GatewayResponse serve(Request request) throws IOException {
        if (!isWellFormed(request)) {
            return GatewayResponse.gatewayError(400, "Bad Request");
        }
        byte[] body = readBody(Request.asInputStream(request));
        if (body == null) {
            return GatewayResponse.gatewayError(413, "Request Entity Too Large");
        }
        GatewayRequest gatewayRequest = gatewayRequest(request, body);
        return (gatewayRequest.path().startsWith(ADMIN_PREFIX) ? admin : api).apply(gatewayRequest);
    }

    /**
     * A WebSocket upgrade: the endpoint decides while the request waits (it runs the authorizer and the
     * {@code $connect} route); a refusal is a real HTTP error response, which a client sees as a failed handshake.
     */
    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        WebSocketEndpoint.Upgrade upgrade = isWellFormed(request)
                ? webSocket.upgrade(gatewayRequest(request, new byte[0]))
                : WebSocketEndpoint.Upgrade.refused(GatewayResponse.gatewayError(400, "Bad Request"));
        if (upgrade.refusal() != null) {
            send(response, callback, upgrade.refusal(), false);
            return null;
        }
        return upgrade.listener();
    }

    private static boolean isWellFormed(Request request) {
        String path = request.getHttpURI().getPath();
        return path != null && path.startsWith("/") && QueryStrings.isWellFormed(path)
                && QueryStrings.isWellFormed(request.getHttpURI().getQuery());
    }

    private static GatewayRequest gatewayRequest(Request request, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return new GatewayRequest(request.getMethod().toUpperCase(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), headers, body, remoteAddress(request),
                request.getConnectionMetaData().getProtocol());
    }

    private static String remoteAddress(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : Request.getRemoteAddr(request);
    }

    private static void send(Response response, Callback callback, GatewayResponse answer, boolean head) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        answer.headers().forEach(headers::put);
        boolean noBody = answer.body().length == 0 || head;
        headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, noBody ? null : ByteBuffer.wrap(answer.body()), callback);
    }

    /** The body, or null when it exceeds API Gateway's 10 MB payload limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static GatewayResponse starting(GatewayRequest request) {
        return GatewayResponse.gatewayError(503, "Service Unavailable");
    }

    /** Jetty's own answers (malformed requests, oversized headers) in the gateway's JSON shape. */
    private static final class JsonErrors extends ErrorHandler {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            send(response, callback, GatewayResponse.gatewayError(response.getStatus(),
                    HttpStatus.getMessage(response.getStatus())), false);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(GatewayResponse.gatewayError(status, HttpStatus.getMessage(status)).body());
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
