package dev.tradewind.realtime.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A WebSocket connection as $connect registered it: whose it is (the authorizer's user; messages after $connect
 * carry no caller, so this is where every later message finds it), until when it is kept, and how many
 * subscriptions it holds.
 *
 * @param sessionId     the sign-in session the authorizer let in, which a private push checks is still active
 *                      (docs/realtime.md#fan-out); null on a connection stored before sessions were recorded
 * @param expiresAt     when the table's TTL removes it and its subscriptions, should $disconnect never come
 * @param subscriptions how many subscription items the connection has; every change to them changes it in the same
 *                      transaction, conditional on the count read, so concurrent messages cannot pass the limit
 */
public record Connection(String connectionId, String userId, String sessionId, Instant connectedAt,
                         Instant expiresAt, int subscriptions) {

    /** API Gateway closes a connection after 2 hours; the margin covers a $disconnect that runs late. */
    public static final Duration LIFETIME = Duration.ofHours(2).plusMinutes(5);
    /** The most subscriptions one connection holds (docs/asyncapi.yaml: 50). */
    public static final int MAX_SUBSCRIPTIONS = 50;

    public Connection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A connection opened at {@code now}, without subscriptions. */
    public static Connection opened(String connectionId, String userId, String sessionId, Instant now) {
        return new Connection(connectionId, userId, sessionId, now, now.plus(LIFETIME), 0);
    }

    public Connection withSubscriptions(int count) {
        return new Connection(connectionId, userId, sessionId, connectedAt, expiresAt, count);
    }
}
