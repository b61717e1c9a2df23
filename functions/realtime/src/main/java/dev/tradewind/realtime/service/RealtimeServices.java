package dev.tradewind.realtime.service;

import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.InstrumentRepository;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The realtime functions' services, wired once at init: the WebSocket routes' and the fan-out's. */
public record RealtimeServices(ConnectionService connections) {

    /** @param wallClock the real time, which connections open and end in ({@code Environment.wallClock}) */
    public static RealtimeServices create(RealtimeConfig config, DynamoDbEnhancedClient enhanced, Clock wallClock) {
        return new RealtimeServices(new ConnectionService(new ConnectionRepository(enhanced, config.realtimeTable()),
                new InstrumentRepository(enhanced, config.marketTable()), config.connectionsPerUser(), wallClock));
    }

    /**
     * The fan-out's wiring: the subscriptions it reads (and deletes when gone), the sign-in sessions a private push
     * checks, and where it pushes.
     */
    public static FanOutService fanOut(FanOutConfig config, DynamoDbClient dynamo, Pusher pusher, Clock clock) {
        return new FanOutService(new ConnectionRepository(DynamoDbClients.enhanced(dynamo), config.realtimeTable()),
                new DynamoActiveSessions(dynamo, config.usersTable()), clock, pusher);
    }
}
