package dev.tradewind.local.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection of {@link WebSocketApi}: what API Gateway knows of it (id, caller, authorizer context,
 * times) and its Jetty session. Its messages and its {@code $disconnect} run one at a time, in the order they came,
 * on the API's threads, so a slow function never holds a Jetty thread.
 */
public final class Connection implements Session.Listener.AutoDemanding {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** Characters per frame sent: at most 3 UTF-8 bytes each, so a frame stays within API Gateway's 32 KB. */
    private static final int FRAME_CHARS = 8 * 1024;

    private final WebSocketApi api;
    private final String id;
    private final Instant connectedAt;
    private final String sourceIp;
    private final String userAgent;
    private final String domainName;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final Object sending = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private boolean draining;
    private volatile ObjectNode authorizerContext;
    private volatile Session session;
    private volatile Instant lastActiveAt;
    private Future<?> expiry;

    Connection(WebSocketApi api, String id, Instant connectedAt, String sourceIp, String userAgent,
               String domainName) {
        this.api = api;
        this.id = id;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.domainName = domainName;
        this.lastActiveAt = connectedAt;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        api.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        lastActiveAt = Instant.now();
        enqueue(() -> api.message(this, message, false));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        lastActiveAt = Instant.now();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        enqueue(() -> api.message(this, Base64.getEncoder().encodeToString(bytes), true));
    }

    /** A failed read or write, a frame too large: Jetty closes the connection and {@link #onWebSocketClose} follows. */
    @Override
    public void onWebSocketError(Throwable cause) {
    }

    /** Jetty calls this once however the connection ended (either side, an error, the idle timeout). */
    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (closed.compareAndSet(false, true)) {
            enqueue(() -> {
                try {
                    api.disconnect(this, statusCode, reason);
                } finally {
                    disconnected.countDown();
                }
            });
        }
    }

    /**
     * Sends a text message in frames of at most 32 KB, as API Gateway splits what it sends (the server refuses
     * larger frames, so Jetty does not split them itself); false when the connection is closed or it was not sent.
     */
    public boolean send(String text) {
        Session current = session;
        if (current == null || closed.get() || !current.isOpen()) {
            return false;
        }
        synchronized (sending) {
            int from = 0;
            do {
                int to = Math.min(text.length(), from + FRAME_CHARS);
                if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                    to--;
                }
                Callback.Completable sent = new Callback.Completable();
                current.sendPartialText(text.substring(from, to), to == text.length(), sent);
                try {
                    sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                from = to;
            } while (from < text.length());
        }
        lastActiveAt = Instant.now();
        return true;
    }

    /** Closes the connection from the server's side; {@code $disconnect} follows. */
    public void close(int statusCode, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(statusCode, reason, Callback.NOOP);
        }
    }

    boolean awaitDisconnected(Duration timeout) {
        try {
            return disconnected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void enqueue(Runnable task) {
        synchronized (queue) {
            queue.addLast(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            api.dispatch().execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) { // the runtime is stopping
                queue.clear();
                draining = false;
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (queue) {
                task = queue.pollFirst();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                api.failed(this, e);
            }
        }
    }

    /** The close at the end of the connection's lifetime; replacing it (null once disconnected) cancels the last. */
    synchronized void expires(Future<?> close) {
        if (expiry != null) {
            expiry.cancel(false);
        }
        expiry = close;
    }

    void authorized(ObjectNode context) {
        this.authorizerContext = context;
    }

    ObjectNode authorizerContext() {
        return authorizerContext;
    }

    public String id() {
        return id;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public Instant lastActiveAt() {
        return lastActiveAt;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String userAgent() {
        return userAgent;
    }

    String domainName() {
        return domainName;
    }
}
