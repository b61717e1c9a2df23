package dev.tradewind.predict;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import java.time.Clock;

/** HTTP API routes of the predict function. */
public final class PredictHandler extends HttpApiHandler {

    public PredictHandler() {
        this(Environment.current().clock());
    }

    PredictHandler(Clock clock) {
        super(Router.builder()
                .get("/v1/health/predict", Health.route("predict", clock))
                .build());
    }
}
