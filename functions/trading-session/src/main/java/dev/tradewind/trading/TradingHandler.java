package dev.tradewind.trading;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import java.time.Clock;

/** HTTP API routes of the trading-session function. */
public final class TradingHandler extends HttpApiHandler {

    public TradingHandler() {
        this(Environment.current().clock());
    }

    TradingHandler(Clock clock) {
        super(Router.builder()
                .get("/v1/health/trading", Health.route("trading-session", clock))
                .build());
    }
}
