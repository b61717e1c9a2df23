package dev.tradewind.trainer.evaluate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Metrics;
import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.volatility.Garch11;
import dev.tradewind.trainer.volatility.VolMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ./tradewind evaluate}: the committed models of a family scored on every matching instrument of a data folder
 * (docs/model.md#evaluate-on-your-own-data). Builds the rows ({@link SeriesRows}), computes the metrics per series
 * and pooled, and renders the JSON (fixed shape, six decimals, fixed order) and the printed table.
 */
final class Evaluation {

    static final int ECE_BINS = 10;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final FamilySpec spec;
    private final ForecastModel model;
    private final VolatilityModel volModel;
    private final TrainingBaseRate baseRate;
    private final List<SeriesRows> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Evaluation(FamilySpec spec, ForecastModel model, VolatilityModel volModel, TrainingBaseRate baseRate) {
        this.spec = spec;
        this.model = model;
        this.volModel = volModel;
        this.baseRate = baseRate;
    }

    void note(String line) {
        notes.add(line);
    }

    void add(SeriesRows rows) {
        series.add(rows);
    }

    List<SeriesRows> series() {
        return series;
    }

    /** GARCH(1,1) parameters volatility.json records for a symbol ({@code baselines.garchAtCutoff}). */
    static Optional<Garch11> recordedGarch(VolatilityModel volModel, String symbol) {
        for (JsonNode node : volModel.json().at("/baselines/garchAtCutoff")) {
            if (node.path("symbol").asText().equals(symbol) && node.has("omega")) {
                double omega = node.get("omega").asDouble();
                double alpha = node.get("alpha").asDouble();
                double beta = node.get("beta").asDouble();
                return Optional.of(new Garch11(omega, alpha, beta, omega / (1 - alpha - beta)));
            }
        }
        return Optional.empty();
    }

    int horizon() {
        return model.card().horizonBars();
    }

    /** Bootstrap block for one series of n rows: max(5 × horizon, ⌈n^{1/3}⌉) rows. */
    int block(int rowsPerSeries) {
        return Math.max(5 * horizon(), (int) Math.ceil(Math.cbrt(Math.max(1, rowsPerSeries))));
    }

    /** Direction metrics of rows in time order; {@code printed} collects the extra numbers for the table. */
    ObjectNode direction(List<SeriesRows.Direction> rows, int seriesCount, List<String> printed) {
        ObjectNode node = JSON.createObjectNode();
        int n = rows.size();
        if (n == 0) {
            for (String key : List.of("auc", "auc95", "logLoss", "logLossTrainingBaseRate", "logLossSeriesBaseRate",
                    "brier", "ece", "calibrationSlope")) {
                node.putNull(key);
            }
            printed.add("no rows");
            return node;
        }
        double[] p = rows.stream().mapToDouble(SeriesRows.Direction::p).toArray();
        int[] y = rows.stream().mapToInt(SeriesRows.Direction::y).toArray();
        Metrics m = Metrics.of(p, y);
        int block = block(n / seriesCount) * seriesCount;
        ProbabilityMetrics.Interval auc = ProbabilityMetrics.aucBootstrap(p, y, block);
        double up = java.util.Arrays.stream(y).average().orElseThrow();
        double trainingLoss = ProbabilityMetrics.constantLogLoss(baseRate.rate(), y);
        double seriesLoss = ProbabilityMetrics.constantLogLoss(up, y);
        Optional<ProbabilityMetrics.Calibration> calibration = ProbabilityMetrics.calibration(p, y);
        double ece = Reliability.of(p, y, ECE_BINS).expectedCalibrationError();
        node.put("auc", round(m.auc()));
        if (auc == null) {
            node.putNull("auc95");
        } else {
            node.putArray("auc95").add(round(auc.low())).add(round(auc.high()));
        }
        node.put("logLoss", round(m.logLoss()));
        node.put("logLossTrainingBaseRate", round(trainingLoss));
        node.put("logLossSeriesBaseRate", round(seriesLoss));
        node.put("brier", round(m.brier()));
        node.put("ece", round(ece));
        if (calibration.isPresent()) {
            node.put("calibrationSlope", round(calibration.get().slope()));
        } else {
            node.putNull("calibrationSlope");
        }
        // the gain over the training base rate, per row, with its block-bootstrap interval
        double[] gain = new double[n];
        double pi = Math.min(1 - 1e-15, Math.max(1e-15, baseRate.rate()));
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
            gain[i] = (y[i] == 1 ? -Math.log(pi) : -Math.log(1 - pi)) - (y[i] == 1 ? -Math.log(q) : -Math.log(1 - q));
        }
        Bootstrap g = Bootstrap.ofMean(gain, block);
        double meanP = java.util.Arrays.stream(p).average().orElseThrow();
        printed.add(String.format(Locale.ROOT, "%s %s", f4(m.auc()), auc == null ? "[n/a]"
                : "[" + f4(auc.low()) + ", " + f4(auc.high()) + "]"));
        printed.add(f5(m.logLoss()));
        printed.add(f5(trainingLoss));
        printed.add(f5(seriesLoss));
        printed.add(String.format(Locale.ROOT, "%+.5f [%+.5f, %+.5f]", g.mean(), g.low(), g.high()));
        printed.add(f5(m.brier()));
        printed.add(f4(ece));
        printed.add(calibration.map(c -> String.format(Locale.ROOT, "%.2f (%+.3f)", c.slope(), c.intercept()))
                .orElse("null (constant)"));
        printed.add(String.format(Locale.ROOT, "%.4f / %.4f", meanP, up));
        printed.add(Integer.toString(block));
        return node;
    }

    ObjectNode volatility(List<SeriesRows.Volatility> rows, int seriesCount, List<String> printed) {
        ObjectNode node = JSON.createObjectNode();
        int n = rows.size();
        if (n == 0) {
            for (String key : List.of("qlike", "qlikeEwma", "qlikeGarch", "rmseLog", "r2")) {
                node.putNull(key);
            }
            printed.add("no rows");
            return node;
        }
        double model = 0;
        double ewma = 0;
        double garch = 0;
        double squared = 0;
        double[] f = new double[n];
        double[] y = new double[n];
        double[] dEwma = new double[n];
        List<Double> dGarch = new ArrayList<>();
        boolean haveGarch = rows.stream().allMatch(r -> !Double.isNaN(r.garch()));
        for (int i = 0; i < n; i++) {
            SeriesRows.Volatility r = rows.get(i);
            double lm = VolMetrics.qlike(r.model(), r.realised());
            double le = VolMetrics.qlike(r.ewma(), r.realised());
            model += lm;
            ewma += le;
            dEwma[i] = lm - le;
            if (haveGarch) {
                double lg = VolMetrics.qlike(r.garch(), r.realised());
                garch += lg;
                dGarch.add(lm - lg);
            }
            squared += VolMetrics.squaredLogVolError(r.model(), r.realised());
            f[i] = r.model();
            y[i] = r.realised();
        }
        VolMetrics.MincerZarnowitz mz = VolMetrics.mincerZarnowitz(f, y);
        int block = volModel.spec().horizonBars() * seriesCount;
        node.put("qlike", round(model / n));
        node.put("qlikeEwma", round(ewma / n));
        if (haveGarch) {
            node.put("qlikeGarch", round(garch / n));
        } else {
            node.putNull("qlikeGarch");
        }
        node.put("rmseLog", round(Math.sqrt(squared / n)));
        node.put("r2", round(mz.r2()));
        Bootstrap vsEwma = Bootstrap.ofMean(dEwma, block);
        printed.add(String.format(Locale.ROOT, "%,d", n));
        printed.add(f4(model / n));
        printed.add(f4(ewma / n));
        printed.add(haveGarch ? f4(garch / n) : "n/a");
        printed.add(diff(vsEwma));
        printed.add(haveGarch ? diff(Bootstrap.ofMean(dGarch.stream().mapToDouble(Double::doubleValue)
                .toArray(), block)) : "n/a");
        printed.add(f4(Math.sqrt(squared / n)));
        printed.add(String.format(Locale.ROOT, "%.2f, %.2f, %.3f", mz.a() / mean(y), mz.b(), mz.r2()));
        return node;
    }

    ObjectNode range(List<SeriesRows.Range> rows, int seriesCount, List<String> printed) {
        ObjectNode node = JSON.createObjectNode();
        double[] levels = volModel.levels();
        int n = rows.size();
        printed.add(String.format(Locale.ROOT, "%,d", n));
        for (int lv = 0; lv < levels.length; lv++) {
            ObjectNode band = node.putObject(Integer.toString((int) Math.round(levels[lv] * 100)));
            if (n == 0) {
                band.putNull("coverage");
                band.putNull("intervalScore");
                band.putNull("intervalScoreBaseline");
                printed.add("no rows");
                continue;
            }
            double alpha = 1 - levels[lv];
            double hits = 0;
            double baseHits = 0;
            double score = 0;
            double baseScore = 0;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                SeriesRows.Range r = rows.get(i);
                hits += r.y() >= r.low()[lv] && r.y() <= r.high()[lv] ? 1 : 0;
                baseHits += r.y() >= r.baseLow()[lv] && r.y() <= r.baseHigh()[lv] ? 1 : 0;
                double is = VolMetrics.intervalScore(r.low()[lv], r.high()[lv], r.y(), alpha);
                double bs = VolMetrics.intervalScore(r.baseLow()[lv], r.baseHigh()[lv], r.y(), alpha);
                score += is;
                baseScore += bs;
                d[i] = is - bs;
            }
            band.put("coverage", round(hits / n));
            band.put("intervalScore", round(score / n));
            band.put("intervalScoreBaseline", round(baseScore / n));
            Bootstrap diff = Bootstrap.ofMean(d, block(n / seriesCount) * seriesCount);
            printed.add(String.format(Locale.ROOT, "%.1f%% (base %.1f%%)  IS %.5f vs %.5f  %s", 100 * hits / n,
                    100 * baseHits / n, score / n, baseScore / n, String.format(Locale.ROOT, "%+.5f [%+.5f, %+.5f]",
                            diff.mean(), diff.low(), diff.high())));
        }
        return node;
    }

    record Output(ObjectNode json, String table) {
    }

    Output render(String dataLabel) {
        ObjectNode root = JSON.createObjectNode();
        root.put("family", spec.name());
        root.put("model", model.version());
        ArrayNode list = root.putArray("series");
        StringBuilder dir = new StringBuilder();
        StringBuilder vol = new StringBuilder();
        StringBuilder rng = new StringBuilder();
        StringBuilder str = new StringBuilder();
        String dirHeader = row("symbol", "n", "from", "to", "AUC [95%]", "log loss", "LL train-rate",
                "LL series-rate", "gain vs train-rate [95%]", "Brier", "ECE", "slope (intercept)",
                "mean p / up-share", "block");
        String volHeader = row("symbol", "rows", "QLIKE", "EWMA", "GARCH", "model−EWMA [95%]", "model−GARCH [95%]",
                "RMSE log vol", "MZ a/ȳ, b, R²");
        String rngHeader = row("symbol", "rows", "80%: coverage (baseline)  IS model vs baseline  diff [95%]",
                "95%: …");
        for (SeriesRows s : series) {
            ObjectNode node = list.addObject();
            node.put("symbol", s.symbol);
            node.put("n", s.direction.size());
            node.put("from", s.direction.isEmpty() ? null : s.direction.getFirst().time().toString());
            node.put("to", s.direction.isEmpty() ? null : s.direction.getLast().time().toString());
            List<String> d = new ArrayList<>(List.of(s.symbol, Integer.toString(s.direction.size()),
                    s.direction.isEmpty() ? "" : day(s.direction.getFirst().time()),
                    s.direction.isEmpty() ? "" : day(s.direction.getLast().time())));
            node.set("direction", direction(s.direction, 1, d));
            dir.append(row(d.toArray(String[]::new)));
            List<String> v = new ArrayList<>(List.of(s.symbol));
            node.set("volatility", volatility(s.volatility, 1, v));
            vol.append(row(v.toArray(String[]::new)));
            List<String> r = new ArrayList<>(List.of(s.symbol));
            node.set("range", range(s.range, 1, r));
            rng.append(row(r.toArray(String[]::new)));
            ObjectNode strategy = node.putObject("strategy");
            strategy.put("return", round(s.strategyReturn));
            strategy.put("buyAndHold", round(s.buyAndHold));
            strategy.put("trades", s.trades);
            str.append(row(s.symbol, String.format(Locale.ROOT, "%+.2f%%", 100 * s.strategyReturn),
                    String.format(Locale.ROOT, "%+.2f%%", 100 * s.buyAndHold), Integer.toString(s.trades)));
        }
        ObjectNode pooled = root.putObject("pooled");
        int count = Math.max(1, (int) series.stream().filter(s -> !s.direction.isEmpty()).count());
        List<SeriesRows.Direction> allDirection = pool(series.stream().flatMap(s -> s.direction.stream()).toList(),
                Comparator.comparing(SeriesRows.Direction::time).thenComparingInt(SeriesRows.Direction::series));
        List<String> d = new ArrayList<>(List.of("POOLED", Integer.toString(allDirection.size()),
                allDirection.isEmpty() ? "" : day(allDirection.getFirst().time()),
                allDirection.isEmpty() ? "" : day(allDirection.getLast().time())));
        pooled.set("direction", direction(allDirection, count, d));
        dir.append(row(d.toArray(String[]::new)));
        List<String> v = new ArrayList<>(List.of("POOLED"));
        pooled.set("volatility", volatility(pool(series.stream().flatMap(s -> s.volatility.stream()).toList(),
                Comparator.comparing(SeriesRows.Volatility::time).thenComparingInt(SeriesRows.Volatility::series)),
                count, v));
        vol.append(row(v.toArray(String[]::new)));
        List<String> r = new ArrayList<>(List.of("POOLED"));
        pooled.set("range", range(pool(series.stream().flatMap(s -> s.range.stream()).toList(),
                Comparator.comparing(SeriesRows.Range::time).thenComparingInt(SeriesRows.Range::series)), count, r));
        rng.append(row(r.toArray(String[]::new)));

        int h = horizon();
        String unit = model.card().interval().code().equals("1h") ? "hourly bar" : "session";
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "evaluate %s on %s%n  direction model %s: P(close %d %s%s later > "
                        + "close now); volatility.json: variance over the next %d bars, ranges for the close %d "
                        + "bar%s later%n", spec.name(), dataLabel, model.version(), h, unit, h == 1 ? "" : "s",
                volModel.spec().horizonBars(), volModel.spec().rangeHorizonBars(),
                volModel.spec().rangeHorizonBars() == 1 ? "" : "s"));
        t.append("  training base rate ").append(baseRate.note()).append('\n');
        for (String note : notes) {
            t.append("  ").append(note).append('\n');
        }
        t.append("\nDirection (labels by time; AUC interval and the log-loss gain interval: moving-block bootstrap, ")
                .append(ProbabilityMetrics.REPLICATES).append(" replicates, seed 42, blocks of max(5 × horizon, ")
                .append("n^(1/3)) rows per series, × series when pooled; ECE: ").append(ECE_BINS)
                .append(" equal-count bins, equal forecasts never split; slope: logistic regression of y on ")
                .append("logit(p), intercept in brackets; ")
                .append("gain > 0 means the model beats always forecasting the training base rate)\n");
        t.append(dirHeader).append(dir);
        t.append("\nVolatility (variance over the next ").append(volModel.spec().horizonBars())
                .append(" bars; QLIKE on variances, rows with realised variance 0 dropped; differences < 0 favour ")
                .append("the model, 95% block bootstrap with blocks of H × series rows; RMSE of ln √RV; ")
                .append("Mincer–Zarnowitz a (as a share of mean RV), b, R²)\n");
        t.append(volHeader).append(vol);
        t.append("\nPrice ranges (close ").append(volModel.spec().rangeHorizonBars())
                .append(" bar(s) later; interval score in log-return units, lower is better; baseline: empirical ")
                .append("quantiles of the instrument's last 500 h-bar log returns, at least 250; diff = model − ")
                .append("baseline [95%])\n");
        t.append(rngHeader).append(rng);
        t.append(String.format(Locale.ROOT, "%nStrategy (per series: long from a row's close when P(up) > 0.5, held "
                + "%d bar%s (the label horizon), then the next decision; flat otherwise; fee %s per side on every "
                + "position change; buy-and-hold over the same span pays one entry fee)%n", h, h == 1 ? "" : "s",
                new BigDecimal(Double.toString(spec.feePerSide() * 100)).stripTrailingZeros().toPlainString()
                        + "%"));
        t.append(row("symbol", "return", "buy & hold", "trades")).append(str);
        for (SeriesRows s : series) {
            t.append(String.format(Locale.ROOT, "  GARCH(1,1) for %s: %s%n", s.symbol, s.garch.description()));
        }
        return new Output(root, t.toString());
    }

    private static <T> List<T> pool(List<T> rows, Comparator<T> order) {
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        return sorted;
    }

    static byte[] json(ObjectNode node) {
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
            return (JSON.writer(printer).writeValueAsString(node) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Six decimals, half-even: the same numbers always print the same. */
    static BigDecimal round(double value) {
        return Double.isFinite(value) ? new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN) : null;
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static String diff(Bootstrap i) {
        return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", i.mean(), i.low(), i.high());
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f5(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }

    private static String day(Instant t) {
        return t.toString().substring(0, t.toString().startsWith("+") ? 11 : 10);
    }

    private static String row(String... cells) {
        return "  " + String.join(" | ", cells) + "\n";
    }
}
