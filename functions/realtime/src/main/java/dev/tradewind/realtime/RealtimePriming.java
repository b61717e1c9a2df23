package dev.tradewind.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.realtime.api.Answer;
import dev.tradewind.realtime.api.ChannelAction;
import dev.tradewind.realtime.domain.Channel;
import dev.tradewind.realtime.domain.Connection;
import dev.tradewind.realtime.service.FanOutConfig;
import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.realtime.store.ManagementApiPusher;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the realtime functions, through the shared {@link Priming}.
 *
 * <p>realtime: every WebSocket sample event of events/realtime through the real handler, on connection
 * {@link Priming#MARKER} as {@link Priming#USER_ID}, which no real connection or user can be, with writes kept in
 * memory for the run ({@link Priming.Builder#inMemoryWrites()}), so each route runs its success path: $connect opens
 * the connection, subscribe reads its channels in the catalog and subscribes them, unsubscribe leaves one, ping is
 * answered pong, $default is refused (400) and $disconnect deletes the connection with its subscriptions. Then the
 * answers' JSON shapes and a GetItem per table.
 *
 * <p>realtime-fanout: every bus sample event through a copy of the handler whose pushes send nothing, since the
 * channels of sample events may have real subscribers: their subscribers are read, their messages built, and nobody
 * gets them. The private events (order filled, order ended, cooldown started) are made the priming caller's, each
 * with a connection of {@link Priming#USER_ID} subscribed to its {@code me} channel in the run's in-memory store, so
 * their push reads that connection's session (BatchGetItem), checks the sign-in (a GetItem of the users table;
 * session {@link Priming#MARKER} is none), withholds the messages and forgets the connection, all in the store.
 * Then one PostToConnection through the real client to connection {@link Priming#MARKER}, which no connection is
 * (its Management API answers 410, or 400 for the id), so the client, its signing and its HTTP path are loaded too;
 * one EMF metric serialized into nothing (a rehearsed event reports none); a GetItem of the table; and the same two
 * reads on the table: the sessions of connection {@link Priming#MARKER} and the session check. After a restore the
 * client is closed and the next push builds a new one: the snapshot's connections are dead.
 */
final class RealtimePriming {

    static final List<String> WEBSOCKET_EVENTS = List.of("connect.json", "subscribe.json", "unsubscribe.json",
            "ping.json", "default.json", "disconnect.json");
    static final List<String> BUS_EVENTS = List.of("candles-closed.json", "forecasts-computed.json",
            "order-filled.json", "order-ended.json", "cooldown-started.json");
    /** The priming's step through the read of the connections' sessions a private push makes. */
    static final String CONNECTION_SESSIONS = "Connection sessions";
    /** The priming's step through the session check a private push makes. */
    static final String SESSION_CHECK = "Session check";
    /**
     * The priming's step after the bus events that looks for the connection the private ones reached: 404 once their
     * pushes forgot it, as they forget a connection whose sign-in session has ended.
     */
    static final String PRIVATE_SUBSCRIBER = "Private subscriber";
    /** That connection: an id API Gateway never gives (its ids are 16 characters of base64). */
    static final String PRIVATE_SUBSCRIBER_CONNECTION = Priming.MARKER + "-subscriber";
    /** The priming's step through the real Management API client. */
    static final String POST_TO_CONNECTION = "PostToConnection";

    private RealtimePriming() {
    }

    static Priming forConnections(RealtimeHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("realtime").inMemoryWrites();
        for (String event : WEBSOCKET_EVENTS) {
            priming.request(handler, event, event, RealtimePriming::asPrimingConnection);
        }
        return priming.json(List.of(Answer.class, Answer.Channels.class, Answer.ErrorMessage.class),
                        List.of(ChannelAction.class))
                .tableReads(dynamo, env, "REALTIME_TABLE", "MARKET_TABLE")
                .build();
    }

    static Priming forFanOut(FanOutHandler handler, ManagementApiPusher pusher, DynamoDbClient dynamo,
                             Environment env) {
        FanOutHandler rehearsal = handler.withPusher((connectionId, message) -> Pusher.Result.DELIVERED);
        Priming.Builder priming = Priming.builder("realtime-fanout").inMemoryWrites();
        for (String event : BUS_EVENTS) {
            priming.invocation(rehearsal, event, 500, busEvent -> asPrimingCallersEvent(busEvent, dynamo, env));
        }
        priming.step(PRIVATE_SUBSCRIBER,
                () -> connections(dynamo, env).find(PRIVATE_SUBSCRIBER_CONNECTION).isPresent() ? 200 : 404);
        return priming.step(POST_TO_CONNECTION, () -> status(pusher.push(Priming.MARKER, "{}")))
                .metrics(FanOutConfig.from(env).metricsNamespace())
                .tableReads(dynamo, env, "REALTIME_TABLE")
                .step(CONNECTION_SESSIONS,
                        () -> connections(dynamo, env).sessions(List.of(Priming.MARKER)).isEmpty() ? 404 : 200)
                .step(SESSION_CHECK, () -> new DynamoActiveSessions(dynamo, env.require("USERS_TABLE"))
                        .isActive(Priming.USER_ID, Priming.MARKER, env.clock().instant()) ? 200 : 404)
                .afterRestore(pusher::forgetClient)
                .build();
    }

    /**
     * A private bus event (it names its user) made the priming caller's, with a connection of {@link Priming#USER_ID}
     * subscribed to its {@code me} channel in the run's store, signed in as session {@link Priming#MARKER} (which no
     * sign-in session is): the push reads the connection's session, checks the sign-in, withholds the messages and
     * forgets the connection, so the next private event gets one of its own. A public event is left as it is.
     */
    private static void asPrimingCallersEvent(ObjectNode event, DynamoDbClient dynamo, Environment env) {
        if (event.path("detail") instanceof ObjectNode detail && detail.has("userId")) {
            detail.put("userId", Priming.USER_ID);
            Connection connection = Connection.opened(PRIVATE_SUBSCRIBER_CONNECTION, Priming.USER_ID, Priming.MARKER,
                    env.clock().instant());
            ConnectionRepository connections = connections(dynamo, env);
            connections.put(connection);
            connections.subscribe(connection, List.of(new Channel.Me()));
        }
    }

    /** The fan-out's connections on the handler's own client, built when a step runs, not at init. */
    private static ConnectionRepository connections(DynamoDbClient dynamo, Environment env) {
        return new ConnectionRepository(DynamoDbClients.enhanced(dynamo), env.require("REALTIME_TABLE"));
    }

    /** The connection and the caller of a primed request: ones no real connection or user can be. */
    private static void asPrimingConnection(ObjectNode event) {
        ObjectNode context = (ObjectNode) event.path("requestContext");
        context.put("connectionId", Priming.MARKER);
        if (context.path("authorizer") instanceof ObjectNode authorizer) {
            authorizer.put("principalId", Priming.USER_ID);
            authorizer.put("userId", Priming.USER_ID);
            authorizer.remove("sessionId");
        }
    }

    /** The Management API's answer as an HTTP status, for the priming report. */
    private static int status(Pusher.Result result) {
        return switch (result.outcome()) {
            case DELIVERED -> 200;
            case GONE -> 410;
            case THROTTLED -> 429;
            case FAILED -> 502;
        };
    }
}
