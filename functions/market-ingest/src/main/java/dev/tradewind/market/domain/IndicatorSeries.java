package dev.tradewind.market.domain;

import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.Candle;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Technical indicators of one series' closed bars, computed by the shared {@link Indicators} (the code the model's
 * features and the behaviour engine run), so a value shown here is the value they acted on.
 *
 * <p>EMA, RSI, ATR and MACD are recursive: a value depends on where the recursion started. Every value here is
 * therefore computed over exactly the {@link #windowBars} bars that end at its bar (MACD, whose 12/26/9 no period
 * changes, over {@value #MIN_WINDOW}), as the model's features are (over {@value #MIN_WINDOW}): a bar's value is the
 * same whatever range or limit was asked for, and equals the feature of the same name and period. A value whose
 * window does not fit (fewer than window - 1 bars before its bar) is null, never a 0. Values carry ten significant
 * digits.
 */
public record IndicatorSeries(Set<Name> names, Map<Name, Map<String, Number>> parameters, int windowBars,
                              List<Point> points, boolean truncated) {

    /** The indicators served, with their default periods. */
    public enum Name {
        SMA, EMA, RSI, MACD, BOLLINGER, ATR;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Name> parse(String text) {
            for (Name name : values()) {
                if (name.code().equals(text)) {
                    return Optional.of(name);
                }
            }
            return Optional.empty();
        }

        int defaultPeriod() {
            return switch (this) {
                case SMA, EMA, BOLLINGER -> 20;
                case RSI, ATR -> 14;
                case MACD -> MACD_SLOW;
            };
        }
    }

    public static final int MACD_FAST = 12;
    public static final int MACD_SLOW = 26;
    public static final int MACD_SIGNAL = 9;
    public static final double BOLLINGER_K = 2;
    /** The model's feature window (FeatureSet.WINDOW_LENGTH): the defaults give the features' values exactly. */
    static final int MIN_WINDOW = 100;
    /** A longer period gets five of its own periods, after which a recursion's seed weighs below 1 % (RSI 14). */
    static final int PERIODS_PER_WINDOW = 5;
    private static final MathContext SIGNIFICANT = new MathContext(10, RoundingMode.HALF_EVEN);

    /** One closed bar and its indicator values (null where undefined). */
    public record Point(Instant openTime, BigDecimal close, Map<String, Object> values) {
    }

    /** The bars each value but MACD's is computed over: the model's 100, or five of a longer {@code period}. */
    public static int window(Integer period) {
        return Math.max(MIN_WINDOW, period == null ? 0 : PERIODS_PER_WINDOW * period);
    }

    /**
     * The indicators over {@code bars} (closed, consecutive, oldest first), answered for those opened at or after
     * {@code from} (null: any), the newest {@code limit} of them; {@code truncated} when there were more, with or
     * without {@code from}.
     */
    public static IndicatorSeries compute(List<Candle> bars, Set<Name> names, Integer period, Instant from, int limit) {
        Set<Name> asked = EnumSet.copyOf(names);
        int window = window(period);
        int n = bars.size();
        double[] close = CandleSeries.closes(bars);
        double[] high = CandleSeries.highs(bars);
        double[] low = CandleSeries.lows(bars);
        Map<Name, Map<String, Number>> parameters = new LinkedHashMap<>();
        for (Name name : asked) {
            int p = period != null ? period : name.defaultPeriod();
            parameters.put(name, switch (name) {
                case MACD -> Map.of("fast", MACD_FAST, "slow", MACD_SLOW, "signal", MACD_SIGNAL);
                case BOLLINGER -> Map.of("period", p, "k", BOLLINGER_K);
                default -> Map.of("period", p);
            });
        }
        int first = 0;
        while (first < n && from != null && bars.get(first).openTime().isBefore(from)) {
            first++;
        }
        int start = Math.max(first, n - limit);
        List<Point> points = new ArrayList<>(n - start);
        for (int i = start; i < n; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Name name : asked) {
                // period does not set MACD's 12/26/9, so neither does it lengthen MACD's window: it stays the feature.
                int lo = i + 1 - (name == Name.MACD ? MIN_WINDOW : window);
                values.put(name.code(), lo < 0 ? undefined(name) : valueAt(name,
                        period != null ? period : name.defaultPeriod(),
                        Arrays.copyOfRange(close, lo, i + 1), Arrays.copyOfRange(high, lo, i + 1),
                        Arrays.copyOfRange(low, lo, i + 1)));
            }
            points.add(new Point(bars.get(i).openTime(), bars.get(i).close(), values));
        }
        return new IndicatorSeries(asked, parameters, window, points, start > first);
    }

    /** The indicator at the last bar of one window. */
    private static Object valueAt(Name name, int period, double[] close, double[] high, double[] low) {
        int last = close.length - 1;
        return switch (name) {
            case SMA -> number(Indicators.sma(close, period)[last]);
            case EMA -> number(Indicators.ema(close, period)[last]);
            case RSI -> number(Indicators.rsi(close, period)[last]);
            case ATR -> number(Indicators.atr(high, low, close, period)[last]);
            case MACD -> {
                Indicators.Macd m = Indicators.macd(close, MACD_FAST, MACD_SLOW, MACD_SIGNAL);
                yield named("macd", m.macd()[last], "signal", m.signal()[last], "histogram", m.histogram()[last]);
            }
            case BOLLINGER -> {
                Indicators.Bollinger b = Indicators.bollinger(close, period, BOLLINGER_K);
                yield named("middle", b.middle()[last], "upper", b.upper()[last], "lower", b.lower()[last],
                        "percentB", b.percentB()[last]);
            }
        };
    }

    private static Object undefined(Name name) {
        return switch (name) {
            case MACD -> named("macd", Double.NaN, "signal", Double.NaN, "histogram", Double.NaN);
            case BOLLINGER -> named("middle", Double.NaN, "upper", Double.NaN, "lower", Double.NaN,
                    "percentB", Double.NaN);
            default -> null;
        };
    }

    private static Map<String, Double> named(Object... pairs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], number((double) pairs[i + 1]));
        }
        return out;
    }

    /** Ten significant digits: the sums behind an SMA or a band leave floating-point noise in the last ones. */
    private static Double number(double value) {
        return Double.isFinite(value) ? new BigDecimal(value).round(SIGNIFICANT).doubleValue() : null;
    }
}
