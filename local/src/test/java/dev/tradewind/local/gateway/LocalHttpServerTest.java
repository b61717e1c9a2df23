package dev.tradewind.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over a real socket: malformed requests are answered in JSON, never by an HTML error page. */
class LocalHttpServerTest {

    private LocalHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = LocalHttpServer.start("127.0.0.1", 0);
        server.attach(request -> json(200, "{\"api\":\"" + request.path() + "\"}"),
                request -> json(200, "{\"admin\":true}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static GatewayResponse json(int status, String body) {
        return new GatewayResponse(status, Map.of("content-type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes, as a misbehaving client would; the status line and the body of the answer. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean takesConnections(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertJsonError(String response, int status) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(response.toLowerCase().contains("content-type: application/json"), response);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertTrue(body.startsWith("{\"message\":"), response);
        assertTrue(!body.contains("Exception") && !body.contains("<"), response);
    }

    @Test
    void query_badPercentEscape_returnsJson400() throws IOException {
        for (String target : List.of("/v1/assets?x=%zz", "/v1/assets?x=%", "/v1/assets?x=%4", "/_local/clock?by=%G1")) {
            assertJsonError(raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
        }
        String ok = raw("GET /v1/assets?x=%41+b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200 "), ok);
    }

    @Test
    void path_badPercentEscape_returnsJson400() throws IOException {
        assertJsonError(raw("GET /v1/assets/BTC%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
    }

    @Test
    void malformedRequestLines_returnJsonErrors() throws IOException {
        assertJsonError(raw("GE T /v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400);
        assertJsonError(raw("GET /v1/health HTTP/9.9\r\nHost: localhost\r\n\r\n"), 505);
        assertJsonError(raw("GET v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
        assertJsonError(raw("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n"), 400);
    }

    /** Ctrl-C while a function runs: its caller gets the answer the function's work is committed under. */
    @Test
    void close_whileARequestIsServed_answersItBeforeStopping() throws Exception {
        CountDownLatch serving = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        server.attach(request -> {
            serving.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json(201, "{\"registered\":true}");
        }, null);
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return raw("POST /v1/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
        assertTrue(serving.await(30, TimeUnit.SECONDS));
        int port = server.port();
        Thread stopping = Thread.ofPlatform().start(server::close);
        // The function ends only once the server is stopping: it no longer takes connections.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (takesConnections(port) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        finish.countDown();
        stopping.join(Duration.ofSeconds(30));

        String response = answer.get(30, TimeUnit.SECONDS);
        assertTrue(response.startsWith("HTTP/1.1 201 ") && response.endsWith("{\"registered\":true}"), response);
    }

    @Test
    void hugeHeaders_returnJson431() throws IOException {
        assertJsonError(raw("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(100_000)
                + "\r\n\r\n"), 431);
    }

    @Test
    void beforeAttach_everythingAnswers503Json() throws IOException {
        try (LocalHttpServer starting = LocalHttpServer.start("127.0.0.1", 0)) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), starting.port())) {
                socket.getOutputStream().write(("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertJsonError(response, 503);
            }
        }
    }

    /**
     * The admin routes were attached just after the listener started, so /_local/ready answered the gateway's
     * generic 503 for the first moments instead of NOT_READY; given at start they answer the first request.
     */
    @Test
    void adminGivenAtStart_answersLocalPathsBeforeTheApiIsAttached() throws IOException {
        try (LocalHttpServer starting = LocalHttpServer.start("127.0.0.1", 0,
                request -> json(503, "{\"error\":{\"code\":\"NOT_READY\"}}"))) {
            for (String path : List.of("/_local/ready", "/v1/health")) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), starting.port())) {
                    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(response.startsWith("HTTP/1.1 503 "), response);
                    assertEquals(path.startsWith("/_local/"), response.endsWith("{\"error\":{\"code\":\"NOT_READY\"}}"),
                            response);
                }
            }
        }
    }

    @Test
    void adminNotServed_localPathsGoToTheApi() throws IOException {
        server.attach(request -> json(404, "{\"message\":\"Not Found\"}"), null);
        assertJsonError(raw("POST /_local/clock/advance?by=PT1H HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0"
                + "\r\nConnection: close\r\n\r\n"), 404);
    }

    @Test
    void webSocketUpgrade_withoutAWebSocketApi_isTheApisLikeAnyRequest() throws IOException {
        String response = raw("GET " + LocalHttpServer.WEBSOCKET_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.endsWith("{\"api\":\"/ws\"}"), response);
    }

    @Test
    void start_portInUse_failsAtOnceWithBindException() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThrows(BindException.class, () -> LocalHttpServer.start("127.0.0.1", busy.getLocalPort()));
        }
    }
}
