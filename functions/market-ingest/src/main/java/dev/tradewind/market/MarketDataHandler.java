package dev.tradewind.market;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import java.time.Clock;

/** HTTP API routes of the market-ingest function. */
public final class MarketDataHandler extends HttpApiHandler {

    public MarketDataHandler() {
        this(Environment.current().clock());
    }

    MarketDataHandler(Clock clock) {
        super(Router.builder()
                .get("/v1/health/market", Health.route("market-ingest", clock))
                .build());
    }
}
