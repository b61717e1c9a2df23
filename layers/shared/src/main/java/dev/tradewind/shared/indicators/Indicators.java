package dev.tradewind.shared.indicators;

import java.util.Arrays;

/**
 * Technical indicators over price series, the one implementation used by ingestion, the model's features (training
 * and serving) and the analyses. Inputs are oldest first; every output has the input's length with
 * {@link Double#NaN} wherever the indicator is not yet defined, never a silent 0.
 *
 * <p>Conventions: EMA seeded with the SMA of its first {@code period} values (α = 2 / (period + 1)); RSI and ATR use
 * Wilder's smoothing (α = 1 / period) seeded with a simple mean; Bollinger bands use the population standard
 * deviation; volatility is the sample standard deviation of log returns.
 */
public final class Indicators {

    private Indicators() {
    }

    public static double[] sma(double[] values, int period) {
        requirePeriod(period);
        double[] out = nans(values.length);
        double sum = 0;
        int valid = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                sum = 0;
                valid = 0;
                continue;
            }
            sum += values[i];
            valid++;
            if (valid > period) {
                sum -= values[i - period];
                valid = period;
            }
            if (valid == period) {
                out[i] = sum / period;
            }
        }
        return out;
    }

    /** Starts once {@code period} consecutive defined values exist, so it can run over another indicator's output. */
    public static double[] ema(double[] values, int period) {
        requirePeriod(period);
        double[] out = nans(values.length);
        double alpha = 2.0 / (period + 1);
        int run = 0;
        double seed = 0;
        double previous = Double.NaN;
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            if (Double.isNaN(value)) {
                run = 0;
                seed = 0;
                previous = Double.NaN;
                continue;
            }
            if (!Double.isNaN(previous)) {
                previous = previous + alpha * (value - previous);
                out[i] = previous;
                continue;
            }
            seed += value;
            run++;
            if (run == period) {
                previous = seed / period;
                out[i] = previous;
            }
        }
        return out;
    }

    /** Wilder's RSI: 100 when there were no losses, 50 when the price did not move at all. */
    public static double[] rsi(double[] closes, int period) {
        requirePeriod(period);
        double[] out = nans(closes.length);
        if (closes.length <= period) {
            return out;
        }
        double gain = 0;
        double loss = 0;
        for (int i = 1; i <= period; i++) {
            double change = closes[i] - closes[i - 1];
            gain += Math.max(change, 0);
            loss += Math.max(-change, 0);
        }
        gain /= period;
        loss /= period;
        out[period] = rsiValue(gain, loss);
        for (int i = period + 1; i < closes.length; i++) {
            double change = closes[i] - closes[i - 1];
            gain = (gain * (period - 1) + Math.max(change, 0)) / period;
            loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
            out[i] = rsiValue(gain, loss);
        }
        return out;
    }

    private static double rsiValue(double averageGain, double averageLoss) {
        if (averageLoss == 0) {
            return averageGain == 0 ? 50 : 100;
        }
        return 100 - 100 / (1 + averageGain / averageLoss);
    }

    public record Macd(double[] macd, double[] signal, double[] histogram) {
    }

    /** MACD line = EMA(fast) − EMA(slow); signal = EMA(signalPeriod) of the MACD line; histogram = MACD − signal. */
    public static Macd macd(double[] closes, int fast, int slow, int signalPeriod) {
        if (fast >= slow) {
            throw new IllegalArgumentException("fast period must be shorter than slow period");
        }
        double[] fastEma = ema(closes, fast);
        double[] slowEma = ema(closes, slow);
        double[] line = new double[closes.length];
        for (int i = 0; i < closes.length; i++) {
            line[i] = fastEma[i] - slowEma[i];
        }
        double[] signal = ema(line, signalPeriod);
        double[] histogram = new double[closes.length];
        for (int i = 0; i < closes.length; i++) {
            histogram[i] = line[i] - signal[i];
        }
        return new Macd(line, signal, histogram);
    }

    public record Bollinger(double[] middle, double[] upper, double[] lower, double[] percentB) {
    }

    /** Middle = SMA(period); bands at ±k population standard deviations; %B = (close − lower) / (upper − lower). */
    public static Bollinger bollinger(double[] closes, int period, double k) {
        double[] middle = sma(closes, period);
        double[] deviation = rollingStdDev(closes, period, false);
        double[] upper = nans(closes.length);
        double[] lower = nans(closes.length);
        double[] percentB = nans(closes.length);
        for (int i = 0; i < closes.length; i++) {
            if (Double.isNaN(middle[i])) {
                continue;
            }
            upper[i] = middle[i] + k * deviation[i];
            lower[i] = middle[i] - k * deviation[i];
            double width = upper[i] - lower[i];
            percentB[i] = width == 0 ? 0.5 : (closes[i] - lower[i]) / width;
        }
        return new Bollinger(middle, upper, lower, percentB);
    }

    /** True range; the first bar has no previous close, so its range is high − low. */
    public static double[] trueRange(double[] high, double[] low, double[] close) {
        requireSameLength(high, low, close);
        double[] out = new double[high.length];
        for (int i = 0; i < high.length; i++) {
            double range = high[i] - low[i];
            out[i] = i == 0 ? range
                    : Math.max(range, Math.max(Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1])));
        }
        return out;
    }

    /** Wilder's ATR: the first value is the mean of the first {@code period} true ranges. */
    public static double[] atr(double[] high, double[] low, double[] close, int period) {
        requirePeriod(period);
        double[] ranges = trueRange(high, low, close);
        double[] out = nans(ranges.length);
        if (ranges.length < period) {
            return out;
        }
        double atr = 0;
        for (int i = 0; i < period; i++) {
            atr += ranges[i];
        }
        atr /= period;
        out[period - 1] = atr;
        for (int i = period; i < ranges.length; i++) {
            atr = (atr * (period - 1) + ranges[i]) / period;
            out[i] = atr;
        }
        return out;
    }

    /** ln(close[i] / close[i − 1]); undefined for the first bar. */
    public static double[] logReturns(double[] closes) {
        double[] out = nans(closes.length);
        for (int i = 1; i < closes.length; i++) {
            out[i] = Math.log(closes[i] / closes[i - 1]);
        }
        return out;
    }

    /** Sample standard deviation of the last {@code period} log returns (not annualised). */
    public static double[] rollingVolatility(double[] closes, int period) {
        return rollingStdDev(logReturns(closes), period, true);
    }

    /** Standard deviation over each full window of {@code period} defined values; two-pass for accuracy. */
    public static double[] rollingStdDev(double[] values, int period, boolean sample) {
        requirePeriod(period);
        if (sample && period < 2) {
            throw new IllegalArgumentException("a sample standard deviation needs a period of at least 2");
        }
        double[] out = nans(values.length);
        for (int end = period - 1; end < values.length; end++) {
            double mean = 0;
            boolean defined = true;
            for (int i = end - period + 1; i <= end; i++) {
                if (Double.isNaN(values[i])) {
                    defined = false;
                    break;
                }
                mean += values[i];
            }
            if (!defined) {
                continue;
            }
            mean /= period;
            double squares = 0;
            for (int i = end - period + 1; i <= end; i++) {
                double d = values[i] - mean;
                squares += d * d;
            }
            out[end] = Math.sqrt(squares / (sample ? period - 1 : period));
        }
        return out;
    }

    private static double[] nans(int length) {
        double[] out = new double[length];
        Arrays.fill(out, Double.NaN);
        return out;
    }

    private static void requirePeriod(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1, was " + period);
        }
    }

    private static void requireSameLength(double[] a, double[] b, double[] c) {
        if (a.length != b.length || b.length != c.length) {
            throw new IllegalArgumentException("high, low and close must have the same length");
        }
    }
}
