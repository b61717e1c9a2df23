package dev.tradewind.predict.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.features.InsufficientHistoryException;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.predict.domain.Forecast;
import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.predict.domain.SignalPolicy;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.validation.FieldRules;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The forecasts the served model gives at each closed bar of a past range, computed exactly as the forecast route
 * computes the forecast of a bar that has just closed: the same model, the same window of bars ending at that bar
 * (never a later one), the same features and inference. The strategy lab's {@code model-signal} backtests act on
 * them. Nothing is stored: a past forecast is a pure function of the model and the stored candles.
 */
public final class ForecastHistory {

    /** Bars one request covers: the strategy lab's limit for model-signal backtests, well inside the timeout. */
    public static final int MAX_BARS = 10_000;

    /** What was asked: the bars of {@code symbol} opened in [{@code from}, {@code to}]. */
    public record Request(String symbol, Instant from, Instant to) {

        /** {@code {"symbol": "BTCUSDT", "from": ISO, "to": ISO}}, instants or dates. */
        public static Request parse(JsonNode event) {
            if (event == null || !event.isObject()) {
                throw InvalidInputException.field("forecastHistory", "must be {\"symbol\", \"from\", \"to\"}");
            }
            Instant from = FieldRules.instantOrDate(event.path("from").asText(null)).orElseThrow(() ->
                    InvalidInputException.field("from", FieldRules.INSTANT_OR_DATE_RULE));
            Instant to = FieldRules.instantOrDate(event.path("to").asText(null)).orElseThrow(() ->
                    InvalidInputException.field("to", FieldRules.INSTANT_OR_DATE_RULE));
            String symbol = event.path("symbol").asText("");
            if (!FieldRules.isSymbol(symbol)) {
                throw InvalidInputException.field("symbol", FieldRules.SYMBOL_RULE);
            }
            return new Request(symbol, from, to);
        }
    }

    /** The model behind the series, as its card says. */
    public record Model(String version, String family, Instant trainedThrough, int horizonBars,
                        boolean lowConfidence) {
    }

    /**
     * One value per bar, in bar order; a value the model could not compute (too little consecutive history) is
     * null. {@code volatility} is the volatility model's annualised forecast where there is one, rounded as the
     * forecast route shows it; {@code rangeLow} the lower bound of each price range by level name ({@code "80"},
     * {@code "95"}), as the route shows the ranges.
     */
    public record Series(String symbol, Interval interval, Model model, SignalPolicy.Thresholds thresholds,
                         List<Instant> openTimes, List<Instant> closeTimes, List<Float> probabilityUp,
                         List<Double> volatility, Map<String, List<BigDecimal>> rangeLow) {
    }

    private final MarketData market;
    private final ModelRegistry models;
    private final Clock clock;

    public ForecastHistory(MarketData market, ModelRegistry models, Clock clock) {
        this.market = Objects.requireNonNull(market, "market");
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Series series(Request request) {
        // [from, to] is inclusive: from = to asks for the one bar opened then (a backtest deciding once).
        if (request.from().isAfter(request.to())) {
            throw InvalidInputException.field("from", "must not be after to");
        }
        Instant now = clock.instant();
        Instrument instrument = market.instrument(request.symbol())
                .orElseThrow(() -> new NotFoundException("No instrument " + request.symbol()));
        Interval interval = instrument.interval();
        MarketCalendar calendar = instrument.calendar();
        ForecastModel model = models.require(interval, instrument.assetClass());
        VolatilityModel volatilityModel = models.volatility(interval).orElse(null);
        int read = Math.max(model.features().windowLength(),
                volatilityModel == null ? 0 : volatilityModel.windowLength());

        Instant beforeFrom = CandleRepository.wholeSecondAtOrAfter(request.from()).minusSeconds(1);
        List<Candle> bars = new ArrayList<>(market.window(request.symbol(), interval, beforeFrom, read - 1));
        int first = bars.size();
        for (Candle candle : market.after(request.symbol(), interval, beforeFrom, request.to(), MAX_BARS + 1)) {
            if (calendar.closeTime(interval, candle.openTime()).isAfter(now)) {
                break;
            }
            bars.add(candle);
        }
        if (bars.size() - first > MAX_BARS) {
            throw InvalidInputException.field("from", "the range holds more than " + MAX_BARS + " bars");
        }
        List<Instant> openTimes = new ArrayList<>();
        List<Instant> closeTimes = new ArrayList<>();
        List<Float> probabilities = new ArrayList<>();
        List<Double> volatility = new ArrayList<>();
        Map<String, List<BigDecimal>> rangeLow = new TreeMap<>();
        List<float[]> rows = new ArrayList<>();
        List<Integer> rowOf = new ArrayList<>();
        for (int i = first; i < bars.size(); i++) {
            Candle bar = bars.get(i);
            List<Candle> window = bars.subList(Math.max(0, i - read + 1), i + 1);
            openTimes.add(bar.openTime());
            closeTimes.add(calendar.closeTime(interval, bar.openTime()));
            probabilities.add(null);
            try {
                rows.add(model.features(window));
                rowOf.add(probabilities.size() - 1);
            } catch (InsufficientHistoryException e) {
                // No forecast for this bar, as the route would answer INSUFFICIENT_HISTORY for it.
            }
            VolatilityPrediction forecast = volatilityModel == null ? null
                    : ForecastService.volatility(volatilityModel, window, calendar, interval, bar.openTime());
            volatility.add(forecast == null ? null : Forecast.round(forecast.annualized()));
            for (VolatilityPrediction.Band band : forecast == null ? List.<VolatilityPrediction.Band>of()
                    : forecast.bands()) {
                List<BigDecimal> lows = rangeLow.computeIfAbsent(band.name(), name -> new ArrayList<>());
                while (lows.size() < openTimes.size() - 1) {
                    lows.add(null);
                }
                lows.add(band.low());
            }
        }
        if (!rows.isEmpty()) {
            float[] predicted = model.predict(rows.toArray(float[][]::new));
            for (int k = 0; k < predicted.length; k++) {
                probabilities.set(rowOf.get(k), predicted[k]);
            }
        }
        var card = model.card();
        return new Series(request.symbol(), interval, new Model(model.version(), card.family(),
                card.trainedThrough(), card.horizonBars(), card.lowConfidence()), SignalPolicy.thresholds(),
                openTimes, closeTimes, probabilities, volatility, padded(rangeLow, openTimes.size()));
    }

    /** Each list as long as the bars: a bar without a range is null there. */
    private static Map<String, List<BigDecimal>> padded(Map<String, List<BigDecimal>> lists, int size) {
        lists.values().forEach(list -> {
            while (list.size() < size) {
                list.add(null);
            }
        });
        return lists;
    }
}
