package dev.tradewind.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A WebSocket client of the local runtime's WebSocket API, as a front end would hold one: the JDK's
 * {@link WebSocket}, every message it receives kept in order and checked against docs/asyncapi.yaml.
 */
final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final WebSocket socket;
    private final List<JsonNode> received;
    private final CompletableFuture<Integer> closed;
    private final BooleanSupplier serverAlive;

    private WsClient(String name, WebSocket socket, List<JsonNode> received, CompletableFuture<Integer> closed,
                     BooleanSupplier serverAlive) {
        this.name = name;
        this.socket = socket;
        this.received = received;
        this.closed = closed;
        this.serverAlive = serverAlive;
    }

    /** Connects, or throws {@link Refused} with the handshake's status. */
    static WsClient connect(String name, URI uri, BooleanSupplier serverAlive) throws Refused, InterruptedException {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    List<String> problems = RealtimeContract.load().checkMessage(text);
                    if (!problems.isEmpty()) {
                        closed.completeExceptionally(new AssertionError(
                                name + " received a message outside docs/asyncapi.yaml: " + problems));
                    }
                    try {
                        received.add(JSON.readTree(text));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        try {
            WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(uri, listener).get();
            return new WsClient(name, socket, received, closed, serverAlive);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                throw new Refused(handshake.getResponse().statusCode());
            }
            throw new AssertionError(name + ": could not connect to " + uri, e.getCause());
        }
    }

    /** A refused upgrade: the HTTP status the WebSocket API answered instead of 101. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status) {
            super("refused with " + status, null, false, false);
            this.status = status;
        }
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Sends an action and waits for its answer (the next {@code subscribed}, {@code unsubscribed}, pong or error). */
    JsonNode ask(String json) throws InterruptedException {
        int before = received.size();
        send(json);
        return await("an answer to " + json, message -> List.of("subscribed", "unsubscribed", "pong", "error")
                .contains(message.path("type").asText()), before);
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    JsonNode await(String what, Predicate<JsonNode> wanted) throws InterruptedException {
        return await(what, wanted, 0);
    }

    /**
     * The first message from index {@code from} on that is wanted, once it has arrived. Bounded by the runtime
     * staying alive and {@link PatientHttp#DEADLINE}, never by a short timeout: a busy machine only delays it.
     */
    private JsonNode await(String what, Predicate<JsonNode> wanted, int from) throws InterruptedException {
        long deadline = System.nanoTime() + PatientHttp.DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> now = received();
            for (int i = from; i < now.size(); i++) {
                if (wanted.test(now.get(i))) {
                    return now.get(i);
                }
            }
            if (closed.isDone()) {
                throw new AssertionError(name + " closed before " + what + ": " + closed.handle((c, e) ->
                        e != null ? e.toString() : "code " + c).join() + "; received " + now);
            }
            if (!serverAlive.getAsBoolean()) {
                throw new AssertionError("the runtime exited before " + name + " received " + what);
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " did not receive " + what + " within " + PatientHttp.DEADLINE + ": "
                + received());
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
        if (closed.isCompletedExceptionally() && closed.exceptionNow() instanceof AssertionError outside) {
            throw outside;
        }
    }
}
