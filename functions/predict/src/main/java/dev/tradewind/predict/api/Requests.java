package dev.tradewind.predict.api;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.predict.domain.ClosedCandle;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.validation.FieldRules;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the predict routes read from a request: the symbol in the path and the query parameters, checked; and what
 * the function reads of the EventBridge events its bus rule sends.
 */
public final class Requests {

    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([hd])");
    private static final int MAX_WINDOW_DAYS = 365;
    public static final String DEFAULT_WINDOW = "30d";
    public static final int DEFAULT_SIGNALS = 20;
    public static final int MAX_SIGNALS = 100;

    private Requests() {
    }

    public static String symbol(ApiRequest request) {
        return request.pathSymbol("symbol");
    }

    public static Optional<Interval> interval(ApiRequest request) {
        Optional<String> raw = request.query("interval");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Interval.parse(raw.get()).orElseThrow(() ->
                ApiRequest.invalidQuery("interval", "must be one of 1h, 1d")));
    }

    public static Optional<AssetClass> assetClass(ApiRequest request) {
        Optional<String> raw = request.query("class");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AssetClass.parse(raw.get()).orElseThrow(() ->
                ApiRequest.invalidQuery("class", "must be one of crypto, stock")));
    }

    /** {@code <n>h} or {@code <n>d}, from one hour to {@value #MAX_WINDOW_DAYS} days. */
    public static Duration window(String span) {
        Matcher matcher = WINDOW.matcher(span);
        if (matcher.matches()) {
            int amount = Integer.parseInt(matcher.group(1));
            Duration window = matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
            if (amount > 0 && window.compareTo(Duration.ofDays(MAX_WINDOW_DAYS)) <= 0) {
                return window;
            }
        }
        throw ApiRequest.invalidQuery("window", "must be hours or days from 1h to " + MAX_WINDOW_DAYS
                + "d, such as 72h or 30d");
    }

    /** The candles a {@code CandlesClosed} event reports, at its interval. */
    public record ClosedCandles(Interval interval, List<ClosedCandle> candles) {
    }

    /**
     * The candles of a {@code CandlesClosed.v1} event from market-ingest (docs/realtime.md#events): each series'
     * symbol and its candle's open time; the other fields, and any added later in the version, are not needed.
     * Empty (logged) for any other event the bus might send.
     *
     * @throws InvalidInputException when a CandlesClosed event lacks what it must hold
     */
    public static Optional<ClosedCandles> candlesClosed(JsonNode event) {
        String detailType = event.path("detail-type").asText("");
        String source = event.path("source").asText("");
        if (!detailType.equals("CandlesClosed.v1") || !source.equals("tradewind.market-ingest")) {
            LOG.warn("EventBridge event ignored", entry("detailType", detailType), entry("source", source));
            return Optional.empty();
        }
        JsonNode detail = event.path("detail");
        Interval interval = Interval.parse(detail.path("interval").asText("")).orElseThrow(() ->
                InvalidInputException.field("detail.interval", "must be one of 1h, 1d"));
        if (!detail.path("series").isArray()) {
            throw InvalidInputException.field("detail.series", "must be a list");
        }
        List<ClosedCandle> candles = new ArrayList<>();
        for (JsonNode series : detail.path("series")) {
            String symbol = series.path("symbol").asText("");
            if (!FieldRules.isSymbol(symbol)) {
                throw InvalidInputException.field("detail.series.symbol", FieldRules.SYMBOL_RULE);
            }
            try {
                candles.add(new ClosedCandle(symbol, Instant.parse(series.path("candle").path("openTime").asText(""))));
            } catch (DateTimeParseException e) {
                throw InvalidInputException.field("detail.series.candle.openTime", "must be an ISO-8601 instant");
            }
        }
        return Optional.of(new ClosedCandles(interval, candles));
    }
}
