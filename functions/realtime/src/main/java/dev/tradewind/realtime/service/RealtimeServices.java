package dev.tradewind.realtime.service;

import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/** The realtime functions' services, wired once at init: the WebSocket routes' and the fan-out's. */
public record RealtimeServices(ConnectionService connections) {

    public static RealtimeServices create(RealtimeConfig config, DynamoDbEnhancedClient enhanced, Clock clock) {
        return new RealtimeServices(new ConnectionService(new ConnectionRepository(enhanced, config.realtimeTable()),
                new InstrumentRepository(enhanced, config.marketTable()), clock));
    }

    /** The fan-out's wiring: the subscriptions it reads (and deletes when gone), and where it pushes. */
    public static FanOutService fanOut(FanOutConfig config, DynamoDbEnhancedClient enhanced, Pusher pusher) {
        return new FanOutService(new ConnectionRepository(enhanced, config.realtimeTable()), pusher);
    }
}
