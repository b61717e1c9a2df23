package dev.tradewind.trading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.http.RouteHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.trading.api.OrderEventViews;
import dev.tradewind.trading.api.Requests;
import dev.tradewind.trading.api.Views;
import dev.tradewind.trading.api.Views.SessionView;
import dev.tradewind.trading.service.BacktestRunner;
import dev.tradewind.trading.service.BacktestService;
import dev.tradewind.trading.service.Idempotency;
import dev.tradewind.trading.service.ModelForecasts;
import dev.tradewind.trading.service.TradingConfig;
import dev.tradewind.trading.service.TradingServices;
import dev.tradewind.trading.store.LambdaBacktestRunner;
import dev.tradewind.trading.store.LambdaClients;
import dev.tradewind.trading.store.LambdaModelForecasts;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** HTTP API routes of the trading-session function (docs/trading.md). */
public final class TradingHandler extends HttpApiHandler {

    /** A CSV of 2,000 trades is ~150 KB, JSON ~300 KB; anything larger is a 413. */
    static final int IMPORT_MAX_BYTES = 512 * 1024;
    private static final String SESSION_NOT_FOUND = "Session not found";
    private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv");

    private final DynamoDbClient dynamo;
    final TradingServices services;

    public TradingHandler() {
        this(Environment.current());
        Priming.registerOnce("trading-session", () -> TradingPriming.create(this, dynamo, Environment.current()));
    }

    TradingHandler(Environment env) {
        this(env, new Ulid(env.clock()));
    }

    TradingHandler(Environment env, IdGenerator ids) {
        this(TradingConfig.from(env), env, ids);
    }

    private TradingHandler(TradingConfig config, Environment env, IdGenerator ids) {
        this(config, env, ids, LambdaClients.lazy(env));
    }

    /** @param lambda the one Lambda client, built on first use, that the forecasts and the worker share */
    private TradingHandler(TradingConfig config, Environment env, IdGenerator ids,
                           Optional<Supplier<LambdaClient>> lambda) {
        this(config, DynamoDbClients.create(env), env.clock(), env.wallClock(), ids,
                LambdaModelForecasts.from(config.forecastFunction(), lambda),
                LambdaBacktestRunner.from(config.workerFunction(), lambda), TradingServices.events(config, env));
    }

    TradingHandler(TradingConfig config, DynamoDbClient dynamo, Clock clock, Clock wallClock, IdGenerator ids,
                   ModelForecasts forecasts, BacktestRunner runner, EventPublisher events) {
        this(TradingServices.create(config, dynamo, clock, wallClock, ids, forecasts, runner,
                new OrderEventViews(events)), clock, dynamo);
    }

    private TradingHandler(TradingServices services, Clock clock, DynamoDbClient dynamo) {
        super(routes(services, clock));
        this.services = services;
        this.dynamo = dynamo;
    }

    private static Router routes(TradingServices s, Clock clock) {
        return Router.builder()
                .get("/v1/health/trading", Health.route("trading-session", clock))
                .post("/v1/sessions", request -> {
                    var created = s.sessions().create(request.userId(), optionalIdempotencyKey(request),
                            request.body(Requests.CreateSession.class).toNewSession());
                    SessionView session = SessionView.of(created.value());
                    return created(created, session, "/v1/sessions/" + session.id());
                })
                .get("/v1/sessions", request -> ApiResponse.ok(PageView.of(s.sessions().list(request.userId(),
                        limit(request, 20, 100), cursor(request)), SessionView::of)))
                .get("/v1/sessions/{sessionId}", request -> ApiResponse.ok(SessionView.of(
                        s.sessions().get(request.userId(), sessionId(request)))))
                .post("/v1/sessions/{sessionId}/stop", request -> ApiResponse.ok(SessionView.of(
                        s.sessions().stop(request.userId(), sessionId(request)))))
                .post("/v1/sessions/{sessionId}/orders", request -> {
                    String userId = request.userId();
                    String sessionId = sessionId(request);
                    Optional<String> idempotencyKey = request.header("idempotency-key");
                    Requests.PlaceOrder body = request.body(Requests.PlaceOrder.class);
                    var placed = s.orders().place(userId, sessionId, Requests.idempotencyKey(idempotencyKey),
                            body.toSpec());
                    return created(placed, Views.OrderView.of(placed.value()),
                            "/v1/sessions/" + sessionId + "/orders/" + placed.value().orderId());
                })
                .get("/v1/sessions/{sessionId}/orders", request -> ApiResponse.ok(PageView.of(
                        s.orders().list(request.userId(), sessionId(request), limit(request, 50, 200),
                                cursor(request)), Views.OrderView::of)))
                .get("/v1/sessions/{sessionId}/orders/{orderId}", request -> ApiResponse.ok(Views.OrderView.of(
                        s.orders().get(request.userId(), sessionId(request), orderId(request)))))
                .delete("/v1/sessions/{sessionId}/orders/{orderId}", request -> ApiResponse.ok(Views.OrderView.of(
                        s.orders().cancel(request.userId(), sessionId(request), orderId(request)))))
                .get("/v1/sessions/{sessionId}/portfolio", request -> ApiResponse.ok(Views.PortfolioView.of(
                        s.portfolio().portfolio(request.userId(), sessionId(request)))))
                .get("/v1/sessions/{sessionId}/equity", request -> ApiResponse.ok(PageView.of(
                        s.portfolio().equity(request.userId(), sessionId(request), instant(request, "from"),
                                instant(request, "to"), limit(request, 500, 1000), cursor(request)),
                        Views.EquityPointView::of)))
                .get("/v1/sessions/{sessionId}/performance", request -> ApiResponse.ok(
                        s.performance().performance(request.userId(), sessionId(request))))
                .get("/v1/sessions/{sessionId}/trades", request -> ApiResponse.ok(PageView.of(
                        s.portfolio().trades(request.userId(), sessionId(request), instant(request, "from"),
                                instant(request, "to"), limit(request, 100, 1000), cursor(request),
                                newestFirst(request)),
                        Views.TradeView::of)))
                .post("/v1/sessions/{sessionId}/journal", request -> {
                    String userId = request.userId();
                    String sessionId = sessionId(request);
                    var entry = s.journal().create(userId, sessionId, optionalIdempotencyKey(request),
                            request.body(Requests.JournalBody.class).toNewEntry());
                    return created(entry, Views.JournalView.of(entry.value()),
                            "/v1/sessions/" + sessionId + "/journal");
                })
                .get("/v1/sessions/{sessionId}/journal", request -> ApiResponse.ok(PageView.of(
                        s.journal().list(request.userId(), sessionId(request), limit(request, 50, 200),
                                cursor(request)), Views.JournalView::of)))
                .post("/v1/trades/import", IMPORT_MAX_BYTES, request -> ApiResponse.ok(importTrades(s, request)))
                .post("/v1/portfolio/optimize", RouteHandler.callerOnly(request -> ApiResponse.ok(
                        s.allocations().optimize(request.body(Requests.OptimizePortfolio.class).toRequest()))))
                .post("/v1/backtests", request -> {
                    Idempotency.Answer<BacktestService.Started> started = s.backtests().run(request.userId(),
                            optionalIdempotencyKey(request), request.body(JsonNode.class));
                    JsonNode answer = started.value().answer();
                    String location = "/v1/backtests/" + answer.get("id").asText();
                    return replayed(started, started.value().running()
                            ? ApiResponse.json(202, answer).withHeader("location", location)
                            : ApiResponse.created(answer, location));
                })
                .post("/v1/backtests/sweeps", request -> ApiResponse.ok(s.backtests().sweep(request.userId(),
                        request.body(JsonNode.class))))
                .get("/v1/backtests", request -> ApiResponse.ok(PageView.of(s.backtests().list(request.userId(),
                        limit(request, 20, 100), cursor(request)), backtest -> backtest)))
                .get("/v1/backtests/{backtestId}", request -> ApiResponse.ok(s.backtests().get(request.userId(),
                        request.pathId("backtestId", "Backtest not found"))))
                .build();
    }

    private static Object importTrades(TradingServices s, ApiRequest request) {
        String userId = request.userId();
        String sessionId = request.query("sessionId").map(TradingHandler::sessionId).orElse(null);
        if (!request.hasBody()) {
            throw ApiException.badRequest("MISSING_BODY", "The request body must hold the trades (CSV or JSON)");
        }
        // CSV as text/csv or application/csv; JSON as any JSON type. Not text/plain: a cross-site form can send that.
        boolean json = request.isJson();
        boolean csv = request.mediaType().filter(CSV_TYPES::contains).isPresent();
        if (!json && !csv) {
            throw ApiException.unsupportedMediaType("Send the trades as text/csv or application/json");
        }
        if (json) {
            return s.imports().importJson(userId, sessionId, request.body(Requests.ImportBody.class).trades());
        }
        return s.imports().importCsv(userId, sessionId, request.bodyText());
    }

    private static Optional<String> optionalIdempotencyKey(ApiRequest request) {
        return Requests.optionalIdempotencyKey(request.header("idempotency-key"));
    }

    /** 201 with the view, marked when it is {@link #replayed}. */
    private static ApiResponse created(Idempotency.Answer<?> answer, Object view, String location) {
        return replayed(answer, ApiResponse.created(view, location));
    }

    /** A replay of an earlier request with the same Idempotency-Key says so in a header. */
    private static ApiResponse replayed(Idempotency.Answer<?> answer, ApiResponse response) {
        return answer.replayed() ? response.withHeader("idempotent-replayed", "true") : response;
    }

    private static String sessionId(ApiRequest request) {
        return request.pathId("sessionId", SESSION_NOT_FOUND);
    }

    /** Ids are ULIDs; anything else names nothing (404), and never reaches a key. */
    private static String sessionId(String id) {
        if (!Ulid.isValid(id)) {
            throw new NotFoundException(SESSION_NOT_FOUND);
        }
        return id;
    }

    private static String orderId(ApiRequest request) {
        return request.pathId("orderId", "Order not found");
    }

    private static int limit(ApiRequest request, int defaultValue, int max) {
        return request.queryInt("limit", defaultValue, 1, max);
    }

    private static String cursor(ApiRequest request) {
        return request.query("cursor").orElse(null);
    }

    /** A listing's {@code order}: oldest first unless asked for newest. */
    private static boolean newestFirst(ApiRequest request) {
        Validation validation = new Validation();
        boolean newestFirst = request.queryNewestFirst(false, validation);
        validation.throwIfInvalid();
        return newestFirst;
    }

    private static Instant instant(ApiRequest request, String name) {
        return request.queryInstant(name).orElse(null);
    }
}
