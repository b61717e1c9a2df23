package dev.tradewind.behavior;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import java.time.Clock;

/** HTTP API routes of the analyze-behavior function. */
public final class BehaviorHandler extends HttpApiHandler {

    public BehaviorHandler() {
        this(Environment.current().clock());
    }

    BehaviorHandler(Clock clock) {
        super(Router.builder()
                .get("/v1/health/behavior", Health.route("analyze-behavior", clock))
                .build());
    }
}
