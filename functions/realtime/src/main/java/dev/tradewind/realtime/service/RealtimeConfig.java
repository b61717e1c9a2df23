package dev.tradewind.realtime.service;

import dev.tradewind.shared.config.Environment;

/**
 * The realtime function's configuration (the WebSocket API's routes), read once at init.
 *
 * @param realtimeTable connections and their subscriptions ({@code REALTIME_TABLE})
 * @param marketTable   the instrument catalog a subscription's symbol must be in, read only ({@code MARKET_TABLE})
 */
public record RealtimeConfig(String realtimeTable, String marketTable) {

    public static RealtimeConfig from(Environment env) {
        return new RealtimeConfig(env.require("REALTIME_TABLE"), env.require("MARKET_TABLE"));
    }
}
