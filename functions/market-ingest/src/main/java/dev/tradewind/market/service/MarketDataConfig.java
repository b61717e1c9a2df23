package dev.tradewind.market.service;

import dev.tradewind.shared.config.Environment;

/** The market-data read function's configuration, read once at init. */
public record MarketDataConfig(String marketTable) {

    public static MarketDataConfig from(Environment env) {
        return new MarketDataConfig(env.require("MARKET_TABLE"));
    }
}
