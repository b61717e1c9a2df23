package dev.tradewind.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.clock.ReplayClock;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.schedule.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The local runtime's own routes under {@code /_local/}, for demos and tests of the market replay:
 * {@code GET /_local/clock}, {@code POST /_local/clock/advance?by=PT6H}, {@code GET /_local/schedules} and
 * {@code POST /_local/schedules/{name}/run} (runs a schedule now and waits for it).
 */
final class AdminRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplayClock replayClock;
    private final Supplier<Scheduler> scheduler;

    AdminRoutes(ReplayClock replayClock, Supplier<Scheduler> scheduler) {
        this.replayClock = replayClock;
        this.scheduler = scheduler;
    }

    GatewayResponse handle(GatewayRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals("/_local/clock") && method.equals("GET")) {
            return clock();
        }
        if (path.equals("/_local/clock/advance") && method.equals("POST")) {
            return advance(request.rawQuery());
        }
        if (path.equals("/_local/schedules") && method.equals("GET")) {
            ObjectNode body = JSON.createObjectNode();
            scheduler.get().nextFireTimes().forEach((name, next) -> body.put(name, next == null ? null : next.toString()));
            return json(200, body);
        }
        if (path.startsWith("/_local/schedules/") && path.endsWith("/run") && method.equals("POST")) {
            String name = path.substring("/_local/schedules/".length(), path.length() - "/run".length());
            try {
                boolean ran = scheduler.get().runAndWait(name);
                return ran ? json(200, JSON.createObjectNode().put("schedule", name).put("status", "completed"))
                        : error(409, "schedule " + name + " is already running");
            } catch (IllegalArgumentException e) {
                return error(404, e.getMessage());
            }
        }
        return error(404, "no local admin route " + method + " " + path);
    }

    private GatewayResponse clock() {
        ObjectNode body = JSON.createObjectNode();
        if (replayClock == null) {
            body.put("mode", "wall");
            body.put("now", java.time.Instant.now().toString());
        } else {
            body.put("mode", "replay");
            body.put("now", replayClock.instant().toString());
            body.put("speed", replayClock.speed());
        }
        return json(200, body);
    }

    private GatewayResponse advance(String rawQuery) {
        if (replayClock == null) {
            return error(409, "the runtime is on the wall clock; start it with --clock replay to advance time");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        try {
            Duration by = Duration.parse(query.getOrDefault("by", ""));
            replayClock.advance(by);
            return clock();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return error(400, "by must be a positive ISO-8601 duration such as PT6H");
        }
    }

    private static GatewayResponse json(int status, Object body) {
        try {
            return new GatewayResponse(status, Map.of("content-type", List.of("application/json")),
                    JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GatewayResponse error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message);
        return new GatewayResponse(status, Map.of("content-type", List.of("application/json")),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
