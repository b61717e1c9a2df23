package dev.tradewind.market;

import dev.tradewind.market.service.MarketDataConfig;
import dev.tradewind.market.service.MarketDataService;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HTTP routes of the market-data function: the instrument catalog, candles and the market summary (behind the
 * default authorizer) and the public health route. Decodes and validates parameters, calls the service, maps the
 * result.
 */
public final class MarketDataHandler extends HttpApiHandler {

    static final int MAX_CANDLES = 1000;
    static final int MAX_ASSETS = 100;
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0,19}");
    private static final Pattern QUERY = Pattern.compile("[\\p{L}\\p{N} .&'\\-]{1,40}");
    private static final String INTERVALS = Arrays.stream(Interval.values()).map(Interval::code)
            .collect(Collectors.joining(", "));
    private static final String CLASSES = Arrays.stream(AssetClass.values()).map(AssetClass::code)
            .collect(Collectors.joining(", "));

    public MarketDataHandler() {
        this(Environment.current());
    }

    private MarketDataHandler(Environment env) {
        this(new MarketDataService(DynamoDbClients.enhanced(DynamoDbClients.create(env)),
                MarketDataConfig.from(env).marketTable(), env.clock()), env.clock());
    }

    MarketDataHandler(MarketDataService service, Clock clock) {
        super(Router.builder()
                .get("/v1/health/market", Health.route("market-ingest", clock))
                .get("/v1/assets", request -> listAssets(service, request))
                .get("/v1/assets/{symbol}", request -> ApiResponse.ok(service.asset(symbol(request))))
                .get("/v1/assets/{symbol}/candles", request -> candles(service, clock, request))
                .get("/v1/market/summary", request -> ApiResponse.ok(service.summary(assetClass(request).orElse(null))))
                .build());
    }

    private static ApiResponse listAssets(MarketDataService service, ApiRequest request) {
        Optional<String> query = request.query("query");
        Validation validation = new Validation();
        query.ifPresent(q -> validation.check(QUERY.matcher(q).matches(), "query",
                "must be 1-40 letters, digits, spaces or . & ' -"));
        validation.throwIfInvalid();
        AssetClass assetClass = assetClass(request).orElse(null);
        int limit = request.queryInt("limit", 20, 1, MAX_ASSETS);
        return ApiResponse.ok(service.listAssets(query.orElse(null), assetClass, limit, request.query("cursor").orElse(null)));
    }

    private static ApiResponse candles(MarketDataService service, Clock clock, ApiRequest request) {
        String symbol = symbol(request);
        Validation validation = new Validation();
        Optional<Interval> interval = Optional.empty();
        Optional<String> intervalText = request.query("interval");
        if (intervalText.isPresent()) {
            interval = Interval.parse(intervalText.get());
            validation.check(interval.isPresent(), "interval", "must be one of " + INTERVALS);
        }
        Instant from = instant(request, "from", validation).orElse(Instant.EPOCH);
        Instant to = instant(request, "to", validation).orElse(clock.instant());
        validation.check(!from.isAfter(to), "from", "must not be after to");
        String order = request.query("order").orElse("newest").toLowerCase(Locale.ROOT);
        validation.check(order.equals("newest") || order.equals("oldest"), "order", "must be newest or oldest");
        validation.throwIfInvalid();
        int limit = request.queryInt("limit", 100, 1, MAX_CANDLES);
        Instrument instrument = service.instrument(symbol);
        if (interval.isPresent() && interval.get() != instrument.interval()) {
            throw ApiException.badRequest("UNSUPPORTED_INTERVAL", symbol + " has " + instrument.interval().code()
                    + " candles only");
        }
        return ApiResponse.ok(service.candles(instrument, from, to, limit, order.equals("newest"),
                request.query("cursor").orElse(null)));
    }

    private static String symbol(ApiRequest request) {
        String symbol = request.pathParam("symbol").trim().toUpperCase(Locale.ROOT);
        if (!SYMBOL.matcher(symbol).matches()) {
            throw ApiRequest.invalidQuery("symbol", "must be 1-20 letters, digits, '.' or '-'");
        }
        return symbol;
    }

    private static Optional<AssetClass> assetClass(ApiRequest request) {
        Optional<String> text = request.query("class");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AssetClass.parse(text.get())
                .orElseThrow(() -> ApiRequest.invalidQuery("class", "must be one of " + CLASSES)));
    }

    /** An ISO-8601 instant ({@code 2022-01-03T00:00:00Z}) or a date ({@code 2022-01-03}, midnight UTC). */
    private static Optional<Instant> instant(ApiRequest request, String name, Validation validation) {
        Optional<String> text = request.query(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(text.get().length() == 10
                    ? LocalDate.parse(text.get()).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            validation.add(name, "must be an ISO-8601 instant such as 2022-01-03T00:00:00Z or a date such as 2022-01-03");
            return Optional.empty();
        }
    }
}
