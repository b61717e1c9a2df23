package dev.tradewind.model.volatility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ModelContract;
import dev.tradewind.model.ModelLoadException;
import dev.tradewind.model.features.InsufficientHistoryException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A family's volatility and price-range model, read from {@value ModelContract#VOLATILITY_FILE} in its model folder
 * (docs/model.md#volatility-and-price-ranges). A linear regression of the log realised variance over the next H bars
 * on {@link VolatilityFeatures}; the variance forecast is {@code exp(prediction + s²/2)} with s² the residual
 * variance of the fit (the log-normal mean). The price ranges scale it to the direction horizon h,
 * {@code σ_h = √(variance · h / H)}, and use split-conformal lower and upper quantiles of the standardised log
 * return {@code ln(C_{t+h} / C_t) / σ_h}, measured on walk-forward out-of-fold rows, so the band is
 * {@code [C_t · exp(q_lo σ_h), C_t · exp(q_hi σ_h)]}. Immutable and thread-safe; load once at init.
 *
 * <pre>{@code
 * VolatilityModel vol = VolatilityModel.load(modelDirectory);          // models/<family>, /opt/model/<family>
 * VolatilityForecast f = vol.forecast(candles);                       // the last vol.windowLength() candles
 * RangeForecast range = vol.range(f, lastClose);                      // range.band(0.8).low() ...
 * }</pre>
 */
public final class VolatilityModel {

    private final String family;
    private final VolatilitySpec spec;
    private final double intercept;
    private final double[] coefficients;
    private final double residualVariance;
    private final double[] levels;
    private final double[] lower;
    private final double[] upper;
    private final MarketCalendar calendar;
    private final long intervalSeconds;
    private final ObjectNode json;

    /**
     * @param levels nominal coverages (e.g. 0.8, 0.95) with their lower and upper standardised quantiles
     */
    public VolatilityModel(String family, VolatilitySpec spec, double intercept, double[] coefficients,
                           double residualVariance, double[] levels, double[] lower, double[] upper, ObjectNode json) {
        this.family = Objects.requireNonNull(family, "family");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (coefficients.length != spec.featureCount() || levels.length != lower.length
                || levels.length != upper.length || !(residualVariance >= 0)) {
            throw new IllegalArgumentException("coefficients, levels or residual variance do not fit the spec");
        }
        for (int i = 0; i < levels.length; i++) {
            if (!(levels[i] > 0 && levels[i] < 1) || !(lower[i] <= upper[i])) {
                throw new IllegalArgumentException("invalid band " + levels[i] + ": " + lower[i] + ".." + upper[i]);
            }
        }
        this.intercept = intercept;
        this.coefficients = coefficients.clone();
        this.residualVariance = residualVariance;
        this.levels = levels.clone();
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.calendar = MarketCalendar.of(spec.assetClass());
        this.intervalSeconds = spec.interval().duration().getSeconds();
        this.json = json == null ? Json.mapper().createObjectNode() : json.deepCopy();
    }

    /** Reads {@code <directory>/volatility.json}. */
    public static VolatilityModel load(Path modelDirectory) {
        Path file = modelDirectory.resolve(ModelContract.VOLATILITY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, file, "no such file", null);
        }
        try {
            return parse(Files.readAllBytes(file), file);
        } catch (IOException e) {
            throw new ModelLoadException(ModelLoadException.Reason.UNREADABLE, file, e.getMessage(), e);
        }
    }

    public static VolatilityModel parse(byte[] bytes, Path origin) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw invalid(origin, "not JSON", e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw invalid(origin, "volatility.json is a JSON object", null);
        }
        try {
            JsonNode target = required(object, "target");
            JsonNode features = required(object, "features");
            JsonNode model = required(object, "model");
            JsonNode range = required(object, "range");
            List<Integer> windows = new ArrayList<>();
            required(features, "windows").forEach(w -> windows.add(w.asInt()));
            VolatilitySpec spec = new VolatilitySpec(Interval.fromCode(required(target, "interval").asText()),
                    AssetClass.fromCode(required(target, "assetClass").asText()),
                    required(target, "horizonBars").asInt(), required(range, "horizonBars").asInt(), windows,
                    required(features, "referenceWindow").asInt(), required(target, "barsPerYear").asDouble());
            List<String> names = new ArrayList<>();
            required(features, "names").forEach(n -> names.add(n.asText()));
            if (!names.equals(spec.featureNames())) {
                throw new IllegalArgumentException("features " + names + " are not this code's "
                        + spec.featureNames());
            }
            double[] coefficients = new double[spec.featureCount()];
            JsonNode c = required(model, "coefficients");
            if (c.size() != coefficients.length) {
                throw new IllegalArgumentException(c.size() + " coefficients for " + coefficients.length
                        + " features");
            }
            for (int i = 0; i < coefficients.length; i++) {
                coefficients[i] = c.get(i).asDouble();
            }
            JsonNode bands = required(range, "levels");
            double[] levels = new double[bands.size()];
            double[] lo = new double[bands.size()];
            double[] hi = new double[bands.size()];
            for (int i = 0; i < levels.length; i++) {
                levels[i] = required(bands.get(i), "level").asDouble();
                lo[i] = required(bands.get(i), "lowerQuantile").asDouble();
                hi[i] = required(bands.get(i), "upperQuantile").asDouble();
            }
            return new VolatilityModel(required(object, "family").asText(), spec,
                    required(model, "intercept").asDouble(), coefficients,
                    required(model, "residualVariance").asDouble(), levels, lo, hi, object);
        } catch (RuntimeException e) {
            throw invalid(origin, e.getMessage(), e);
        }
    }

    public String family() {
        return family;
    }

    public VolatilitySpec spec() {
        return spec;
    }

    /** Candles {@link #forecast(List)} needs. */
    public int windowLength() {
        return spec.windowLength();
    }

    /** The whole volatility.json (coefficients, evaluation, targets met), for {@code GET /v1/model}. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    public double[] levels() {
        return levels.clone();
    }

    /**
     * The forecast as of the last candle's close, from its last {@link #windowLength()} candles, which must be
     * consecutive bars of the instrument's calendar (a missing bar inside the look-back is an
     * {@link InsufficientHistoryException}: the features are skipped, never guessed).
     *
     * @throws InsufficientHistoryException too few candles, a gap, or a degenerate window (no price movement)
     */
    public VolatilityForecast forecast(List<Candle> candles) {
        return forecast(features(candles));
    }

    /**
     * The feature vector of the last {@link #windowLength()} candles, as {@link #forecast(List)} uses it.
     *
     * @throws InsufficientHistoryException too few candles, a gap, or a degenerate window (no price movement)
     */
    public double[] features(List<Candle> candles) {
        int n = spec.windowLength();
        if (candles.size() < n) {
            throw new InsufficientHistoryException(n, candles.size());
        }
        int offset = candles.size() - n;
        double[] open = new double[n];
        double[] high = new double[n];
        double[] low = new double[n];
        double[] close = new double[n];
        double[] volume = new double[n];
        Candle previous = null;
        for (int i = 0; i < n; i++) {
            Candle c = candles.get(offset + i);
            if (previous != null && !follows(previous, c)) {
                throw new InsufficientHistoryException(n, n - i);
            }
            previous = c;
            open[i] = c.open().doubleValue();
            high[i] = c.high().doubleValue();
            low[i] = c.low().doubleValue();
            close[i] = c.close().doubleValue();
            volume[i] = c.volume().doubleValue();
        }
        double[] r2 = new double[n];
        double[] pk = new double[n];
        double[] gk = new double[n];
        for (int i = 1; i < n; i++) {
            VolatilityFeatures.barTerms(open, high, low, close, i, r2, pk, gk);
        }
        double[] x = new double[spec.featureCount()];
        if (!VolatilityFeatures.compute(spec, r2, pk, gk, volume, n - 1, x)) {
            throw new InsufficientHistoryException(n, 0);
        }
        return x;
    }

    /**
     * True when {@code next} is the bar after {@code previous} in the calendar. A bar exactly one interval later is
     * always the next one (weekdays differ by exactly 24 h, daylight saving changes on Sundays; an hourly bar one
     * hour later is in the same session), so the calendar is only asked across weekends, holidays and gaps.
     */
    private boolean follows(Candle previous, Candle next) {
        if (next.openTime().getEpochSecond() - previous.openTime().getEpochSecond() == intervalSeconds
                && next.openTime().getNano() == previous.openTime().getNano()) {
            return true;
        }
        return calendar.nextOpenTime(spec.interval(), previous.openTime()).equals(next.openTime());
    }

    /** The forecast from a feature vector computed by {@link VolatilityFeatures#compute}. */
    public VolatilityForecast forecast(double[] features) {
        double variance = variance(features);
        return new VolatilityForecast(variance, spec.horizonBars(), Math.sqrt(variance),
                Math.sqrt(variance * spec.barsPerYear() / spec.horizonBars()), spec.rangeHorizonBars(),
                Math.sqrt(variance * spec.rangeHorizonBars() / spec.horizonBars()));
    }

    /** The linear prediction of ln(realised variance over H). */
    public double logVariance(double[] features) {
        double y = intercept;
        for (int i = 0; i < coefficients.length; i++) {
            y += coefficients[i] * features[i];
        }
        return y;
    }

    /** Forecast variance over H: {@code exp(prediction + s²/2)}. */
    public double variance(double[] features) {
        return StrictMath.exp(logVariance(features) + residualVariance / 2);
    }

    /** Bands for the close h bars after a bar that closed at {@code lastClose}, given its forecast. */
    public RangeForecast range(VolatilityForecast forecast, double lastClose) {
        List<RangeForecast.Band> bands = new ArrayList<>(levels.length);
        double sigma = forecast.rangeVolatility();
        for (int i = 0; i < levels.length; i++) {
            bands.add(new RangeForecast.Band(levels[i], lastClose * StrictMath.exp(lower[i] * sigma),
                    lastClose * StrictMath.exp(upper[i] * sigma)));
        }
        return new RangeForecast(spec.rangeHorizonBars(), lastClose, bands);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static ModelLoadException invalid(Path origin, String message, Throwable cause) {
        return new ModelLoadException(ModelLoadException.Reason.INVALID_CARD, origin, message, cause);
    }

    @Override
    public String toString() {
        return "VolatilityModel[" + family + ", H=" + spec.horizonBars() + " x " + spec.interval().code()
                + ", windows " + spec.windows() + "]";
    }
}
