package dev.tradewind.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
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
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The local API endpoint: every request goes to the gateway emulation, except {@code /_local/...}, the local
 * runtime's own admin routes, which are not part of the deployed API. It listens from the first moment of a start
 * (so a port in use is reported at once) and answers 503 until {@link #attach} hands it the routes. Whatever the
 * request, the answer is JSON: a request line, URI or header block that cannot be parsed gets API Gateway's
 * {@code {"message": "Bad Request"}} shape (431 for oversized headers), never an HTML page or an exception name.
 */
public final class LocalHttpServer implements AutoCloseable {

    public static final String ADMIN_PREFIX = "/_local/";
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** API Gateway's quota for a request's headers is 10 KB; 16 KiB leaves room and still refuses floods. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private volatile Function<GatewayRequest, GatewayResponse> api = LocalHttpServer::starting;
    private volatile Function<GatewayRequest, GatewayResponse> admin = LocalHttpServer::starting;

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
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                send(response, callback, serve(request), request.getMethod().equals("HEAD"));
                return true;
            }
        });
    }

    /** Listens on {@code host:port} now; requests are answered 503 until {@link #attach}. */
    public static LocalHttpServer start(String host, int port) throws IOException {
        LocalHttpServer http = new LocalHttpServer(host, port);
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

    /** Serves the admin routes before the API is attached (for {@code /_local/ready} while starting). */
    public void attachAdmin(Function<GatewayRequest, GatewayResponse> admin) {
        this.admin = admin;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private GatewayResponse serve(Request request) throws IOException {
        String path = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        if (path == null || !path.startsWith("/") || !QueryStrings.isWellFormed(path)
                || !QueryStrings.isWellFormed(query)) {
            return GatewayResponse.gatewayError(400, "Bad Request");
        }
        byte[] body = readBody(Request.asInputStream(request));
        if (body == null) {
            return GatewayResponse.gatewayError(413, "Request Entity Too Large");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        GatewayRequest gatewayRequest = new GatewayRequest(request.getMethod().toUpperCase(), path, query, headers,
                body, remoteAddress(request), request.getConnectionMetaData().getProtocol());
        return (path.startsWith(ADMIN_PREFIX) ? admin : api).apply(gatewayRequest);
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
