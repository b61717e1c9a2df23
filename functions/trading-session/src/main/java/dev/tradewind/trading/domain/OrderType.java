package dev.tradewind.trading.domain;

/** How an order executes; see docs/trading.md#fill-model-the-contract. */
public enum OrderType {
    MARKET,
    LIMIT,
    STOP,
    STOP_LIMIT;

    public boolean needsLimitPrice() {
        return this == LIMIT || this == STOP_LIMIT;
    }

    public boolean needsStopPrice() {
        return this == STOP || this == STOP_LIMIT;
    }
}
