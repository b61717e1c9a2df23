package dev.tradewind.trainer.evaluate;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.model.features.InsufficientHistoryException;
import dev.tradewind.model.volatility.RangeForecast;
import dev.tradewind.model.volatility.VolatilityFeatures;
import dev.tradewind.model.volatility.VolatilityForecast;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.model.volatility.VolatilitySpec;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trainer.volatility.Garch11;
import dev.tradewind.trainer.volatility.VolMetrics;
import dev.tradewind.trainer.volatility.VolatilityTrainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One instrument's evaluated rows through the production path: the direction model's features and P(up) by
 * {@link ForecastModel}, the volatility forecast and price ranges by {@link VolatilityModel}, beside the trainer's
 * baselines (EWMA λ = 0.94, GARCH(1,1), rolling empirical quantiles of past h-bar returns). Rows are labelled by
 * time: the bar that decides a label (or ends a realised-variance window) must be exactly the horizon's bar on the
 * instrument's calendar, so a gap excludes the row; rows whose look-back reaches before the file's first bar are
 * skipped.
 */
final class SeriesRows {

    /** A direction row: P(up over h bars) at bar {@code bar}, the outcome, and the bar deciding it. */
    record Direction(Instant time, int series, int bar, int labelBar, double p, int y) {
    }

    /** A volatility row: forecasts of the variance over the next H bars and the realised one. */
    record Volatility(Instant time, int series, double model, double ewma, double garch, double realised) {
    }

    /** A range row: the h-bar log return and, per level, the model's and the baseline's bounds (log-return units). */
    record Range(Instant time, int series, double y, double[] low, double[] high, double[] baseLow,
                 double[] baseHigh) {
    }

    /** How the GARCH(1,1) baseline's parameters were obtained, for the printed notes. */
    record GarchSource(Garch11 params, String description) {
    }

    final String symbol;
    final List<Direction> direction = new ArrayList<>();
    final List<Volatility> volatility = new ArrayList<>();
    final List<Range> range = new ArrayList<>();
    final GarchSource garch;
    double strategyReturn;
    double buyAndHold;
    int trades;

    private SeriesRows(String symbol, GarchSource garch) {
        this.symbol = symbol;
        this.garch = garch;
    }

    /**
     * @param recordedGarch the GARCH(1,1) parameters volatility.json records for this symbol, when it does
     * @param from          rows at or after this instant only
     */
    static SeriesRows build(int index, String symbol, List<Candle> candles, ForecastModel model,
                            VolatilityModel volModel, Optional<Garch11> recordedGarch, Instant from,
                            double feePerSide) {
        int n = candles.size();
        int h = model.card().horizonBars();
        Interval interval = model.card().interval();
        MarketCalendar calendar = MarketCalendar.of(model.card().assetClass());
        Instant[] open = new Instant[n];
        double[] o = new double[n];
        double[] hi = new double[n];
        double[] lo = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        int[] gaps = new int[n];
        for (int i = 0; i < n; i++) {
            Candle candle = candles.get(i);
            open[i] = candle.openTime();
            o[i] = candle.open().doubleValue();
            hi[i] = candle.high().doubleValue();
            lo[i] = candle.low().doubleValue();
            c[i] = candle.close().doubleValue();
            v[i] = candle.volume().doubleValue();
            if (i > 0) {
                gaps[i] = gaps[i - 1] + (calendar.nextOpenTime(interval, open[i - 1]).equals(open[i]) ? 0 : 1);
            }
        }
        double[] r = new double[n];
        double[] r2 = new double[n];
        double[] pk = new double[n];
        double[] gk = new double[n];
        for (int i = 1; i < n; i++) {
            VolatilityFeatures.barTerms(o, hi, lo, c, i, r2, pk, gk);
            r[i] = VolatilityFeatures.logReturn(c[i - 1], c[i]);
        }
        int first = 0;
        while (first < n && open[first].isBefore(from)) {
            first++;
        }

        // GARCH(1,1): the recorded fit, else a fit on the returns before the first evaluated bar (out of sample)
        // when there are 250 of them, else on the first third of the series (in sample for those rows)
        GarchSource garch;
        if (recordedGarch.isPresent()) {
            garch = new GarchSource(recordedGarch.get(), "recorded in volatility.json (fitted on its training data)");
        } else {
            VolatilitySpec vs = volModel.spec();
            int firstRow = Math.max(first, vs.lookBack());
            if (firstRow - 1 >= 250) {
                garch = new GarchSource(Garch11.fit(r, 1, firstRow), "fitted on the " + (firstRow - 1)
                        + " returns before the first evaluated bar (out of sample)");
            } else if (n - 1 >= 250) {
                int end = Math.min(n, Math.max(251, n / 3));
                garch = new GarchSource(Garch11.fit(r, 1, end), "not recorded for this symbol; fitted on the first "
                        + (end - 1) + " returns (first third of the file, IN SAMPLE for rows among them)");
            } else {
                garch = new GarchSource(null, "not recorded, and fewer than 250 returns to fit it: no GARCH baseline");
            }
        }
        SeriesRows rows = new SeriesRows(symbol, garch);

        // direction: exactly the trainer's rows (features of the 100-bar window ending at bar i), labelled by time
        int window = model.features().windowLength();
        List<float[]> features = new ArrayList<>();
        List<int[]> bars = new ArrayList<>();
        for (int i = Math.max(window - 1, first); i + h < n; i++) {
            if (!open[i + h].equals(nthNext(calendar, interval, open[i], h))) {
                continue;
            }
            features.add(model.features(candles.subList(i - window + 1, i + 1)));
            bars.add(new int[] {i, i + h});
        }
        if (!features.isEmpty()) {
            float[] p = model.predict(features.toArray(float[][]::new));
            for (int k = 0; k < p.length; k++) {
                int i = bars.get(k)[0];
                int j = bars.get(k)[1];
                rows.direction.add(new Direction(open[i], index, i, j, p[k],
                        candles.get(j).close().compareTo(candles.get(i).close()) > 0 ? 1 : 0));
            }
        }
        rows.strategy(c, feePerSide);

        // volatility and ranges through the volatility model's API
        VolatilitySpec vs = volModel.spec();
        int horizon = vs.horizonBars();
        int lookBack = vs.lookBack();
        int wl = vs.windowLength();
        double[] ewmaNext = ewma(r2);
        double[] garchNext = garch.params() == null ? null : garch.params().filter(r);
        double[] hReturn = new double[n];
        Arrays.fill(hReturn, Double.NaN);
        for (int j = h; j < n; j++) {
            if (gaps[j] == gaps[j - h]) {
                hReturn[j] = Math.log(c[j] / c[j - h]);
            }
        }
        double[] levels = volModel.levels();
        for (int i = Math.max(lookBack, first); i < n; i++) {
            if (gaps[i] != gaps[i - lookBack]) {
                continue;
            }
            VolatilityForecast forecast;
            try {
                forecast = volModel.forecast(candles.subList(i - wl + 1, i + 1));
            } catch (InsufficientHistoryException e) {
                continue;   // a degenerate window (no price movement): no forecast, as in serving
            }
            if (i + horizon < n && gaps[i + horizon] == gaps[i]) {
                double rv = 0;
                for (int k = 1; k <= horizon; k++) {
                    rv += r2[i + k];
                }
                if (rv > 0) {   // QLIKE guard, as the trainer: rows with realised variance 0 are dropped
                    rows.volatility.add(new Volatility(open[i], index, forecast.variance(), horizon * ewmaNext[i],
                            garchNext == null ? Double.NaN : garch.params().forecast(garchNext[i], horizon), rv));
                }
            }
            if (i + h < n && gaps[i + h] == gaps[i]) {
                double[] base = baseline(hReturn, i);
                if (base == null) {
                    continue;
                }
                RangeForecast band = volModel.range(forecast, c[i]);
                double[] low = new double[levels.length];
                double[] high = new double[levels.length];
                double[] baseLow = new double[levels.length];
                double[] baseHigh = new double[levels.length];
                Arrays.sort(base);
                for (int lv = 0; lv < levels.length; lv++) {
                    RangeForecast.Band b = band.band(levels[lv]);
                    low[lv] = Math.log(b.low() / c[i]);
                    high[lv] = Math.log(b.high() / c[i]);
                    double[] q = VolMetrics.conformal(base, 1 - levels[lv]);
                    baseLow[lv] = q[0];
                    baseHigh[lv] = q[1];
                }
                rows.range.add(new Range(open[i], index, Math.log(c[i + h] / c[i]), low, high, baseLow, baseHigh));
            }
        }
        return rows;
    }

    /** The open time {@code k} bars after {@code open} on the calendar. */
    static Instant nthNext(MarketCalendar calendar, Interval interval, Instant open, int k) {
        Instant t = open;
        for (int i = 0; i < k; i++) {
            t = calendar.nextOpenTime(interval, t);
        }
        return t;
    }

    /** RiskMetrics σ²_{t+1} = λ σ²_t + (1 − λ) r²_t, seeded with the mean of the first 24 squared returns (trainer). */
    static double[] ewma(double[] r2) {
        int n = r2.length;
        double[] next = new double[n];
        int seedCount = Math.min(24, n - 1);
        double seed = 0;
        for (int i = 1; i <= seedCount; i++) {
            seed += r2[i];
        }
        double variance = seedCount > 0 ? seed / seedCount : 0;
        for (int i = 1; i < n; i++) {
            variance = VolatilityTrainer.EWMA_LAMBDA * variance + (1 - VolatilityTrainer.EWMA_LAMBDA) * r2[i];
            next[i] = variance;
        }
        return next;
    }

    /**
     * The trainer's range baseline: the instrument's h-bar log returns ending in the last
     * {@value VolatilityTrainer#BASELINE_WINDOW} bars up to bar i (gap-free ones only), at least
     * {@value VolatilityTrainer#BASELINE_MIN}; null when there are fewer.
     */
    private static double[] baseline(double[] hReturn, int i) {
        double[] past = new double[VolatilityTrainer.BASELINE_WINDOW];
        int count = 0;
        for (int j = Math.max(0, i - VolatilityTrainer.BASELINE_WINDOW + 1); j <= i; j++) {
            if (!Double.isNaN(hReturn[j])) {
                past[count++] = hReturn[j];
            }
        }
        return count < VolatilityTrainer.BASELINE_MIN ? null : Arrays.copyOf(past, count);
    }

    /**
     * Long from a row's close when P(up) &gt; 0.5, held for the label horizon h (to the bar deciding the label),
     * flat otherwise; the next decision is the first row at or after that bar (so positions never overlap), a fee per
     * side on every change of position (starting flat, no final exit). Buy-and-hold over the same span pays one
     * entry fee.
     */
    private void strategy(double[] close, double fee) {
        if (direction.isEmpty()) {
            return;
        }
        double equity = 1;
        boolean long_ = false;
        int k = 0;
        int firstBar = direction.getFirst().bar();
        int end = firstBar;
        while (k < direction.size()) {
            Direction row = direction.get(k);
            boolean wantLong = row.p() > 0.5;
            if (wantLong != long_) {
                equity *= 1 - fee;
                trades++;
                long_ = wantLong;
            }
            if (wantLong) {
                equity *= close[row.labelBar()] / close[row.bar()];
            }
            end = row.labelBar();
            while (k < direction.size() && direction.get(k).bar() < end) {
                k++;
            }
        }
        strategyReturn = equity - 1;
        buyAndHold = (1 - fee) * close[end] / close[firstBar] - 1;
    }
}
