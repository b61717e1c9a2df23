package dev.tradewind.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.clock.ReplayClock;
import dev.tradewind.local.events.LocalEventBridge;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.LocalCallers;
import dev.tradewind.local.gateway.QueryStrings;
import dev.tradewind.local.schedule.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local runtime's own routes under {@code /_local/}, for demos and tests of the market replay:
 * {@code GET /_local/ready}, {@code GET /_local/clock}, {@code POST /_local/clock/advance?by=PT6H},
 * {@code GET /_local/schedules}, {@code POST /_local/schedules/{name}/run} (runs a schedule now and waits for it)
 * and {@code GET /_local/events} (the event bus's deliveries: published, pending, delivered, failed).
 *
 * <p>They need no credential, so they answer only this machine, never a web page (docs/local-runtime.md, "Admin
 * routes"): the caller must be on this machine ({@link LocalCallers}), and a POST must carry no {@code Origin} but its
 * own and no content type but JSON, which a cross-site form or a no-cors {@code fetch} cannot avoid sending.
 */
final class AdminRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shortest and the longest jump one advance may make. */
    static final Duration MIN_ADVANCE = Duration.ofSeconds(1);
    static final Duration MAX_ADVANCE = Duration.ofDays(365);

    private final Readiness readiness;
    private volatile ReplayClock replayClock;
    private volatile Supplier<Scheduler> scheduler;
    private volatile LocalEventBridge eventBridge;

    AdminRoutes(Readiness readiness) {
        this.readiness = readiness;
    }

    /** The runtime's parts, once they exist; until then only {@code /_local/ready} answers. */
    void attach(ReplayClock replayClock, Supplier<Scheduler> scheduler, LocalEventBridge eventBridge) {
        this.replayClock = replayClock;
        this.eventBridge = eventBridge;
        this.scheduler = scheduler;
    }

    GatewayResponse handle(GatewayRequest request) {
        GatewayResponse refused = refusal(request);
        if (refused != null) {
            return refused;
        }
        String path = request.path();
        String method = request.method();
        if (path.equals("/_local/ready") && method.equals("GET")) {
            return json(readiness.isReady() ? 200 : 503, readiness.toJson());
        }
        if (scheduler == null) {
            return error(503, "NOT_READY", "the runtime is starting; see GET /_local/ready");
        }
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
        if (path.equals("/_local/events") && method.equals("GET")) {
            return json(200, eventBridge.stats());
        }
        if (path.startsWith("/_local/schedules/") && path.endsWith("/run") && method.equals("POST")) {
            String name = path.substring("/_local/schedules/".length(), path.length() - "/run".length());
            try {
                boolean ran = scheduler.get().runAndWait(name);
                return ran ? json(200, JSON.createObjectNode().put("schedule", name).put("status", "completed"))
                        : error(409, "CONFLICT", "schedule " + name + " is already running");
            } catch (IllegalArgumentException e) {
                return error(404, "NOT_FOUND", e.getMessage());
            }
        }
        return error(404, "NOT_FOUND", "no local admin route " + method + " " + path);
    }

    /** Why this request may not use the admin routes, or null. */
    private static GatewayResponse refusal(GatewayRequest request) {
        Optional<String> notLocal = LocalCallers.refusal(request, "the admin routes");
        if (notLocal.isPresent()) {
            return error(403, "FORBIDDEN", notLocal.get());
        }
        if (request.method().equals("GET") || request.method().equals("HEAD")) {
            return null;
        }
        String host = LocalCallers.header(request, "host");
        String origin = LocalCallers.header(request, "origin");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            return error(403, "FORBIDDEN", "the admin routes refuse requests from web pages (Origin " + origin + ")");
        }
        String contentType = LocalCallers.header(request, "content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return error(403, "FORBIDDEN", "the admin routes take no form posts: send no body, or JSON");
        }
        return null;
    }

    private GatewayResponse clock() {
        ObjectNode body = JSON.createObjectNode();
        if (replayClock == null) {
            body.put("mode", "wall");
            body.put("now", Instant.now().toString());
        } else {
            body.put("mode", "replay");
            body.put("now", replayClock.instant().toString());
            body.put("speed", replayClock.speed());
            body.put("running", !replayClock.isHeld());
        }
        return json(200, body);
    }

    private GatewayResponse advance(String rawQuery) {
        if (replayClock == null) {
            return error(409, "CONFLICT", "the runtime is on the wall clock; start it with --clock replay to advance time");
        }
        if (readiness.isCatchingUp()) {
            return error(409, "NOT_READY", "the clock starts once market data has caught up; see GET /_local/ready");
        }
        Duration by;
        try {
            by = Duration.parse(QueryStrings.parse(rawQuery).getOrDefault("by", ""));
        } catch (DateTimeParseException e) {
            by = null;
        }
        if (by == null || by.compareTo(MIN_ADVANCE) < 0 || by.compareTo(MAX_ADVANCE) > 0) {
            return error(400, "INVALID_INPUT", "by must be an ISO-8601 duration from PT1S to P365D, such as PT6H");
        }
        synchronized (this) {
            if (replayClock.instant().plus(by).isAfter(ReplayClock.LATEST)) {
                return error(400, "INVALID_INPUT", "the replay clock cannot move past " + ReplayClock.LATEST);
            }
            replayClock.advance(by);
        }
        return clock();
    }

    private static GatewayResponse json(int status, ObjectNode body) {
        return new GatewayResponse(status, Map.of("content-type", List.of("application/json")),
                body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static GatewayResponse error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return json(status, body);
    }
}
