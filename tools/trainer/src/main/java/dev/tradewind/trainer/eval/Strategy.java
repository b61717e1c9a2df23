package dev.tradewind.trainer.eval;

import dev.tradewind.trainer.data.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simplest trading use of the signals, over the horizon the label forecasts: per instrument, at a decision bar
 * be long until the label's bar (horizon bars later) when the forecast exceeds a threshold and flat otherwise,
 * paying a fee on every change of position; the next decision is the first row at or after that label bar, so
 * holding periods never overlap. Beside buying and holding over the same periods (one entry fee). The family's
 * instruments get equal starting capital and are never rebalanced; equity is marked at each holding period's end.
 *
 * @param times            bar times of the curves
 * @param strategy         equity of the long/flat strategy, starting at 1
 * @param buyAndHold       equity of buy-and-hold
 * @param positionChanges  entries plus exits, over all instruments
 * @param exposure         share of holding periods spent long
 */
public record Strategy(List<Instant> times, double[] strategy, double[] buyAndHold, int positionChanges,
                       double exposure) {

    public static Strategy run(List<Row> rows, double[] probabilities, double threshold, double feePerSide,
                               int symbolCount) {
        List<TreeMap<Instant, double[]>> curves = new ArrayList<>();
        for (int s = 0; s < symbolCount; s++) {
            curves.add(new TreeMap<>());
        }
        double[] equity = new double[symbolCount];
        double[] held = new double[symbolCount];
        boolean[] long_ = new boolean[symbolCount];
        boolean[] started = new boolean[symbolCount];
        Instant[] nextDecision = new Instant[symbolCount];
        int changes = 0;
        long longPeriods = 0;
        long periods = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int s = row.symbol();
            if (nextDecision[s] != null && row.time().isBefore(nextDecision[s])) {
                continue;   // still holding the previous decision's period
            }
            nextDecision[s] = row.labelTime();
            periods++;
            if (!started[s]) {
                started[s] = true;
                equity[s] = 1;
                held[s] = 1 - feePerSide;
            }
            boolean wantLong = probabilities[i] > threshold;
            if (wantLong != long_[s]) {
                equity[s] *= 1 - feePerSide;
                changes++;
                long_[s] = wantLong;
            }
            if (wantLong) {
                equity[s] *= 1 + row.horizonReturn();
                longPeriods++;
            }
            held[s] *= 1 + row.horizonReturn();
            curves.get(s).put(row.labelTime(), new double[] {equity[s], held[s]});
        }
        TreeSet<Instant> times = new TreeSet<>();
        curves.forEach(c -> times.addAll(c.keySet()));
        List<Instant> axis = new ArrayList<>(times);
        double[] strategy = new double[axis.size()];
        double[] buyAndHold = new double[axis.size()];
        double[][] last = new double[symbolCount][];
        for (int t = 0; t < axis.size(); t++) {
            double sumStrategy = 0;
            double sumHeld = 0;
            for (int s = 0; s < symbolCount; s++) {
                double[] point = curves.get(s).get(axis.get(t));
                if (point != null) {
                    last[s] = point;
                }
                sumStrategy += last[s] == null ? 1 : last[s][0];
                sumHeld += last[s] == null ? 1 : last[s][1];
            }
            strategy[t] = sumStrategy / symbolCount;
            buyAndHold[t] = sumHeld / symbolCount;
        }
        return new Strategy(List.copyOf(axis), strategy, buyAndHold, changes,
                periods == 0 ? 0 : (double) longPeriods / periods);
    }

    public double totalReturn() {
        return strategy.length == 0 ? 0 : strategy[strategy.length - 1] - 1;
    }

    public double buyAndHoldReturn() {
        return buyAndHold.length == 0 ? 0 : buyAndHold[buyAndHold.length - 1] - 1;
    }

    public double maxDrawdown() {
        return maxDrawdown(strategy);
    }

    public double buyAndHoldMaxDrawdown() {
        return maxDrawdown(buyAndHold);
    }

    static double maxDrawdown(double[] equity) {
        double peak = 1;
        double worst = 0;
        for (double value : equity) {
            peak = Math.max(peak, value);
            worst = Math.max(worst, 1 - value / peak);
        }
        return worst;
    }
}
