package dev.tradewind.auth;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import java.time.Clock;
import java.util.Map;

/** Account routes of the HTTP API. */
public final class AuthHandler extends HttpApiHandler {

    public AuthHandler() {
        this(Environment.current().clock());
    }

    AuthHandler(Clock clock) {
        super(Router.builder()
                .get("/v1/health/auth", Health.route("auth", clock))
                .get("/v1/auth/me", request -> ApiResponse.ok(Map.of("userId", request.userId())))
                .build());
    }
}
