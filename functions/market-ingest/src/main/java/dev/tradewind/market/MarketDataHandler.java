package dev.tradewind.market;

import static dev.tradewind.shared.http.RouteHandler.callerOnly;

import dev.tradewind.market.api.Views;
import dev.tradewind.market.domain.IndicatorSeries;
import dev.tradewind.market.service.MarketDataConfig;
import dev.tradewind.market.service.MarketDataService;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.HttpCaching;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.validation.FieldRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * HTTP routes of the market-data function: the instrument catalog, candles, technical indicators and the market
 * summary (behind the default authorizer) and the public health route. Decodes and validates parameters, calls the
 * service, maps the result.
 */
public final class MarketDataHandler extends HttpApiHandler {

    static final int MAX_CANDLES = 1000;
    static final int MAX_ASSETS = 100;
    static final int MIN_INDICATOR_PERIOD = 2;
    /** A value is computed over five of its periods: a request reads at most 1,000 + 500 bars. */
    static final int MAX_INDICATOR_PERIOD = 100;
    private static final String ALL_INDICATORS = Arrays.stream(IndicatorSeries.Name.values())
            .map(IndicatorSeries.Name::code).collect(Collectors.joining(","));
    /** Closed candles do not change; a day bounds how long a later correction by the ingest stays unseen. */
    static final Duration CLOSED_CANDLES_MAX_AGE = Duration.ofDays(1);
    private static final Pattern QUERY = Pattern.compile("[\\p{L}\\p{N} .&'\\-]{1,40}");
    private static final String INTERVALS = Arrays.stream(Interval.values()).map(Interval::code)
            .collect(Collectors.joining(", "));
    private static final String CLASSES = Arrays.stream(AssetClass.values()).map(AssetClass::code)
            .collect(Collectors.joining(", "));

    /** The handler's own client, for the priming's table read; null when built from a service (tests). */
    private DynamoDbClient dynamo;
    final MarketDataService service;

    public MarketDataHandler() {
        this(Environment.current(), DynamoDbClients.create(Environment.current()));
        Priming.registerOnce("market-data", () -> MarketPriming.forMarketData(this, dynamo, Environment.current()));
    }

    private MarketDataHandler(Environment env, DynamoDbClient dynamo) {
        this(MarketServices.createMarketData(MarketDataConfig.from(env), DynamoDbClients.enhanced(dynamo),
                env.clock()), env.clock());
        this.dynamo = dynamo;
    }

    MarketDataHandler(MarketDataService service, Clock clock) {
        super(Router.builder()
                .get("/v1/health/market", Health.route("market-ingest", clock))
                .get("/v1/assets", callerOnly(request -> listAssets(service, request)))
                .get("/v1/assets/{symbol}", callerOnly(request -> ApiResponse.ok(
                        Views.AssetDetail.of(service.asset(symbol(request))))))
                .get("/v1/assets/{symbol}/candles", callerOnly(request -> candles(service, clock, request)))
                .get("/v1/assets/{symbol}/indicators", callerOnly(request -> indicators(service, clock, request)))
                .get("/v1/market/summary", callerOnly(request -> ApiResponse.ok(Views.MarketSummary.of(
                        service.summary(assetClass(request).orElse(null))))))
                .build());
        this.service = service;
    }

    private static ApiResponse listAssets(MarketDataService service, ApiRequest request) {
        Optional<String> query = request.query("query");
        Validation validation = new Validation();
        query.ifPresent(q -> validation.check(QUERY.matcher(q).matches(), "query",
                "must be 1-40 letters, digits, spaces or . & ' -"));
        validation.throwIfInvalid();
        AssetClass assetClass = assetClass(request).orElse(null);
        int limit = request.queryInt("limit", 20, 1, MAX_ASSETS);
        return ApiResponse.ok(PageView.of(service.listAssets(query.orElse(null), assetClass, limit,
                request.query("cursor").orElse(null)), Views.Asset::of));
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
        Instant from = request.queryInstantOrDate("from", validation).orElse(FieldRules.EARLIEST);
        // Without "to" the listing runs up to now; left open (not "now" of the first page) so its cursor continues.
        Instant to = request.queryInstantOrDate("to", validation).orElse(null);
        checkFromNotAfterEnd(validation, from, to, clock);
        boolean newestFirst = request.queryNewestFirst(true, validation);
        validation.throwIfInvalid();
        int limit = request.queryInt("limit", 100, 1, MAX_CANDLES);
        Instrument instrument = service.instrument(symbol);
        if (interval.isPresent() && interval.get() != instrument.interval()) {
            throw new InvalidInputException("UNSUPPORTED_INTERVAL", symbol + " has " + instrument.interval().code()
                    + " candles only");
        }
        Views.CandlePage page = Views.CandlePage.of(instrument, newestFirst,
                service.candles(instrument, from, to, limit, newestFirst, request.query("cursor").orElse(null)));
        // Final once the range's last bar and the ingest's allowance after it (the staleness rule) are past.
        boolean closed = to != null && instrument.calendar().isStale(instrument.interval(), to, clock.instant());
        return closed ? HttpCaching.cacheable(request, page, CLOSED_CANDLES_MAX_AGE) : ApiResponse.ok(page);
    }

    private static ApiResponse indicators(MarketDataService service, Clock clock, ApiRequest request) {
        String symbol = symbol(request);
        Validation validation = new Validation();
        Set<IndicatorSeries.Name> names = EnumSet.noneOf(IndicatorSeries.Name.class);
        boolean known = true;
        boolean once = true;
        for (String name : request.query("names").orElse(ALL_INDICATORS).split(",", -1)) {
            Optional<IndicatorSeries.Name> parsed = IndicatorSeries.Name.parse(name);
            known &= parsed.isPresent();
            // A name twice is most likely the parameter sent twice (API Gateway joins repeats with commas).
            once &= parsed.isEmpty() || names.add(parsed.get());
        }
        validation.check(known, "names", "must be a comma-separated list of " + ALL_INDICATORS);
        validation.check(!known || once, "names", "must name each indicator once");
        Instant from = request.queryInstantOrDate("from", validation).orElse(null);
        Instant to = request.queryInstantOrDate("to", validation).orElse(null);
        if (from != null) {
            checkFromNotAfterEnd(validation, from, to, clock);
        }
        validation.throwIfInvalid();
        Integer period = request.query("period").isPresent()
                ? request.queryInt("period", 0, MIN_INDICATOR_PERIOD, MAX_INDICATOR_PERIOD) : null;
        int limit = request.queryInt("limit", 100, 1, MAX_CANDLES);
        Instrument instrument = service.instrument(symbol);
        Views.IndicatorPage page = Views.IndicatorPage.of(instrument,
                service.indicators(instrument, names, period, from, to, limit));
        // As final as the candles of the same range (see candles above).
        boolean closed = to != null && instrument.calendar().isStale(instrument.interval(), to, clock.instant());
        return closed ? HttpCaching.cacheable(request, page, CLOSED_CANDLES_MAX_AGE) : ApiResponse.ok(page);
    }

    /** The range ends at {@code to}, or now when the caller sent none: the message names the end they meant. */
    private static void checkFromNotAfterEnd(Validation validation, Instant from, Instant to, Clock clock) {
        if (to == null) {
            validation.check(!from.isAfter(clock.instant()), "from", "must not be in the future");
        } else {
            validation.check(!from.isAfter(to), "from", "must not be after to");
        }
    }

    private static String symbol(ApiRequest request) {
        return request.pathSymbol("symbol");
    }

    private static Optional<AssetClass> assetClass(ApiRequest request) {
        Optional<String> text = request.query("class");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AssetClass.parse(text.get())
                .orElseThrow(() -> ApiRequest.invalidQuery("class", "must be one of " + CLASSES)));
    }
}
