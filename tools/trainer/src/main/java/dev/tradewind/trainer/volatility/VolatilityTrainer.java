package dev.tradewind.trainer.volatility;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ModelContract;
import dev.tradewind.model.volatility.VolatilityFeatures;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.model.volatility.VolatilitySpec;
import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import dev.tradewind.trainer.data.BarCalendar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Trains and evaluates a family's volatility and price-range model (docs/model.md#volatility-and-price-ranges) and
 * writes {@value ModelContract#VOLATILITY_FILE}: a least-squares HAR-style regression of ln RV over the next H bars,
 * chosen among a few candidates (feature windows, training pool) by walk-forward QLIKE on the family's own
 * instruments, scored beside EWMA, rolling-variance and GARCH(1,1) baselines on the direction model's walk-forward
 * folds, its holdout, and leave-one-instrument-out (LOIO) folds; then split-conformal price ranges at the direction
 * horizon, scored against rolling empirical quantiles. Everything is deterministic (fixed orders, seed 42).
 */
public final class VolatilityTrainer {

    public static final double[] LEVELS = {0.8, 0.95};
    public static final double EWMA_LAMBDA = 0.94;
    /** The range baseline: empirical quantiles of the instrument's last 500 h-bar log returns (at least 250). */
    public static final int BASELINE_WINDOW = 500;
    public static final int BASELINE_MIN = 250;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /**
     * Per-family settings.
     *
     * @param universe a folder of data/market with more instruments of the family (its own instruments.csv), for
     *                 training-pool candidates and LOIO; empty for none
     */
    public record Settings(int horizonBars, List<List<Integer>> candidateWindows, int referenceWindow,
                           double barsPerYear, Optional<String> universe) {
    }

    public static Settings settings(FamilySpec spec) {
        return spec.interval() == Interval.H1
                ? new Settings(24, List.of(List.of(1, 6, 24), List.of(1, 6, 24, 168)), 24, 24 * 365, Optional.empty())
                : new Settings(5, List.of(List.of(1, 5, 22)), 22, 252, Optional.of("stocks-1d-sp500"));
    }

    /** One instrument's bars as arrays, with per-bar variance terms and calendar links. */
    record Series(String symbol, boolean own, Instant[] open, double[] o, double[] h, double[] l, double[] c,
                  double[] v, double[] r, double[] r2, double[] pk, double[] gk, BarCalendar calendar,
                  double[] ewmaNext) {

        int size() {
            return c.length;
        }

        /** True when bars from..to are consecutive bars of the calendar. */
        boolean consecutive(int from, int to) {
            return calendar.consecutive(from, to);
        }
    }

    /** One evaluated bar. */
    record Row(int inst, int bar, Instant time, Instant labelTime, double rv, double close, double hReturn,
               double[][] x) {
    }

    record Candidate(int windowsIndex, int pool, VolatilitySpec spec, String name) {
    }

    /** The result, for the report. */
    public record Result(byte[] json, String markdown, ChartData charts, String summary) {
    }

    /** What the two charts show. */
    public record ChartData(String symbol, List<Instant> times, double[] forecastVol, double[] realisedVol,
                            double[] ewmaVol, List<Instant> coverageTimes, double[][] rollingCoverage,
                            double[][] rollingBaselineCoverage, int rollingRows, String rollingWindow) {
    }

    private final FamilySpec spec;
    private final Settings settings;
    private final List<Series> series = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private Instant[] boundaries;
    private int[] fold;
    private int[] segment;
    private int ownCount;

    private VolatilityTrainer(FamilySpec spec, Settings settings) {
        this.spec = spec;
        this.settings = settings;
    }

    /** Trains, evaluates and writes volatility.json into {@code directory}; returns what the report shows. */
    public static Result train(FamilySpec spec, BundledHistory history, Optional<BundledHistory> universe,
                               Path directory, Progress progress) throws IOException {
        VolatilityTrainer trainer = new VolatilityTrainer(spec, settings(spec));
        progress.stage(spec.name() + " volatility", 4);
        trainer.load(history, universe);
        progress.advance(1);
        Result result = new Evaluator(trainer).run();
        progress.advance(3);
        progress.done();
        Files.createDirectories(directory);
        Files.write(directory.resolve(ModelContract.VOLATILITY_FILE), result.json());
        return result;
    }

    /** The rows and folds without fitting anything (tests). */
    static VolatilityTrainer prepare(FamilySpec spec, BundledHistory history, Optional<BundledHistory> universe) {
        VolatilityTrainer trainer = new VolatilityTrainer(spec, settings(spec));
        trainer.load(history, universe);
        return trainer;
    }

    static byte[] write(ObjectNode node) {
        try {
            return (WRITER.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void load(BundledHistory history, Optional<BundledHistory> universe) {
        MarketCalendar calendar = MarketCalendar.of(spec.assetClass());
        for (String symbol : spec.symbols()) {
            series.add(series(symbol, true, history.candles(symbol), calendar));
        }
        ownCount = series.size();
        if (universe.isPresent()) {
            List<String> symbols = universe.get().instruments().stream()
                    .filter(i -> i.interval() == spec.interval() && i.assetClass() == spec.assetClass())
                    .map(i -> i.symbol()).filter(s -> !spec.symbols().contains(s)).toList();
            if (spec.dataFrom().isPresent()) {
                symbols = symbols.subList(0, Math.min(3, symbols.size()));   // the CI slice
            }
            for (String symbol : symbols) {
                series.add(series(symbol, false, universe.get().candles(symbol), calendar));
            }
        }
        for (int w = 0; w < settings.candidateWindows().size(); w++) {
            VolatilitySpec vs = new VolatilitySpec(spec.interval(), spec.assetClass(), settings.horizonBars(),
                    spec.horizonBars(), settings.candidateWindows().get(w), settings.referenceWindow(),
                    settings.barsPerYear());
            candidates.add(new Candidate(w, 0, vs, "windows " + vs.windows() + ", trained on the family's "
                    + ownCount + " instruments"));
            if (series.size() > ownCount) {
                candidates.add(new Candidate(w, 1, vs, "windows " + vs.windows() + ", trained on the family's "
                        + ownCount + " + " + (series.size() - ownCount) + " more instruments"));
            }
        }
        int lookBack = candidates.stream().mapToInt(c -> c.spec().lookBack()).max().orElseThrow();
        int h = spec.horizonBars();
        int horizon = settings.horizonBars();
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            for (int i = lookBack; i + horizon < ser.size(); i++) {
                if (!ser.consecutive(i - lookBack, i + horizon)) {
                    continue;
                }
                double rv = 0;
                for (int k = 1; k <= horizon; k++) {
                    rv += ser.r2[i + k];
                }
                if (!(rv > 0)) {
                    continue;   // QLIKE guard: y = 0 rows are dropped (none in the bundled data)
                }
                double[][] x = new double[candidates.size()][];
                boolean ok = true;
                for (int c = 0; c < candidates.size() && ok; c++) {
                    x[c] = new double[candidates.get(c).spec().featureCount()];
                    ok = VolatilityFeatures.compute(candidates.get(c).spec(), ser.r2, ser.pk, ser.gk, ser.v, i, x[c]);
                }
                if (!ok) {
                    continue;
                }
                rows.add(new Row(s, i, ser.open[i], ser.open[i + horizon], rv, ser.c[i],
                        Math.log(ser.c[i + h] / ser.c[i]), x));
            }
        }
        rows.sort(Comparator.comparing(Row::time).thenComparingInt(Row::inst));

        // the direction model's folds: its first row is bar windowLength − 1 of the family's earliest series
        Instant start = null;
        for (int s = 0; s < ownCount; s++) {
            Instant first = series.get(s).open[FeatureSet.forInterval(spec.interval()).windowLength() - 1];
            start = start == null || first.isBefore(start) ? first : start;
        }
        long span = Duration.between(start, spec.cutoff()).toSeconds();
        Instant testStart = start.plusSeconds((long) (span * (1 - spec.walkForwardShare())));
        long block = (long) (span * spec.walkForwardShare() / spec.folds());
        boundaries = new Instant[spec.folds() + 1];
        for (int k = 0; k < spec.folds(); k++) {
            boundaries[k] = testStart.plusSeconds(block * k);
        }
        boundaries[spec.folds()] = spec.cutoff();
        fold = new int[rows.size()];
        segment = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int seg = 0;
            while (seg < boundaries.length && !row.labelTime().isBefore(boundaries[seg])) {
                seg++;
            }
            segment[r] = seg;
            fold[r] = -1;
            if (!row.time().isBefore(spec.cutoff())) {
                fold[r] = spec.folds();
            } else if (row.labelTime().isBefore(spec.cutoff())) {
                for (int k = 0; k < spec.folds(); k++) {
                    if (!row.time().isBefore(boundaries[k]) && row.time().isBefore(boundaries[k + 1])) {
                        fold[r] = k;
                    }
                }
            }
        }
    }

    private Series series(String symbol, boolean own, List<Candle> all, MarketCalendar calendar) {
        List<Candle> candles = all.stream()
                .filter(c -> spec.dataFrom().map(from -> !c.openTime().isBefore(from)).orElse(true))
                .filter(c -> spec.dataTo().map(to -> c.openTime().isBefore(to)).orElse(true))
                .toList();
        int n = candles.size();
        Instant[] open = new Instant[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Candle candle = candles.get(i);
            open[i] = candle.openTime();
            o[i] = candle.open().doubleValue();
            h[i] = candle.high().doubleValue();
            l[i] = candle.low().doubleValue();
            c[i] = candle.close().doubleValue();
            v[i] = candle.volume().doubleValue();
        }
        BarCalendar links = BarCalendar.of(Arrays.asList(open), calendar, spec.interval());
        double[] r = new double[n];
        double[] r2 = new double[n];
        double[] pk = new double[n];
        double[] gk = new double[n];
        for (int i = 1; i < n; i++) {
            VolatilityFeatures.barTerms(o, h, l, c, i, r2, pk, gk);
            r[i] = VolatilityFeatures.logReturn(c[i - 1], c[i]);
        }
        // EWMA (RiskMetrics): σ²_{t+1} = λ σ²_t + (1 − λ) r²_t, seeded with the mean of the first 24 squared returns
        double[] ewmaNext = new double[n];
        double seed = 0;
        int seedCount = Math.min(24, n - 1);
        for (int i = 1; i <= seedCount; i++) {
            seed += r2[i];
        }
        double variance = seedCount > 0 ? seed / seedCount : 0;
        for (int i = 1; i < n; i++) {
            variance = EWMA_LAMBDA * variance + (1 - EWMA_LAMBDA) * r2[i];
            ewmaNext[i] = variance;
        }
        return new Series(symbol, own, open, o, h, l, c, v, r, r2, pk, gk, links, ewmaNext);
    }

    // accessors for the evaluator
    FamilySpec spec() {
        return spec;
    }

    Settings settings() {
        return settings;
    }

    List<Series> series() {
        return series;
    }

    List<Row> rows() {
        return rows;
    }

    List<Candidate> candidates() {
        return candidates;
    }

    Instant[] boundaries() {
        return boundaries;
    }

    int[] fold() {
        return fold;
    }

    int[] segment() {
        return segment;
    }

    int ownCount() {
        return ownCount;
    }

    /** Rolling sample variance (n − 1) of the last {@code window} returns up to bar i. */
    static double rollingVariance(Series s, int i, int window) {
        double mean = 0;
        for (int k = i - window + 1; k <= i; k++) {
            mean += s.r[k];
        }
        mean /= window;
        double ss = 0;
        for (int k = i - window + 1; k <= i; k++) {
            ss += (s.r[k] - mean) * (s.r[k] - mean);
        }
        return ss / (window - 1);
    }

    static VolatilityModel model(String family, VolatilitySpec spec, LeastSquares.Fit fit, double[] lower,
                                 double[] upper) {
        return new VolatilityModel(family, spec, fit.intercept(), fit.beta(), fit.residualVariance(), LEVELS,
                lower, upper, null);
    }

    static ArrayNode array(ObjectNode parent, String name, double[] values) {
        ArrayNode a = parent.putArray(name);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    static int[] sortedCopy(int[] a) {
        int[] copy = a.clone();
        Arrays.sort(copy);
        return copy;
    }
}
