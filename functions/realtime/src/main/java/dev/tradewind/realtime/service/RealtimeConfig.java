package dev.tradewind.realtime.service;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;

/**
 * The realtime function's configuration (the WebSocket API's routes), read once at init.
 *
 * @param realtimeTable      connections and their subscriptions ({@code REALTIME_TABLE})
 * @param marketTable        the instrument catalog a subscription's symbol must be in, read only
 *                           ({@code MARKET_TABLE})
 * @param connectionsPerUser {@code CONNECTIONS_PER_USER} (default 10): the open connections one user may hold
 *                           (docs/realtime.md#connections-per-user)
 */
public record RealtimeConfig(String realtimeTable, String marketTable, int connectionsPerUser) {

    /**
     * A trader's browser tabs and devices need a few; every connection more is up to 50 subscriptions the fan-out
     * works through, within one event's budget, before it reaches other users' connections.
     */
    static final int DEFAULT_CONNECTIONS_PER_USER = 10;

    public static RealtimeConfig from(Environment env) {
        int connectionsPerUser = env.getInt("CONNECTIONS_PER_USER", DEFAULT_CONNECTIONS_PER_USER);
        if (connectionsPerUser < 1) {
            throw new ConfigException("CONNECTIONS_PER_USER must be at least 1, was " + connectionsPerUser);
        }
        return new RealtimeConfig(env.require("REALTIME_TABLE"), env.require("MARKET_TABLE"), connectionsPerUser);
    }
}
