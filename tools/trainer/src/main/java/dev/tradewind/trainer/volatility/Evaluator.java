package dev.tradewind.trainer.volatility;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.model.volatility.VolatilitySpec;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.volatility.VolatilityTrainer.Candidate;
import dev.tradewind.trainer.volatility.VolatilityTrainer.Row;
import dev.tradewind.trainer.volatility.VolatilityTrainer.Series;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/** The evaluation of {@link VolatilityTrainer}: fits, baselines, sets, targets, volatility.json and the report text. */
final class Evaluator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SETS = {"walkForward", "holdout", "loioHoldout", "loioWalkForward"};
    /** Time blocks of the training rows for the tree ensemble's out-of-sample residual variance. */
    static final int RESIDUAL_BLOCKS = 5;

    private final VolatilityTrainer t;
    private final FamilySpec spec;
    private final List<Row> rows;
    private final List<Series> series;
    private final int folds;
    private final int horizon;
    private final int h;
    private double[][][][] stats;   // [candidate][instrument][segment], flattened (p + 2)² sums
    private double[] ewma;
    private double[] rolling;
    private double[] garch;
    private double[][] baseLo;
    private double[][] baseHi;
    private final StringBuilder md = new StringBuilder();

    Evaluator(VolatilityTrainer trainer) {
        this.t = trainer;
        this.spec = trainer.spec();
        this.rows = trainer.rows();
        this.series = trainer.series();
        this.folds = spec.folds();
        this.horizon = trainer.settings().horizonBars();
        this.h = spec.horizonBars();
    }

    private boolean inPool(Candidate c, int inst) {
        return c.pool() == 1 || inst < t.ownCount();
    }

    VolatilityTrainer.Result run() {
        buildStats();
        // 1. candidate selection: walk-forward QLIKE on the family's own instruments (development period only)
        List<Candidate> candidates = t.candidates();
        double[] candidateQlike = new double[candidates.size()];
        int chosen = 0;
        for (int c = 0; c < candidates.size(); c++) {
            double[] f = forecasts(candidates.get(c), -1, null);
            double sum = 0;
            int n = 0;
            for (int r = 0; r < rows.size(); r++) {
                if (t.fold()[r] >= 0 && t.fold()[r] < folds && rows.get(r).inst() < t.ownCount()) {
                    sum += VolMetrics.qlike(f[r], rows.get(r).rv());
                    n++;
                }
            }
            candidateQlike[c] = sum / n;
            if (candidateQlike[c] < candidateQlike[chosen]) {
                chosen = c;
            }
        }
        Candidate best = candidates.get(chosen);
        baselines(best.spec());

        // 2. the standard walk-forward and holdout forecasts, conformal quantiles from earlier out-of-fold rows
        LeastSquares.Fit[] fits = new LeastSquares.Fit[folds + 1];
        double[] f = forecasts(best, -1, fits);
        double[][] qLo = nanArrays();
        double[][] qHi = nanArrays();
        double[][][] finalQuantiles = quantiles(best, -1, f, qLo, qHi);

        // 3. leave one instrument out: refit without it, calibrate on the others' out-of-fold rows
        double[] fLoio = new double[rows.size()];
        Arrays.fill(fLoio, Double.NaN);
        double[][] qLoLoio = nanArrays();
        double[][] qHiLoio = nanArrays();
        for (int i = 0; i < series.size(); i++) {
            double[] fi = forecasts(best, i, null);
            double[][] lo = nanArrays();
            double[][] hi = nanArrays();
            quantiles(best, i, fi, lo, hi);
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r).inst() == i && t.fold()[r] >= 0) {
                    fLoio[r] = fi[r];
                    for (int lv = 0; lv < VolatilityTrainer.LEVELS.length; lv++) {
                        qLoLoio[lv][r] = lo[lv][r];
                        qHiLoio[lv][r] = hi[lv][r];
                    }
                }
            }
        }

        // 4. the sets
        List<Integer> wf = new ArrayList<>();
        List<Integer> ho = new ArrayList<>();
        List<Integer> loioWf = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int k = t.fold()[r];
            boolean own = rows.get(r).inst() < t.ownCount();
            if (k >= 0 && k < folds) {
                loioWf.add(r);
                if (own) {
                    wf.add(r);
                }
            } else if (k == folds && own) {
                ho.add(r);
            }
        }
        ObjectNode evaluation = JSON.createObjectNode();
        ObjectNode targets = JSON.createObjectNode();
        md.append("## Volatility and price ranges\n\n");
        appendIntro(best, fits[folds], finalQuantiles, candidates, candidateQlike, chosen);
        StringBuilder volTable = new StringBuilder("| set | rows | instruments | QLIKE model | EWMA | GARCH(1,1) | "
                + "rolling | model − EWMA [95%] | model − GARCH [95%] | RMSE log vol model / EWMA / GARCH | MZ a, b, R² "
                + "|\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder rangeTable = new StringBuilder("| set | level | rows | coverage model | coverage baseline | "
                + "interval score model | baseline | model − baseline [95%] |\n|---|---|---|---|---|---|---|---|\n");
        evaluate("walkForward", "walk-forward folds", ints(wf), f, qLo, qHi, evaluation, targets, volTable,
                rangeTable);
        evaluate("holdout", "holdout", ints(ho), f, qLo, qHi, evaluation, targets, volTable, rangeTable);
        evaluate("loioHoldout", "LOIO, holdout", ints(ho), fLoio, qLoLoio, qHiLoio, evaluation, targets, volTable,
                rangeTable);
        evaluate("loioWalkForward", "LOIO, walk-forward folds", ints(loioWf), fLoio, qLoLoio, qHiLoio, evaluation,
                targets, volTable, rangeTable);
        md.append("### Volatility: QLIKE (lower is better) and friends\n\n").append(volTable).append('\n');
        md.append("Differences are per-row QLIKE, model minus baseline, averaged; negative favours the model. "
                + "95% moving-block bootstrap (blocks of H bars × the set's instruments, 1,000 replicates, seed 42, "
                + "the same blocks for both forecasters). RMSE of ln √RV. Mincer–Zarnowitz regresses the realised "
                + "variance on the model's forecast (unbiased: a ≈ 0, b ≈ 1).\n\n");
        md.append("Instrument by instrument (LOIO):\n\n").append(loioNotes).append('\n');
        md.append("### Price ranges: coverage and interval score (log-return units)\n\n").append(rangeTable)
                .append('\n');
        md.append("Nominal coverage 80% and 95%; the target is within ±3 points. The interval score is computed on "
                + "ln(C_{t+h}/C_t) against [q_lo σ_h, q_hi σ_h] (scale-free, so instruments at different price "
                + "levels pool fairly); lower is better. A fold's conformal quantiles come from the earlier folds' "
                + "rows whose outcome is known when it starts. Range rows exclude the first walk-forward fold, whose "
                + "conformal quantiles would have no earlier out-of-fold rows, and rows whose instrument has fewer "
                + "than " + VolatilityTrainer.BASELINE_MIN + " past h-bar returns for the baseline.\n\n");
        md.append("![Volatility forecast vs realised, holdout](volatility-holdout.png)\n\n");
        md.append("![Rolling coverage of the price ranges, holdout](range-coverage.png)\n\n");
        appendTargets(targets);

        // 4b. a tree ensemble on the same features, rows and folds: measured, not served
        ObjectNode xgb = xgboostComparison(best, f);

        // 5. the served model and its file
        VolatilitySpec vs = best.spec();
        LeastSquares.Fit fit = fits[folds];
        double[] lower = new double[VolatilityTrainer.LEVELS.length];
        double[] upper = new double[VolatilityTrainer.LEVELS.length];
        for (int lv = 0; lv < lower.length; lv++) {
            lower[lv] = finalQuantiles[lv][0][0];
            upper[lv] = finalQuantiles[lv][0][1];
        }
        VolatilityModel model = VolatilityTrainer.model(spec.name(), vs, fit, lower, upper);
        ObjectNode root = json(best, fit, finalQuantiles, candidates, candidateQlike, chosen, evaluation, targets);
        byte[] bytes = VolatilityTrainer.write(root);
        checkServingPath(model, bytes, fits[folds], f);
        StringBuilder summary = new StringBuilder(spec.name() + " volatility (" + best.name() + "):");
        for (String key : SETS) {
            ObjectNode set = (ObjectNode) evaluation.get(key);
            if (set.get("rows").asInt() == 0) {
                continue;
            }
            summary.append(String.format(Locale.ROOT, "%n  %-16s QLIKE %.5f (EWMA %.5f, GARCH %.5f), coverage 80%% "
                            + "%.4f, 95%% %.4f", key, set.at("/qlike/model").asDouble(),
                    set.at("/qlike/ewma").asDouble(), set.at("/qlike/garch").asDouble(),
                    set.at("/ranges/80/coverage").asDouble(Double.NaN),
                    set.at("/ranges/95/coverage").asDouble(Double.NaN)));
        }
        return new VolatilityTrainer.Result(bytes, md.toString(), charts(f, qLo, qHi, ho), summary.toString());
    }

    private void buildStats() {
        List<Candidate> candidates = t.candidates();
        stats = new double[candidates.size()][series.size()][folds + 2][];
        for (int c = 0; c < candidates.size(); c++) {
            int p = candidates.get(c).spec().featureCount();
            for (int i = 0; i < series.size(); i++) {
                for (int s = 0; s <= folds + 1; s++) {
                    stats[c][i][s] = LeastSquares.newStatistics(p);
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                LeastSquares.accumulate(stats[c][row.inst()][t.segment()[r]], row.x()[c], Math.log(row.rv()));
            }
        }
    }

    private LeastSquares.Fit fit(Candidate c, int boundary, int excluded) {
        int index = t.candidates().indexOf(c);
        int p = c.spec().featureCount();
        double[] sum = LeastSquares.newStatistics(p);
        for (int i = 0; i < series.size(); i++) {
            if (i == excluded || !inPool(c, i)) {
                continue;
            }
            for (int s = 0; s <= boundary; s++) {
                LeastSquares.add(sum, stats[index][i][s]);
            }
        }
        return LeastSquares.fit(sum, p);
    }

    /** Variance forecasts for every row of a fold or the holdout, each from the fit of its own boundary. */
    private double[] forecasts(Candidate c, int excluded, LeastSquares.Fit[] fitsOut) {
        int index = t.candidates().indexOf(c);
        LeastSquares.Fit[] fits = new LeastSquares.Fit[folds + 1];
        for (int k = 0; k <= folds; k++) {
            fits[k] = fit(c, k, excluded);
            if (fitsOut != null) {
                fitsOut[k] = fits[k];
            }
        }
        double[] f = new double[rows.size()];
        Arrays.fill(f, Double.NaN);
        for (int r = 0; r < rows.size(); r++) {
            int k = t.fold()[r];
            if (k >= 0) {
                LeastSquares.Fit fit = fits[k];
                f[r] = StrictMathExp.exp(fit.predict(rows.get(r).x()[index]) + fit.residualVariance() / 2);
            }
        }
        return f;
    }

    /**
     * Conformal quantiles for rows of fold k ≥ 1 (and the holdout) from the standardised residuals of the
     * calibration instruments' rows in folds before k. Returns the holdout's [level][0][lo, hi] and their counts.
     */
    private double[][][] quantiles(Candidate c, int excluded, double[] f, double[][] lo, double[][] hi) {
        double scale = (double) h / horizon;
        double[][][] last = new double[VolatilityTrainer.LEVELS.length][2][];
        for (int k = 1; k <= folds; k++) {
            List<Double> z = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                int inst = rows.get(r).inst();
                if (calibrates(r, k) && inst != excluded && inPool(c, inst)) {
                    z.add(rows.get(r).hReturn() / Math.sqrt(f[r] * scale));
                }
            }
            double[] sorted = z.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            for (int lv = 0; lv < VolatilityTrainer.LEVELS.length; lv++) {
                double[] q = VolMetrics.conformal(sorted, 1 - VolatilityTrainer.LEVELS[lv]);
                for (int r = 0; r < rows.size(); r++) {
                    if (t.fold()[r] == k) {
                        lo[lv][r] = q[0];
                        hi[lv][r] = q[1];
                    }
                }
                if (k == folds) {
                    last[lv][0] = q;
                    last[lv][1] = new double[] {sorted.length};
                }
            }
        }
        return last;
    }

    /**
     * Whether fold k's conformal quantiles may use row r: a row of an earlier fold whose outcome is known when fold k
     * starts, i.e. the bar whose close decides ln(C_{t+h}/C_t) opens before fold k's boundary (the direction
     * calibration's purge, labelTime &lt; fold start). Without it the last h rows before the boundary would leak.
     */
    boolean calibrates(int r, int k) {
        int kr = t.fold()[r];
        Row row = rows.get(r);
        return kr >= 0 && kr < k && series.get(row.inst()).open()[row.bar() + h].isBefore(t.boundaries()[k]);
    }

    private void baselines(VolatilitySpec vs) {
        int n = rows.size();
        ewma = new double[n];
        rolling = new double[n];
        garch = new double[n];
        Arrays.fill(garch, Double.NaN);
        int window = vs.windows().getLast();
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            Series s = series.get(row.inst());
            ewma[r] = horizon * s.ewmaNext()[row.bar()];
            rolling[r] = horizon * VolatilityTrainer.rollingVariance(s, row.bar(), Math.max(2, window));
        }
        // GARCH(1,1) per instrument, fitted on its returns before each boundary, used on that boundary's block
        garchParams = new Garch11[series.size()][folds + 1];
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            boolean[] needed = new boolean[folds + 1];
            for (int r = 0; r < n; r++) {
                if (rows.get(r).inst() == i && t.fold()[r] >= 0) {
                    needed[t.fold()[r]] = true;
                }
            }
            for (int k = 0; k <= folds; k++) {
                if (!needed[k] && !(k == folds && i < t.ownCount())) {
                    continue;
                }
                int end = 1;
                while (end < s.size() && s.open()[end].isBefore(t.boundaries()[k])) {
                    end++;
                }
                if (end - 1 < 250) {
                    continue;
                }
                Garch11 g = Garch11.fit(s.r(), 1, end);
                garchParams[i][k] = g;
                double[] next = g.filter(s.r());
                for (int r = 0; r < n; r++) {
                    if (rows.get(r).inst() == i && t.fold()[r] == k) {
                        garch[r] = g.forecast(next[rows.get(r).bar()], horizon);
                    }
                }
            }
        }
        // the range baseline: empirical quantiles of the instrument's last 500 h-bar log returns
        baseLo = nanArrays();
        baseHi = nanArrays();
        for (int r = 0; r < n; r++) {
            if (t.fold()[r] < 0) {
                continue;
            }
            Row row = rows.get(r);
            Series s = series.get(row.inst());
            double[] past = new double[VolatilityTrainer.BASELINE_WINDOW];
            int count = 0;
            for (int j = Math.max(h, row.bar() - VolatilityTrainer.BASELINE_WINDOW + 1); j <= row.bar(); j++) {
                if (s.consecutive(j - h, j)) {
                    past[count++] = Math.log(s.c()[j] / s.c()[j - h]);
                }
            }
            if (count < VolatilityTrainer.BASELINE_MIN) {
                continue;
            }
            double[] sorted = Arrays.copyOf(past, count);
            Arrays.sort(sorted);
            for (int lv = 0; lv < VolatilityTrainer.LEVELS.length; lv++) {
                double[] q = VolMetrics.conformal(sorted, 1 - VolatilityTrainer.LEVELS[lv]);
                baseLo[lv][r] = q[0];
                baseHi[lv][r] = q[1];
            }
        }
    }

    private Garch11[][] garchParams;

    private void evaluate(String key, String label, int[] idx, double[] f, double[][] qLo, double[][] qHi,
                          ObjectNode evaluation, ObjectNode targets, StringBuilder volTable,
                          StringBuilder rangeTable) {
        ObjectNode set = evaluation.putObject(key);
        List<Integer> volRows = new ArrayList<>();
        for (int r : idx) {
            if (!Double.isNaN(garch[r]) && !Double.isNaN(f[r])) {
                volRows.add(r);
            }
        }
        int n = volRows.size();
        ObjectNode target = targets.putObject(key);
        if (n == 0) {
            set.put("rows", 0);
            target.put("evaluated", false);
            volTable.append("| ").append(label).append(" | 0 | | | | | | | | | |\n");
            return;
        }
        boolean[] instruments = new boolean[series.size()];
        double[] fm = new double[n];
        double[] y = new double[n];
        double[] dEwma = new double[n];
        double[] dGarch = new double[n];
        double[] sums = new double[7];
        for (int j = 0; j < n; j++) {
            int r = volRows.get(j);
            Row row = rows.get(r);
            instruments[row.inst()] = true;
            fm[j] = f[r];
            y[j] = row.rv();
            double lm = VolMetrics.qlike(f[r], row.rv());
            double le = VolMetrics.qlike(ewma[r], row.rv());
            double lg = VolMetrics.qlike(garch[r], row.rv());
            sums[0] += lm;
            sums[1] += le;
            sums[2] += lg;
            sums[3] += VolMetrics.qlike(rolling[r], row.rv());
            sums[4] += VolMetrics.squaredLogVolError(f[r], row.rv());
            sums[5] += VolMetrics.squaredLogVolError(ewma[r], row.rv());
            sums[6] += VolMetrics.squaredLogVolError(garch[r], row.rv());
            dEwma[j] = lm - le;
            dGarch[j] = lm - lg;
        }
        int instrumentCount = 0;
        for (boolean b : instruments) {
            instrumentCount += b ? 1 : 0;
        }
        int block = horizon * instrumentCount;
        Bootstrap vsEwma = Bootstrap.ofMean(dEwma, block);
        Bootstrap vsGarch = Bootstrap.ofMean(dGarch, block);
        VolMetrics.MincerZarnowitz mz = VolMetrics.mincerZarnowitz(fm, y);
        set.put("rows", n);
        set.put("instruments", instrumentCount);
        set.put("from", rows.get(volRows.getFirst()).time().toString());
        set.put("to", rows.get(volRows.getLast()).time().toString());
        ObjectNode q = set.putObject("qlike");
        q.put("model", sums[0] / n);
        q.put("ewma", sums[1] / n);
        q.put("garch", sums[2] / n);
        q.put("rolling", sums[3] / n);
        ObjectNode rm = set.putObject("rmseLogVol");
        rm.put("model", Math.sqrt(sums[4] / n));
        rm.put("ewma", Math.sqrt(sums[5] / n));
        rm.put("garch", Math.sqrt(sums[6] / n));
        ObjectNode mzNode = set.putObject("mincerZarnowitz");
        mzNode.put("a", mz.a());
        mzNode.put("b", mz.b());
        mzNode.put("r2", mz.r2());
        ObjectNode diff = set.putObject("qlikeDifference");
        interval(diff.putObject("modelMinusEwma"), vsEwma);
        interval(diff.putObject("modelMinusGarch"), vsGarch);
        target.put("evaluated", true);
        target.put("qlikeBelowEwma", sums[0] < sums[1]);
        target.put("qlikeBelowEwmaSignificant", vsEwma.high() < 0);
        target.put("qlikeBelowGarch", sums[0] < sums[2]);
        target.put("qlikeBelowGarchSignificant", vsGarch.high() < 0);
        volTable.append("| ").append(label).append(" | ").append(String.format(Locale.ROOT, "%,d", n)).append(" | ")
                .append(instrumentCount).append(" | ").append(num(sums[0] / n)).append(" | ")
                .append(num(sums[1] / n)).append(" | ").append(num(sums[2] / n)).append(" | ")
                .append(num(sums[3] / n)).append(" | ").append(interval(vsEwma)).append(" | ")
                .append(interval(vsGarch)).append(" | ").append(num(Math.sqrt(sums[4] / n))).append(" / ")
                .append(num(Math.sqrt(sums[5] / n))).append(" / ").append(num(Math.sqrt(sums[6] / n)))
                .append(" | ").append(num(mz.a())).append(", ").append(num(mz.b())).append(", ")
                .append(num(mz.r2())).append(" |\n");

        ObjectNode ranges = set.putObject("ranges");
        double scale = (double) h / horizon;
        if (key.startsWith("loio")) {
            perInstrument(set, label, volRows, f, qLo, qHi, scale);
        }
        for (int lv = 0; lv < VolatilityTrainer.LEVELS.length; lv++) {
            double level = VolatilityTrainer.LEVELS[lv];
            double alpha = 1 - level;
            List<Integer> rangeRows = new ArrayList<>();
            for (int r : idx) {
                if (!Double.isNaN(qLo[lv][r]) && !Double.isNaN(baseLo[lv][r]) && !Double.isNaN(f[r])) {
                    rangeRows.add(r);
                }
            }
            String name = Integer.toString((int) Math.round(level * 100));
            ObjectNode band = ranges.putObject(name);
            int m = rangeRows.size();
            band.put("rows", m);
            if (m == 0) {
                target.put("coverage" + name + "WithinThreePoints", false);
                target.put("intervalScore" + name + "BelowBaseline", false);
                continue;
            }
            double hits = 0;
            double baseHits = 0;
            double score = 0;
            double baseScore = 0;
            double[] d = new double[m];
            for (int j = 0; j < m; j++) {
                int r = rangeRows.get(j);
                double yr = rows.get(r).hReturn();
                double sigma = Math.sqrt(f[r] * scale);
                double l = qLo[lv][r] * sigma;
                double u = qHi[lv][r] * sigma;
                hits += yr >= l && yr <= u ? 1 : 0;
                baseHits += yr >= baseLo[lv][r] && yr <= baseHi[lv][r] ? 1 : 0;
                double is = VolMetrics.intervalScore(l, u, yr, alpha);
                double bs = VolMetrics.intervalScore(baseLo[lv][r], baseHi[lv][r], yr, alpha);
                score += is;
                baseScore += bs;
                d[j] = is - bs;
            }
            Bootstrap isDiff = Bootstrap.ofMean(d, block);
            band.put("coverage", hits / m);
            band.put("baselineCoverage", baseHits / m);
            band.put("intervalScore", score / m);
            band.put("baselineIntervalScore", baseScore / m);
            interval(band.putObject("intervalScoreDifference"), isDiff);
            boolean within = Math.abs(hits / m - level) <= 0.03;
            target.put("coverage" + name + "WithinThreePoints", within);
            target.put("intervalScore" + name + "BelowBaseline", score < baseScore);
            target.put("intervalScore" + name + "BelowBaselineSignificant", isDiff.high() < 0);
            rangeTable.append("| ").append(label).append(" | ").append(name).append("% | ")
                    .append(String.format(Locale.ROOT, "%,d", m)).append(" | ").append(pct(hits / m))
                    .append(" | ").append(pct(baseHits / m)).append(" | ").append(num(score / m)).append(" | ")
                    .append(num(baseScore / m)).append(" | ").append(interval(isDiff)).append(" |\n");
        }
    }

    private ObjectNode xgbComparison;

    /**
     * XGBoost regression of ln RV on the chosen candidate's features (the family's direction hyper-parameters,
     * seed 42, one thread; fixed before looking), fitted per fold and for the holdout on the same training rows,
     * forecast exp(prediction + s²/2) with s² its {@link #outOfSampleResidualVariance out-of-sample residual
     * variance} within those rows. Scored on the walk-forward and holdout rows of the family's instruments beside
     * the linear model.
     */
    private ObjectNode xgboostComparison(Candidate c, double[] linear) {
        int index = t.candidates().indexOf(c);
        double[] tree = new double[rows.size()];
        Arrays.fill(tree, Double.NaN);
        dev.tradewind.trainer.xgb.XgbTrainer trainer = new dev.tradewind.trainer.xgb.XgbTrainer();
        for (int k = 0; k <= folds; k++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                int inst = rows.get(r).inst();
                if (t.segment()[r] <= k && inPool(c, inst)) {
                    train.add(r);
                }
                if (t.fold()[r] == k && inst < t.ownCount()) {
                    test.add(r);
                }
            }
            if (test.isEmpty()) {
                continue;
            }
            double s2 = outOfSampleResidualVariance(rows, train,
                    (fit, validation) -> boostedPredictions(trainer, index, fit, validation));
            float[] p = boostedPredictions(trainer, index, train, test);
            for (int j = 0; j < p.length; j++) {
                tree[test.get(j)] = Math.exp(p[j] + s2 / 2);
            }
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("model", "XGBoost reg:squarederror on the same features, rows and folds; "
                + spec.params().rounds() + " rounds, depth " + spec.params().maxDepth() + ", learning rate "
                + spec.params().learningRate() + ", seed " + spec.params().seed() + "; forecast exp(prediction + "
                + "s^2/2), s^2 its out-of-sample residual variance within the training rows (" + RESIDUAL_BLOCKS
                + " time blocks, each predicted by a fit on the others, overlapping targets purged); measured, "
                + "not served");
        md.append("### A tree ensemble instead of the linear model\n\n| set | QLIKE linear | QLIKE XGBoost | "
                + "XGBoost − linear [95%] |\n|---|---|---|---|\n");
        for (int set = 0; set < 2; set++) {
            List<Double> d = new ArrayList<>();
            double lin = 0;
            double xg = 0;
            for (int r = 0; r < rows.size(); r++) {
                boolean in = set == 0 ? t.fold()[r] >= 0 && t.fold()[r] < folds : t.fold()[r] == folds;
                if (in && rows.get(r).inst() < t.ownCount() && !Double.isNaN(tree[r]) && !Double.isNaN(garch[r])) {
                    double a = VolMetrics.qlike(linear[r], rows.get(r).rv());
                    double b = VolMetrics.qlike(tree[r], rows.get(r).rv());
                    lin += a;
                    xg += b;
                    d.add(b - a);
                }
            }
            int n = d.size();
            Bootstrap diff = Bootstrap.ofMean(d.stream().mapToDouble(Double::doubleValue)
                    .toArray(), horizon * t.ownCount());
            ObjectNode s = node.putObject(set == 0 ? "walkForward" : "holdout");
            s.put("rows", n);
            s.put("qlikeLinear", lin / n);
            s.put("qlikeXgboost", xg / n);
            interval(s.putObject("xgboostMinusLinear"), diff);
            md.append("| ").append(set == 0 ? "walk-forward folds" : "holdout").append(" | ").append(num(lin / n))
                    .append(" | ").append(num(xg / n)).append(" | ").append(interval(diff)).append(" |\n");
        }
        md.append("\nThe served model is the linear one; positive differences favour it. XGBoost's s² in "
                + "exp(prediction + s²/2) is its out-of-sample residual variance within its training rows ("
                + RESIDUAL_BLOCKS + " time blocks, each predicted by a fit on the others with overlapping targets "
                + "purged): its in-sample one is far smaller, since the trees fit part of the noise.\n\n");
        xgbComparison = node;
        return node;
    }

    /** XGBoost fitted on ln RV of the fitting rows, its predictions for the others (the booster is then freed). */
    private float[] boostedPredictions(dev.tradewind.trainer.xgb.XgbTrainer trainer, int index, List<Integer> fit,
                                       List<Integer> predicted) {
        float[] y = new float[fit.size()];
        for (int j = 0; j < y.length; j++) {
            y[j] = (float) Math.log(rows.get(fit.get(j)).rv());
        }
        try (dev.tradewind.trainer.xgb.TrainedBooster booster = trainer.trainRegression(features(fit, index), y,
                spec.params())) {
            return booster.predictProbabilities(features(predicted, index));
        }
    }

    private float[][] features(List<Integer> rowIndices, int index) {
        float[][] x = new float[rowIndices.size()][];
        for (int j = 0; j < x.length; j++) {
            x[j] = floats(rows.get(rowIndices.get(j)).x()[index]);
        }
        return x;
    }

    /**
     * The residual variance of ln RV a model makes on rows it was not fitted on, from its training rows only: they
     * are cut by time into {@value #RESIDUAL_BLOCKS} consecutive blocks, and each block is predicted by a fit on
     * the other blocks' rows whose target window shares no bar with the block's. Boosted trees fit part of their
     * own rows' noise, so their in-sample s² is well below this (docs/model.md) and would bias the log-normal mean
     * low; the linear model's in-sample RSS / (n − p − 1) stays close to its own estimate, so it keeps that.
     *
     * @param train  training rows, in time order
     * @param fitter fitted on its first rows, the ln RV predictions for its second
     */
    static double outOfSampleResidualVariance(List<Row> rows, List<Integer> train,
                                              BiFunction<List<Integer>, List<Integer>, float[]> fitter) {
        double sum = 0;
        for (int b = 0; b < RESIDUAL_BLOCKS; b++) {
            Instant from = rows.get(train.get(train.size() * b / RESIDUAL_BLOCKS)).time();
            Instant to = b == RESIDUAL_BLOCKS - 1 ? Instant.MAX
                    : rows.get(train.get(train.size() * (b + 1) / RESIDUAL_BLOCKS)).time();
            List<Integer> block = new ArrayList<>();
            Instant blockTargetsEnd = from;
            for (int r : train) {
                Row row = rows.get(r);
                if (!row.time().isBefore(from) && row.time().isBefore(to)) {
                    block.add(r);
                    blockTargetsEnd = row.labelTime().isAfter(blockTargetsEnd) ? row.labelTime() : blockTargetsEnd;
                }
            }
            List<Integer> fit = new ArrayList<>();
            for (int r : train) {
                Row row = rows.get(r);
                if (row.labelTime().isBefore(from) || !row.time().isBefore(blockTargetsEnd)) {
                    fit.add(r);
                }
            }
            float[] predicted = fitter.apply(fit, block);
            for (int j = 0; j < predicted.length; j++) {
                double residual = Math.log(rows.get(block.get(j)).rv()) - predicted[j];
                sum += residual * residual;
            }
        }
        return sum / train.size();
    }

    private static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** LOIO, instrument by instrument: how many of them the model beats, and each one's numbers. */
    private void perInstrument(ObjectNode set, String label, List<Integer> volRows, double[] f, double[][] qLo,
                               double[][] qHi, double scale) {
        ArrayNode list = set.putArray("perInstrument");
        int beatsEwma = 0;
        int beatsGarch = 0;
        int[] within = new int[VolatilityTrainer.LEVELS.length];
        int count = 0;
        for (int i = 0; i < series.size(); i++) {
            double[] sums = new double[3];
            int n = 0;
            double[] hits = new double[VolatilityTrainer.LEVELS.length];
            int m = 0;
            for (int r : volRows) {
                Row row = rows.get(r);
                if (row.inst() != i) {
                    continue;
                }
                sums[0] += VolMetrics.qlike(f[r], row.rv());
                sums[1] += VolMetrics.qlike(ewma[r], row.rv());
                sums[2] += VolMetrics.qlike(garch[r], row.rv());
                n++;
                if (!Double.isNaN(qLo[0][r]) && !Double.isNaN(baseLo[0][r])) {
                    double sigma = Math.sqrt(f[r] * scale);
                    for (int lv = 0; lv < hits.length; lv++) {
                        double y = row.hReturn();
                        hits[lv] += y >= qLo[lv][r] * sigma && y <= qHi[lv][r] * sigma ? 1 : 0;
                    }
                    m++;
                }
            }
            if (n == 0) {
                continue;
            }
            count++;
            ObjectNode node = list.addObject();
            node.put("symbol", series.get(i).symbol());
            node.put("rows", n);
            node.put("qlike", sums[0] / n);
            node.put("qlikeEwma", sums[1] / n);
            node.put("qlikeGarch", sums[2] / n);
            beatsEwma += sums[0] < sums[1] ? 1 : 0;
            beatsGarch += sums[0] < sums[2] ? 1 : 0;
            node.put("rangeRows", m);
            for (int lv = 0; lv < hits.length; lv++) {
                String name = Integer.toString((int) Math.round(VolatilityTrainer.LEVELS[lv] * 100));
                if (m > 0) {
                    node.put("coverage" + name, hits[lv] / m);
                    within[lv] += Math.abs(hits[lv] / m - VolatilityTrainer.LEVELS[lv]) <= 0.03 ? 1 : 0;
                }
            }
        }
        ObjectNode counts = set.putObject("instrumentsWhereModel");
        counts.put("instruments", count);
        counts.put("beatsEwma", beatsEwma);
        counts.put("beatsGarch", beatsGarch);
        counts.put("coverage80WithinThreePoints", within[0]);
        counts.put("coverage95WithinThreePoints", within[1]);
        loioNotes.append("- ").append(label).append(": of ").append(count).append(" instruments, the model's QLIKE "
                + "is below EWMA's on ").append(beatsEwma).append(" and below GARCH's on ").append(beatsGarch)
                .append("; coverage is within ±3 points on ").append(within[0]).append(" (80%) and ")
                .append(within[1]).append(" (95%). Each instrument's numbers are under `perInstrument` in "
                        + "volatility.json.\n");
    }

    private final StringBuilder loioNotes = new StringBuilder();

    private ObjectNode json(Candidate best, LeastSquares.Fit fit, double[][][] quantiles, List<Candidate> candidates,
                            double[] candidateQlike, int chosen, ObjectNode evaluation, ObjectNode targets) {
        VolatilitySpec vs = best.spec();
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("family", spec.name());
        root.put("kind", "har-linear-log-variance");
        root.put("description", "Forecast realised variance of log returns over the next " + horizon + " "
                + spec.interval().code() + " bars (sum of squared log returns), and central 80% and 95% ranges for "
                + "the close " + h + " bar" + (h == 1 ? "" : "s") + " later. See docs/model.md.");
        ObjectNode target = root.putObject("target");
        target.put("interval", spec.interval().code());
        target.put("assetClass", spec.assetClass().code());
        target.put("horizonBars", horizon);
        target.put("barsPerYear", vs.barsPerYear());
        target.put("definition", "RV = sum of r^2 over bars t+1..t+H, r = ln(C_i / C_{i-1}); a row is used only "
                + "when its H following bars and its look-back are consecutive bars of the calendar; rows with "
                + "RV = 0 are dropped (QLIKE guard)");
        ArrayNode own = target.putArray("symbols");
        for (int i = 0; i < t.ownCount(); i++) {
            own.add(series.get(i).symbol());
        }
        ObjectNode features = root.putObject("features");
        ArrayNode names = features.putArray("names");
        vs.featureNames().forEach(names::add);
        ArrayNode windows = features.putArray("windows");
        vs.windows().forEach(windows::add);
        features.put("referenceWindow", vs.referenceWindow());
        features.put("windowLength", vs.windowLength());
        features.put("floorShare", dev.tradewind.model.volatility.VolatilityFeatures.FLOOR_SHARE);
        ObjectNode model = root.putObject("model");
        model.put("intercept", fit.intercept());
        VolatilityTrainer.array(model, "coefficients", fit.beta());
        model.put("residualVariance", fit.residualVariance());
        model.put("biasCorrection", "variance = exp(prediction + residualVariance / 2) (log-normal mean)");
        model.put("fitRows", fit.rows());
        model.put("trainingPool", best.pool() == 1 ? "family + universe" : "family");
        model.put("labelsBefore", spec.cutoff().toString());
        ObjectNode range = root.putObject("range");
        range.put("horizonBars", h);
        range.put("scaling", "sigma_h = sqrt(variance * h / H); band = [C_t exp(lowerQuantile sigma_h), "
                + "C_t exp(upperQuantile sigma_h)]");
        range.put("calibration", "split conformal on walk-forward out-of-fold rows of the training pool, before "
                + spec.cutoff() + ": lower = floor((n+1) alpha/2)-th, upper = ceil((n+1)(1 - alpha/2))-th smallest "
                + "of z = ln(C_{t+h}/C_t) / sigma_h");
        ArrayNode levels = range.putArray("levels");
        for (int lv = 0; lv < VolatilityTrainer.LEVELS.length; lv++) {
            ObjectNode level = levels.addObject();
            level.put("level", VolatilityTrainer.LEVELS[lv]);
            level.put("lowerQuantile", quantiles[lv][0][0]);
            level.put("upperQuantile", quantiles[lv][0][1]);
            level.put("calibrationRows", (long) quantiles[lv][1][0]);
        }
        ObjectNode folds = root.putObject("folds");
        ArrayNode b = folds.putArray("boundaries");
        for (Instant boundary : t.boundaries()) {
            b.add(boundary.toString());
        }
        folds.put("note", "fold k trains on rows whose H-bar target ended before boundary k and is scored on rows "
                + "opened in [boundary k, boundary k+1); the last boundary is the cutoff, the holdout starts there");
        ArrayNode cands = root.putArray("candidates");
        for (int c = 0; c < candidates.size(); c++) {
            ObjectNode node = cands.addObject();
            node.put("name", candidates.get(c).name());
            node.put("walkForwardQlike", candidateQlike[c]);
            node.put("chosen", c == chosen);
        }
        ObjectNode baselines = root.putObject("baselines");
        baselines.put("ewma", "RiskMetrics, lambda " + VolatilityTrainer.EWMA_LAMBDA + ", H * sigma^2_{t+1}");
        baselines.put("rolling", "H * sample variance of the last " + vs.windows().getLast() + " log returns");
        baselines.put("garch", "GARCH(1,1) per instrument, Gaussian QMLE on its returns before each boundary, "
                + "H-step variance sum");
        baselines.put("range", "empirical quantiles of the instrument's last " + VolatilityTrainer.BASELINE_WINDOW
                + " h-bar log returns (at least " + VolatilityTrainer.BASELINE_MIN + ")");
        ArrayNode g = baselines.putArray("garchAtCutoff");
        for (int i = 0; i < t.ownCount(); i++) {
            Garch11 p = garchParams[i][spec.folds()];
            ObjectNode node = g.addObject();
            node.put("symbol", series.get(i).symbol());
            if (p != null) {
                node.put("omega", p.omega());
                node.put("alpha", p.alpha());
                node.put("beta", p.beta());
            }
        }
        root.set("evaluation", evaluation);
        root.set("comparison", xgbComparison);
        root.set("targetsMet", targets);
        return root;
    }

    private void appendIntro(Candidate best, LeastSquares.Fit fit, double[][][] q, List<Candidate> candidates,
                             double[] candidateQlike, int chosen) {
        VolatilitySpec vs = best.spec();
        md.append("Written into `volatility.json` by the same run (the machine-readable numbers, and what the model "
                + "layer's `VolatilityModel` loads). **Target**: realised variance of log returns over the next ")
                .append(horizon).append(" bars (Σ r²), rows only where those bars and the look-back are consecutive "
                        + "bars of the calendar. **Model**: least squares of ln RV on ")
                .append(vs.featureCount()).append(" features (`").append(String.join("`, `", vs.featureNames()))
                .append("`), forecast exp(prediction + s²/2), s² = ").append(num(fit.residualVariance()))
                .append(" on ").append(String.format(Locale.ROOT, "%,d", fit.rows()))
                .append(" rows. **Ranges**: the close ").append(h).append(" bar").append(h == 1 ? "" : "s")
                .append(" later, σ_h = √(variance · ").append(h).append("/").append(horizon)
                .append("), split-conformal quantiles of ln(C_{t+h}/C_t)/σ_h from walk-forward out-of-fold rows: ");
        for (int lv = 0; lv < VolatilityTrainer.LEVELS.length; lv++) {
            md.append(lv == 0 ? "" : "; ").append(pct(VolatilityTrainer.LEVELS[lv])).append(" [")
                    .append(num(q[lv][0][0])).append(", ").append(num(q[lv][0][1])).append("]");
        }
        md.append(".\n\nCandidates, chosen by walk-forward QLIKE on the family's own instruments (development period "
                + "only):\n\n| candidate | walk-forward QLIKE | chosen |\n|---|---|---|\n");
        for (int c = 0; c < candidates.size(); c++) {
            md.append("| ").append(candidates.get(c).name()).append(" | ").append(num(candidateQlike[c]))
                    .append(" | ").append(c == chosen ? "yes" : "").append(" |\n");
        }
        md.append("\nThe chosen candidate's walk-forward numbers below carry a small selection bias (it was picked "
                + "on those rows among " + candidates.size() + "); the holdout and LOIO-holdout numbers do not.\n");
        md.append("\nLOIO: for each instrument, the model is refitted without it (and its conformal quantiles come "
                + "from the other instruments' out-of-fold rows); \"LOIO, holdout\" scores the family's instruments "
                + "after the cutoff, \"LOIO, walk-forward folds\" every instrument (");
        md.append(series.size()).append(") in the fold periods. The GARCH baseline is always fitted on the scored "
                + "instrument's own past returns (it is never out of instrument).");
        if (series.size() > t.ownCount()) {
            md.append(" The ").append(series.size() - t.ownCount()).append(" extra instruments (data/README.md: "
                    + "survivorship bias, AlphaVantage adjustment) end in April 2021, so they have no holdout rows.");
        } else {
            md.append(" Only ").append(t.ownCount()).append(" instruments exist for this family, so LOIO here "
                    + "says little about instruments unlike them.");
        }
        md.append("\n\n");
    }

    private void appendTargets(ObjectNode targets) {
        md.append("### Targets\n\nQLIKE below EWMA and GARCH(1,1); coverage within ±3 points of nominal; interval "
                + "score below the baseline. \"yes\" is the point estimate; \"(significant)\" when the 95% interval "
                + "of the difference excludes 0.\n\n| set | QLIKE < EWMA | QLIKE < GARCH | coverage 80 | coverage 95 "
                + "| IS 80 < baseline | IS 95 < baseline |\n|---|---|---|---|---|---|---|\n");
        for (String key : SETS) {
            ObjectNode target = (ObjectNode) targets.get(key);
            if (!target.get("evaluated").asBoolean()) {
                md.append("| ").append(key).append(" | not evaluated | | | | | |\n");
                continue;
            }
            md.append("| ").append(key).append(" | ").append(yes(target, "qlikeBelowEwma")).append(" | ")
                    .append(yes(target, "qlikeBelowGarch")).append(" | ")
                    .append(yes(target, "coverage80WithinThreePoints")).append(" | ")
                    .append(yes(target, "coverage95WithinThreePoints")).append(" | ")
                    .append(yes(target, "intervalScore80BelowBaseline")).append(" | ")
                    .append(yes(target, "intervalScore95BelowBaseline")).append(" |\n");
        }
        md.append('\n');
    }

    private static String yes(ObjectNode target, String key) {
        boolean met = target.path(key).asBoolean(false);
        boolean significant = target.path(key + "Significant").asBoolean(false);
        return met ? (significant ? "yes (significant)" : "yes") : "**no**";
    }

    private VolatilityTrainer.ChartData charts(double[] f, double[][] qLo, double[][] qHi, List<Integer> holdout) {
        List<Instant> times = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int r : holdout) {
            Row row = rows.get(r);
            if (row.inst() == 0) {
                times.add(row.time());
                points.add(new double[] {Math.sqrt(f[r]), Math.sqrt(row.rv()), Math.sqrt(ewma[r])});
            }
        }
        List<Integer> covered = new ArrayList<>();
        for (int r : holdout) {
            if (!Double.isNaN(qLo[0][r]) && !Double.isNaN(baseLo[0][r])) {
                covered.add(r);
            }
        }
        int window = Math.max(1, Math.min(covered.size(), (spec.interval() == dev.tradewind.shared.market.Interval.H1
                ? 24 * 14 : 60) * t.ownCount()));
        int levels = VolatilityTrainer.LEVELS.length;
        List<Instant> coverageTimes = new ArrayList<>();
        List<double[]> model = new ArrayList<>();
        List<double[]> base = new ArrayList<>();
        double scale = (double) h / horizon;
        int[] hit = new int[levels];
        int[] baseHit = new int[levels];
        int[][] hits = new int[covered.size()][levels];
        int[][] baseHits = new int[covered.size()][levels];
        for (int j = 0; j < covered.size(); j++) {
            int r = covered.get(j);
            double y = rows.get(r).hReturn();
            double sigma = Math.sqrt(f[r] * scale);
            for (int lv = 0; lv < levels; lv++) {
                hits[j][lv] = y >= qLo[lv][r] * sigma && y <= qHi[lv][r] * sigma ? 1 : 0;
                baseHits[j][lv] = y >= baseLo[lv][r] && y <= baseHi[lv][r] ? 1 : 0;
                hit[lv] += hits[j][lv];
                baseHit[lv] += baseHits[j][lv];
                if (j >= window) {
                    hit[lv] -= hits[j - window][lv];
                    baseHit[lv] -= baseHits[j - window][lv];
                }
            }
            if (j >= window - 1 && (j - window + 1) % t.ownCount() == 0) {
                coverageTimes.add(rows.get(r).time());
                double[] m = new double[levels];
                double[] b = new double[levels];
                for (int lv = 0; lv < levels; lv++) {
                    m[lv] = (double) hit[lv] / window;
                    b[lv] = (double) baseHit[lv] / window;
                }
                model.add(m);
                base.add(b);
            }
        }
        double[][] modelCoverage = new double[levels][model.size()];
        double[][] baseCoverage = new double[levels][base.size()];
        for (int j = 0; j < model.size(); j++) {
            for (int lv = 0; lv < levels; lv++) {
                modelCoverage[lv][j] = model.get(j)[lv];
                baseCoverage[lv][j] = base.get(j)[lv];
            }
        }
        return new VolatilityTrainer.ChartData(series.getFirst().symbol(), times,
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(),
                points.stream().mapToDouble(p -> p[2]).toArray(), coverageTimes, modelCoverage, baseCoverage,
                window, (window / t.ownCount()) + (spec.interval() == dev.tradewind.shared.market.Interval.H1
                        ? " hours" : " sessions") + " × " + t.ownCount() + " instruments");
    }

    /**
     * Reads the written file back through the model layer and scores the last holdout row with it: from the trainer's
     * own feature vector, so this checks the file (coefficients, feature set, the model layer's arithmetic), not the
     * features; those come from the model layer's {@code VolatilityFeatures} on both sides.
     */
    private void checkServingPath(VolatilityModel built, byte[] bytes, LeastSquares.Fit fit, double[] f) {
        VolatilityModel loaded = VolatilityModel.parse(bytes, java.nio.file.Path.of("volatility.json"));
        int index = t.candidates().indexOf(t.candidates().stream()
                .filter(c -> c.spec().equals(loaded.spec())).findFirst().orElseThrow());
        for (int r = rows.size() - 1; r >= 0; r--) {
            if (t.fold()[r] == folds) {
                double[] x = rows.get(r).x()[index];
                if (loaded.variance(x) != f[r] || built.variance(x) != f[r]) {
                    throw new IllegalStateException(spec.name() + ": volatility.json does not reproduce the "
                            + "trainer's holdout forecast at " + rows.get(r).time());
                }
                return;
            }
        }
    }

    private double[][] nanArrays() {
        double[][] a = new double[VolatilityTrainer.LEVELS.length][rows.size()];
        for (double[] row : a) {
            Arrays.fill(row, Double.NaN);
        }
        return a;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void interval(ObjectNode node, Bootstrap i) {
        node.put("mean", i.mean());
        node.put("low", i.low());
        node.put("high", i.high());
        node.put("blockRows", i.blockRows());
        node.put("replicates", i.replicates());
    }

    private static String interval(Bootstrap i) {
        return (num(i.mean()) + " [" + num(i.low()) + ", " + num(i.high()) + "]");
    }

    /** Five significant digits, sign with a real minus. */
    static String num(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(5)).stripTrailingZeros()
                .toPlainString().replace("-", "−");
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
}
