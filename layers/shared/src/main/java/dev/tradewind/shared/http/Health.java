package dev.tradewind.shared.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The public health route every function serves, so a deployment or the local runtime can be probed per function. */
public final class Health {

    private Health() {
    }

    public static RouteHandler route(String function, Clock clock) {
        return route(function, clock, Map::of);
    }

    /** {@code details} may add facts (e.g. model state); a {@code "status"} entry among them overrides "ok". */
    public static RouteHandler route(String function, Clock clock, Supplier<Map<String, Object>> details) {
        return request -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("function", function);
            body.put("time", clock.instant().toString());
            body.putAll(details.get());
            int status = "ok".equals(body.get("status")) ? 200 : 503;
            return ApiResponse.json(status, body);
        };
    }
}
