package dev.tradewind.trading;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import dev.tradewind.trading.api.Requests;
import dev.tradewind.trading.api.Views;
import dev.tradewind.trading.service.TradingConfig;
import dev.tradewind.trading.service.TradingServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** HTTP API routes of the trading-session function (README "Trading sessions"). */
public final class TradingHandler extends HttpApiHandler {

    /** A CSV of 2,000 trades is ~150 KB, JSON ~300 KB; anything larger is a 413. */
    static final int IMPORT_MAX_BYTES = 512 * 1024;
    private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    public TradingHandler() {
        this(Environment.current());
    }

    TradingHandler(Environment env) {
        this(env, new Ulid(env.clock()));
    }

    TradingHandler(Environment env, IdGenerator ids) {
        this(TradingConfig.from(env), DynamoDbClients.create(env), env.clock(), ids);
    }

    TradingHandler(TradingConfig config, DynamoDbClient dynamo, Clock clock, IdGenerator ids) {
        super(routes(TradingServices.create(config, dynamo, clock, ids), clock));
    }

    private static Router routes(TradingServices s, Clock clock) {
        return Router.builder()
                .get("/v1/health/trading", Health.route("trading-session", clock))
                .post("/v1/sessions", request -> {
                    Views.SessionView session = s.sessions().create(request.userId(),
                            request.body(Requests.CreateSession.class));
                    return ApiResponse.created(session, "/v1/sessions/" + session.id());
                })
                .get("/v1/sessions", request -> ApiResponse.ok(Views.PageView.of(s.sessions().list(request.userId(),
                        limit(request, 20, 100), cursor(request)), session -> Views.SessionView.of(session, null, null))))
                .get("/v1/sessions/{sessionId}", request -> ApiResponse.ok(s.sessions().get(request.userId(),
                        sessionId(request))))
                .post("/v1/sessions/{sessionId}/stop", request -> ApiResponse.ok(s.sessions().stop(request.userId(),
                        sessionId(request))))
                .post("/v1/sessions/{sessionId}/orders", request -> {
                    String sessionId = sessionId(request);
                    var placed = s.orders().place(request.userId(), sessionId,
                            request.header("idempotency-key").orElse(null), request.body(Requests.PlaceOrder.class));
                    ApiResponse response = ApiResponse.created(parse(placed.body()),
                            "/v1/sessions/" + sessionId + "/orders/" + placed.orderId());
                    return placed.replayed() ? response.withHeader("idempotent-replayed", "true") : response;
                })
                .get("/v1/sessions/{sessionId}/orders", request -> ApiResponse.ok(Views.PageView.of(
                        s.orders().list(request.userId(), sessionId(request), limit(request, 50, 200),
                                cursor(request)), Views.OrderView::of)))
                .get("/v1/sessions/{sessionId}/orders/{orderId}", request -> ApiResponse.ok(Views.OrderView.of(
                        s.orders().get(request.userId(), sessionId(request), orderId(request)))))
                .delete("/v1/sessions/{sessionId}/orders/{orderId}", request -> ApiResponse.ok(Views.OrderView.of(
                        s.orders().cancel(request.userId(), sessionId(request), orderId(request)))))
                .get("/v1/sessions/{sessionId}/portfolio", request -> ApiResponse.ok(
                        s.portfolio().portfolio(request.userId(), sessionId(request))))
                .get("/v1/sessions/{sessionId}/equity", request -> ApiResponse.ok(Views.PageView.of(
                        s.portfolio().equity(request.userId(), sessionId(request), instant(request, "from"),
                                instant(request, "to"), limit(request, 500, 1000), cursor(request)),
                        Views.EquityPointView::of)))
                .get("/v1/sessions/{sessionId}/performance", request -> ApiResponse.ok(
                        s.performance().performance(request.userId(), sessionId(request))))
                .get("/v1/sessions/{sessionId}/trades", request -> ApiResponse.ok(Views.PageView.of(
                        s.portfolio().trades(request.userId(), sessionId(request), instant(request, "from"),
                                instant(request, "to"), limit(request, 100, 1000), cursor(request)),
                        Views.TradeView::of)))
                .post("/v1/sessions/{sessionId}/journal", request -> {
                    String sessionId = sessionId(request);
                    var entry = s.journal().create(request.userId(), sessionId,
                            request.body(Requests.JournalBody.class));
                    return ApiResponse.created(Views.JournalView.of(entry),
                            "/v1/sessions/" + sessionId + "/journal");
                })
                .get("/v1/sessions/{sessionId}/journal", request -> ApiResponse.ok(Views.PageView.of(
                        s.journal().list(request.userId(), sessionId(request), limit(request, 50, 200),
                                cursor(request)), Views.JournalView::of)))
                .post("/v1/trades/import", IMPORT_MAX_BYTES, request -> ApiResponse.ok(importTrades(s, request)))
                .build();
    }

    private static Object importTrades(TradingServices s, ApiRequest request) {
        String userId = request.userId();
        String sessionId = request.query("sessionId").map(TradingHandler::checkedId).orElse(null);
        if (!request.hasBody()) {
            throw ApiException.badRequest("MISSING_BODY", "The request body must hold the trades (CSV or JSON)");
        }
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT).strip();
        boolean json;
        if (contentType.startsWith("application/json")) {
            json = true;
        } else if (contentType.startsWith("text/csv") || contentType.startsWith("application/csv")
                || contentType.startsWith("text/plain")) {
            json = false;
        } else if (contentType.isEmpty()) {
            json = new String(request.bodyBytes(), StandardCharsets.UTF_8).stripLeading().startsWith("{");
        } else {
            throw ApiException.of(415, "UNSUPPORTED_MEDIA_TYPE", "Send the trades as text/csv or application/json");
        }
        if (json) {
            return s.imports().importJson(userId, sessionId, request.body(Requests.ImportBody.class).trades());
        }
        return s.imports().importCsv(userId, sessionId, new String(request.bodyBytes(), StandardCharsets.UTF_8));
    }

    private static String sessionId(ApiRequest request) {
        return checkedId(request.pathParam("sessionId"));
    }

    private static String orderId(ApiRequest request) {
        String id = request.pathParam("orderId");
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("Order not found");
        }
        return id;
    }

    /** Ids are ULIDs; anything else names nothing (404), and never reaches a key. */
    private static String checkedId(String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("Session not found");
        }
        return id;
    }

    private static int limit(ApiRequest request, int defaultValue, int max) {
        return request.queryInt("limit", defaultValue, 1, max);
    }

    private static String cursor(ApiRequest request) {
        return request.query("cursor").orElse(null);
    }

    private static Instant instant(ApiRequest request, String name) {
        Optional<String> raw = request.query(name);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(raw.get());
        } catch (DateTimeParseException e) {
            throw ApiRequest.invalidQuery(name, "must be an ISO-8601 instant such as 2022-01-04T15:00:00Z");
        }
    }

    private static Object parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
