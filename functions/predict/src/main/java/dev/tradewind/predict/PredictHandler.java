package dev.tradewind.predict;

import static dev.tradewind.shared.http.RouteHandler.callerOnly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.predict.api.Requests;
import dev.tradewind.predict.api.Views;
import dev.tradewind.predict.domain.Forecast;
import dev.tradewind.predict.service.ForecastHistory;
import dev.tradewind.predict.service.ForecastService;
import dev.tradewind.predict.service.PredictConfig;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.HttpCaching;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * HTTP API routes of the predict function: forecasts, ranked signals, tracked accuracy and the model cards. Every
 * route but health needs the caller the authorizer established (401 without one), although predictions are not
 * anyone's own data.
 */
public final class PredictHandler extends HttpApiHandler {

    /**
     * The direct invocation the trading function's model-signal backtests make:
     * {@code {"forecastHistory": {"symbol", "from", "to"}}} → {@link ForecastHistory.Series}.
     */
    public static final String FORECAST_HISTORY = "forecastHistory";
    /**
     * An EventBridge event, whole: the bus's {@code CandlesClosed} rule (docs/realtime.md#events) →
     * {@link ForecastService.ClosedForecasts}.
     */
    public static final String EVENTBRIDGE = "detail-type";

    private final PredictServices services;

    /** Lambda's constructor: builds everything from the environment once, and registers SnapStart priming. */
    public PredictHandler() {
        this(Environment.current(), new AtomicReference<>());
    }

    /** @param dynamo receives the client the services are built on, for the priming's table reads */
    private PredictHandler(Environment env, AtomicReference<DynamoDbClient> dynamo) {
        this(services(env, () -> dynamo.updateAndGet(c -> DynamoDbClients.create(env))));
        Priming.registerOnce("predict", () -> PredictPriming.forPredict(this, services, dynamo.get(), env));
    }

    PredictHandler(PredictServices services) {
        super(routes(services), Map.of(
                FORECAST_HISTORY, event -> services.history().series(ForecastHistory.Request.parse(event)),
                EVENTBRIDGE, wholeEvent(event -> candlesClosed(services, event))));
        this.services = services;
    }

    /** The forecasts of a CandlesClosed event's candles; any other event the bus might send is ignored (logged). */
    private static Object candlesClosed(PredictServices services, JsonNode event) {
        return Requests.candlesClosed(event)
                .<Object>map(closed -> services.forecasts().forecastClosed(closed.interval(), closed.candles()))
                .orElse(Map.of("ignored", event.path(EVENTBRIDGE).asText()));
    }

    /** The production wiring from the function's environment. */
    static PredictServices services(Environment env) {
        return services(env, () -> DynamoDbClients.create(env));
    }

    private static PredictServices services(Environment env, Supplier<DynamoDbClient> dynamo) {
        PredictConfig config = PredictConfig.from(env);
        return PredictServices.create(config, dynamo, env.clock(), new Ulid(env.clock()),
                PredictServices.events(config, env));
    }

    /** The model cards change only with a deployment; the ETag lets a client revalidate them cheaply after that. */
    static final Duration MODEL_MAX_AGE = Duration.ofHours(1);

    /** The forecast stands until the candle after the one it was computed from closes. */
    static Instant nextClose(Forecast forecast) {
        MarketCalendar calendar = MarketCalendar.of(forecast.assetClass());
        return calendar.closeTime(forecast.interval(), calendar.nextOpenTime(forecast.interval(), forecast.asOf()));
    }

    private static Router routes(PredictServices services) {
        Map<String, Object> modelBody = Views.model(services.models());
        return Router.builder()
                .get("/v1/health/predict", Health.route("predict", services.clock(),
                        () -> Views.health(services.models())))
                .get("/v1/assets/{symbol}/forecast", callerOnly(request -> {
                    String symbol = Requests.symbol(request);
                    Optional<Interval> interval = Requests.interval(request);
                    Forecast forecast = services.forecasts().forecast(symbol, interval);
                    return HttpCaching.cacheable(request, forecast,
                            Duration.between(services.clock().instant(), nextClose(forecast)));
                }))
                .get("/v1/signals", callerOnly(request -> {
                    Optional<AssetClass> assetClass = Requests.assetClass(request);
                    Optional<Interval> interval = Requests.interval(request);
                    int limit = request.queryInt("limit", Requests.DEFAULT_SIGNALS, 1, Requests.MAX_SIGNALS);
                    return ApiResponse.ok(services.forecasts().signals(assetClass, interval, limit));
                }))
                .get("/v1/assets/{symbol}/accuracy", callerOnly(request -> {
                    String symbol = Requests.symbol(request);
                    Optional<Interval> interval = Requests.interval(request);
                    String span = request.query("window").orElse(Requests.DEFAULT_WINDOW);
                    Duration window = Requests.window(span);
                    Instrument instrument = services.forecasts().instrument(symbol);
                    return ApiResponse.ok(services.accuracy().accuracy(instrument,
                            interval.orElse(instrument.interval()), window, span));
                }))
                .get("/v1/model", callerOnly(request -> HttpCaching.cacheable(request, modelBody, MODEL_MAX_AGE)))
                .build();
    }
}
