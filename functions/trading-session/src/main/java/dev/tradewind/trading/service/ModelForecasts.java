package dev.tradewind.trading.service;

import dev.tradewind.shared.error.UnavailableException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The served model's forecasts at each closed bar of a past range, as the forecast route computed them when that bar
 * had just closed: what a {@code model-signal} backtest acts on. The predict function computes them
 * ({@code dev.tradewind.predict.HistoryHandler}); the model never runs in this function.
 */
public interface ModelForecasts {

    /** Used when no forecast function is configured: model-signal backtests are then refused with a 503. */
    ModelForecasts NONE = (symbol, from, to) -> {
        throw new UnavailableException("FORECASTS_UNAVAILABLE", "model forecasts are not configured for this "
                + "function (FORECAST_HISTORY_FUNCTION); rules strategies work without them");
    };

    /**
     * @return the forecasts of the bars of {@code symbol} opened in [{@code from}, {@code to}]
     * @throws dev.tradewind.shared.error.DomainException for a request the predict function refuses (its code and
     *                                                    reason) or cannot be reached (503)
     */
    Series series(String symbol, Instant from, Instant to);

    /** The model behind the forecasts, as its card says: no training label looked past {@code trainedThrough}. */
    record Model(String version, String family, Instant trainedThrough, int horizonBars, boolean lowConfidence) {
    }

    /**
     * By bar open time: P(up), the volatility model's annualised forecast, and the lower bound of each price range
     * by level ({@code "80"}, {@code "95"}); a bar the model could not forecast is absent. {@code buyAt} and
     * {@code sellAt} are the signal thresholds the forecast route applies.
     */
    record Series(Model model, double buyAt, double sellAt, Map<Instant, Double> probabilityUp,
                  Map<Instant, Double> volatility, Map<String, Map<Instant, Double>> rangeLow) {

        /** This series and a later part of it, asked for separately. */
        public Series and(Series later) {
            Map<Instant, Double> probability = new HashMap<>(probabilityUp);
            probability.putAll(later.probabilityUp());
            Map<Instant, Double> volatilities = new HashMap<>(volatility);
            volatilities.putAll(later.volatility());
            Map<String, Map<Instant, Double>> lows = new HashMap<>();
            for (Map<String, Map<Instant, Double>> part : List.of(rangeLow, later.rangeLow())) {
                part.forEach((level, values) -> lows.computeIfAbsent(level, l -> new HashMap<>()).putAll(values));
            }
            return new Series(model, buyAt, sellAt, probability, volatilities, lows);
        }
    }
}
