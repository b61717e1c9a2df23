package dev.tradewind.model.features;

import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.NyseCalendar;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The model's inputs, computed from a window of candles. The trainer and the predict function both call
 * {@link #compute}, so what the model saw in training is what it sees in production, by construction.
 *
 * <p>The vector describes the last candle of the window ("now" = its close) and uses nothing after it. Exactly the
 * last {@link #windowLength()} candles are used, however many are given: the EMAs inside MACD depend on where their
 * window starts, so a fixed length makes a vector a pure function of those candles. 100 bars let the slowest EMA
 * (26) run 66 bars past its seed, whose weight has then decayed below 1%. A value that is undefined (a zero price, a
 * volume series without variation) is NaN, which the model treats as missing; never a silent 0.
 *
 * <p>Features, in order (the model card lists them too):
 * <ul>
 *   <li>{@code log_return_1}, {@code log_return_4}, {@code log_return_24}: ln(close / close k bars earlier)</li>
 *   <li>{@code rsi_14}: Wilder's RSI</li>
 *   <li>{@code macd_histogram_rel}: MACD(12, 26, 9) histogram / close</li>
 *   <li>{@code bollinger_percent_b_20}: %B of Bollinger(20, 2)</li>
 *   <li>{@code atr_14_rel}: Wilder's ATR(14) / close</li>
 *   <li>{@code volatility_24}: sample standard deviation of the last 24 log returns</li>
 *   <li>{@code volume_zscore_24}: z-score of ln(1 + volume) against its last 24 bars</li>
 *   <li>{@code range_rel}: (high − low) / close of the last bar</li>
 *   <li>{@code sma_50_distance}: close / SMA(50) − 1</li>
 *   <li>hourly only: {@code hour_sin}, {@code hour_cos} of the bar's UTC hour</li>
 *   <li>{@code day_of_week_sin}, {@code day_of_week_cos}: of the UTC day (hourly) or the New York trading date
 *   (daily)</li>
 * </ul>
 * This class's own logarithms and trigonometry use {@link StrictMath}, which gives the same bits on every CPU (the
 * trainer runs on x86_64, Lambda on arm64). The shared indicators use {@link Math}, whose log may differ in the last
 * bit of a double between CPUs; after the narrowing to float that almost never shows, and both paths are checked
 * against each other on one machine (FeatureParityIT in the trainer).
 */
public final class FeatureSet {

    public static final int WINDOW_LENGTH = 100;

    private static final List<String> MARKET_FEATURES = List.of("log_return_1", "log_return_4", "log_return_24",
            "rsi_14", "macd_histogram_rel", "bollinger_percent_b_20", "atr_14_rel", "volatility_24",
            "volume_zscore_24", "range_rel", "sma_50_distance");

    public static final FeatureSet HOURLY = new FeatureSet(Interval.H1, true);
    public static final FeatureSet DAILY = new FeatureSet(Interval.D1, false);

    private final Interval interval;
    private final boolean hourOfDay;
    private final List<String> names;

    private FeatureSet(Interval interval, boolean hourOfDay) {
        this.interval = interval;
        this.hourOfDay = hourOfDay;
        List<String> all = new ArrayList<>(MARKET_FEATURES);
        if (hourOfDay) {
            all.addAll(List.of("hour_sin", "hour_cos"));
        }
        all.addAll(List.of("day_of_week_sin", "day_of_week_cos"));
        this.names = List.copyOf(all);
    }

    public static FeatureSet forInterval(Interval interval) {
        return switch (interval) {
            case H1 -> HOURLY;
            case D1 -> DAILY;
        };
    }

    /** Names in vector order; a model card must list exactly these. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    public Interval interval() {
        return interval;
    }

    /** How many candles {@link #compute} needs; fewer is an {@link InsufficientHistoryException}. */
    public int windowLength() {
        return WINDOW_LENGTH;
    }

    /** An identifier that changes whenever a feature's definition does. */
    public String id() {
        return "tradewind-features-v1-" + interval.code();
    }

    /**
     * @param window consecutive candles of one series, oldest first (e.g. {@code CandleRepository.window}); only the
     *               last {@link #windowLength()} are used
     * @return the feature vector of the window's last candle
     * @throws InsufficientHistoryException if the window is shorter than {@link #windowLength()}
     * @throws IllegalArgumentException     if the candles are not one series of this set's interval in time order
     */
    public float[] compute(List<Candle> window) {
        Objects.requireNonNull(window, "window");
        if (window.size() < WINDOW_LENGTH) {
            throw new InsufficientHistoryException(WINDOW_LENGTH, window.size());
        }
        List<Candle> candles = window.subList(window.size() - WINDOW_LENGTH, window.size());
        requireOneSeries(candles);
        double[] close = CandleSeries.closes(candles);
        double[] high = CandleSeries.highs(candles);
        double[] low = CandleSeries.lows(candles);
        double[] volume = CandleSeries.volumes(candles);
        int last = WINDOW_LENGTH - 1;
        double price = close[last];

        double[] logVolume = new double[WINDOW_LENGTH];
        for (int i = 0; i < WINDOW_LENGTH; i++) {
            logVolume[i] = StrictMath.log1p(volume[i]);
        }
        double volumeMean = Indicators.sma(logVolume, 24)[last];
        double volumeDeviation = Indicators.rollingStdDev(logVolume, 24, true)[last];

        float[] out = new float[size()];
        int f = 0;
        out[f++] = finite(StrictMath.log(price / close[last - 1]));
        out[f++] = finite(StrictMath.log(price / close[last - 4]));
        out[f++] = finite(StrictMath.log(price / close[last - 24]));
        out[f++] = finite(Indicators.rsi(close, 14)[last]);
        out[f++] = finite(Indicators.macd(close, 12, 26, 9).histogram()[last] / price);
        out[f++] = finite(Indicators.bollinger(close, 20, 2.0).percentB()[last]);
        out[f++] = finite(Indicators.atr(high, low, close, 14)[last] / price);
        out[f++] = finite(Indicators.rollingVolatility(close, 24)[last]);
        // Rounding leaves ~1e-16 of "deviation" in a constant series; below 1e-9 the volume did not vary at all.
        out[f++] = finite(volumeDeviation > 1e-9 ? (logVolume[last] - volumeMean) / volumeDeviation : Double.NaN);
        out[f++] = finite((high[last] - low[last]) / price);
        out[f++] = finite(price / Indicators.sma(close, 50)[last] - 1);

        Candle now = candles.get(last);
        if (hourOfDay) {
            double angle = 2 * StrictMath.PI * now.openTime().atZone(ZoneOffset.UTC).getHour() / 24.0;
            out[f++] = (float) StrictMath.sin(angle);
            out[f++] = (float) StrictMath.cos(angle);
        }
        DayOfWeek day = interval == Interval.D1
                ? NyseCalendar.tradingDate(now.openTime()).getDayOfWeek()
                : now.openTime().atZone(ZoneOffset.UTC).getDayOfWeek();
        double dayAngle = 2 * StrictMath.PI * (day.getValue() - 1) / 7.0;
        out[f++] = (float) StrictMath.sin(dayAngle);
        out[f] = (float) StrictMath.cos(dayAngle);
        return out;
    }

    /** Infinities (a division by a zero price) are undefined values too: NaN, which the model treats as missing. */
    private static float finite(double value) {
        float narrowed = (float) value;
        return Float.isFinite(narrowed) ? narrowed : Float.NaN;
    }

    private void requireOneSeries(List<Candle> candles) {
        Candle first = candles.getFirst();
        for (int i = 0; i < candles.size(); i++) {
            Candle candle = candles.get(i);
            if (candle.interval() != interval) {
                throw new IllegalArgumentException("features for " + interval.code() + " bars got a "
                        + candle.interval().code() + " bar");
            }
            if (!candle.symbol().equals(first.symbol())) {
                throw new IllegalArgumentException("a window must be one symbol, got " + first.symbol() + " and "
                        + candle.symbol());
            }
            if (i > 0 && !candle.openTime().isAfter(candles.get(i - 1).openTime())) {
                throw new IllegalArgumentException("candles must be in strictly increasing time order at "
                        + candle.openTime());
            }
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
