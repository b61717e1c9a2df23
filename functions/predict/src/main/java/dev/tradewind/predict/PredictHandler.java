package dev.tradewind.predict;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.predict.forecast.ModelRegistry;
import dev.tradewind.predict.forecast.SignalPolicy;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP API routes of the predict function: forecasts, ranked signals, tracked accuracy and the model cards. Every
 * route but health needs the caller the authorizer established (401 without one), although predictions are not
 * anyone's own data.
 */
public final class PredictHandler extends HttpApiHandler {

    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([hd])");
    static final int MAX_WINDOW_DAYS = 365;
    static final String DEFAULT_WINDOW = "30d";
    static final int DEFAULT_SIGNALS = 20;
    static final int MAX_SIGNALS = 100;

    private final PredictServices services;

    /** Lambda's constructor: builds everything from the environment once, and registers SnapStart priming. */
    public PredictHandler() {
        this(PredictServices.fromEnvironment(Environment.current()));
        PredictPriming.registerOnce(this, services);
    }

    PredictHandler(PredictServices services) {
        super(routes(services));
        this.services = services;
    }

    private static Router routes(PredictServices services) {
        Map<String, Object> modelBody = modelBody(services.models());
        return Router.builder()
                .get("/v1/health/predict", Health.route("predict", services.clock(), () -> health(services.models())))
                .get("/v1/assets/{symbol}/forecast", request -> {
                    request.userId();
                    String symbol = symbol(request);
                    Optional<Interval> interval = interval(request);
                    return ApiResponse.ok(services.forecasts().forecast(symbol, interval));
                })
                .get("/v1/signals", request -> {
                    request.userId();
                    Optional<AssetClass> assetClass = assetClass(request);
                    Optional<Interval> interval = interval(request);
                    int limit = request.queryInt("limit", DEFAULT_SIGNALS, 1, MAX_SIGNALS);
                    return ApiResponse.ok(services.forecasts().signals(assetClass, interval, limit));
                })
                .get("/v1/assets/{symbol}/accuracy", request -> {
                    request.userId();
                    String symbol = symbol(request);
                    Optional<Interval> interval = interval(request);
                    String span = request.query("window").orElse(DEFAULT_WINDOW);
                    Duration window = window(span);
                    Instrument instrument = services.forecasts().instrument(symbol);
                    return ApiResponse.ok(services.accuracy().accuracy(instrument,
                            interval.orElse(instrument.interval()), window, span));
                })
                .get("/v1/model", request -> {
                    request.userId();
                    return ApiResponse.ok(modelBody);
                })
                .build();
    }

    static String symbol(ApiRequest request) {
        String symbol = request.pathParam("symbol").trim().toUpperCase(Locale.ROOT);
        if (!SYMBOL.matcher(symbol).matches()) {
            throw ApiRequest.invalidQuery("symbol", "must be 1 to 32 letters, digits, '.', '_' or '-'");
        }
        return symbol;
    }

    static Optional<Interval> interval(ApiRequest request) {
        Optional<String> raw = request.query("interval");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Interval.parse(raw.get()).orElseThrow(() ->
                ApiRequest.invalidQuery("interval", "must be one of 1h, 1d")));
    }

    static Optional<AssetClass> assetClass(ApiRequest request) {
        Optional<String> raw = request.query("class");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AssetClass.parse(raw.get()).orElseThrow(() ->
                ApiRequest.invalidQuery("class", "must be one of crypto, stock")));
    }

    /** {@code <n>h} or {@code <n>d}, from one hour to {@value #MAX_WINDOW_DAYS} days. */
    static Duration window(String span) {
        Matcher matcher = WINDOW.matcher(span);
        if (matcher.matches()) {
            int amount = Integer.parseInt(matcher.group(1));
            Duration window = matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
            if (amount > 0 && window.compareTo(Duration.ofDays(MAX_WINDOW_DAYS)) <= 0) {
                return window;
            }
        }
        throw ApiRequest.invalidQuery("window", "must be hours or days such as 72h or 30d, at most "
                + MAX_WINDOW_DAYS + "d");
    }

    private static Map<String, Object> health(ModelRegistry models) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!models.healthy()) {
            details.put("status", "degraded");
            details.put("reason", models.models().isEmpty() && models.failures().isEmpty()
                    ? "no model was found" : "some forecasting models failed to load; forecasts at their "
                    + "intervals answer 503, every other route works");
        }
        details.put("models", models.models().stream().map(m -> Map.of("family", m.card().family(), "version",
                m.version(), "interval", m.card().interval().code(), "lowConfidence", m.card().lowConfidence()))
                .toList());
        if (!models.failures().isEmpty()) {
            details.put("failures", models.failures());
        }
        details.put("instance", InstanceId.get());
        return details;
    }

    /** The cards as the trainer wrote them, built once: the models never change within an instance. */
    private static Map<String, Object> modelBody(ModelRegistry models) {
        ArrayNode cards = Json.mapper().createArrayNode();
        for (ForecastModel model : models.models()) {
            ObjectNode card = model.card().json();
            cards.add(card);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", cards);
        body.put("failures", models.failures());
        body.put("signalPolicy", SignalPolicy.thresholds());
        return body;
    }
}
