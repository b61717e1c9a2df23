package dev.tradewind.trading.service;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.Performance;
import dev.tradewind.trading.domain.backtest.BacktestEngine;
import dev.tradewind.trading.domain.backtest.Overfitting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parameter sweep: the grid's combinations, and the answer that ranks their backtests and says how far the best
 * one can be trusted (docs/trading.md#sweeps).
 */
final class Sweep {

    /** At most this many combinations: each is a backtest over the same bars. */
    static final int MAX_COMBINATIONS = 50;
    static final int MAX_PARAMETERS = 5;
    static final int MAX_VALUES = 20;
    /** CSCV's groups of rows; at least this many returns in each for the PBO to be computed. */
    static final int PBO_BLOCKS = 16;
    static final int MIN_RETURNS_PER_BLOCK = 10;

    private Sweep() {
    }

    /** One combination: the strategy with the grid's values set, and those values by their path. */
    record Combination(JsonNode strategy, Map<String, Double> parameters) {
    }

    /** One combination's run. */
    record Trial(Map<String, Double> parameters, BacktestEngine.Result result) {
    }

    /**
     * Every combination of {@code grid} ({@code {"/entry/all/0/value": [25, 30], "/stopLossPct": [2, 3]}}: JSON Pointers
     * to number fields of {@code strategy}), at most {@link #MAX_COMBINATIONS}.
     */
    static List<Combination> combinations(JsonNode strategy, JsonNode grid, Validation validation) {
        List<Combination> out = new ArrayList<>();
        if (!grid.isObject() || grid.isEmpty() || grid.size() > MAX_PARAMETERS) {
            validation.add("grid", "must map 1 to " + MAX_PARAMETERS + " number fields of the strategy, as JSON "
                    + "Pointers such as \"/entry/all/0/value\", to lists of values");
            return out;
        }
        long count = 1;
        List<String> paths = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : grid.properties()) {
            String path = field.getKey();
            JsonNode target = locate(strategy, path);
            if (target == null || !target.isNumber()) {
                validation.add("grid." + path, "must point at a number field of the strategy, such as "
                        + "/entry/all/0/value");
                continue;
            }
            JsonNode list = field.getValue();
            List<Double> numbers = new ArrayList<>();
            boolean valid = list.isArray() && !list.isEmpty() && list.size() <= MAX_VALUES;
            if (valid) {
                for (JsonNode value : list) {
                    valid &= value.isNumber();
                    numbers.add(value.asDouble());
                }
            }
            validation.check(valid, "grid." + path, "must be a list of 1 to " + MAX_VALUES + " numbers");
            // A repeat is the same strategy run again: the Deflated Sharpe Ratio would count it as another trial.
            validation.check(!valid || Set.copyOf(numbers).size() == numbers.size(), "grid." + path,
                    "must not repeat a value");
            paths.add(path);
            values.add(numbers);
            count *= Math.max(1, numbers.size());
        }
        validation.check(count <= MAX_COMBINATIONS, "grid", "makes " + count + " combinations; at most "
                + MAX_COMBINATIONS);
        if (!validation.isValid()) {
            return out;
        }
        combine(strategy, paths, values, 0, new LinkedHashMap<>(), out);
        return out;
    }

    private static void combine(JsonNode strategy, List<String> paths, List<List<Double>> values, int depth,
                                Map<String, Double> chosen, List<Combination> out) {
        if (depth == paths.size()) {
            JsonNode copy = strategy.deepCopy();
            chosen.forEach((path, value) -> set(copy, path, value));
            out.add(new Combination(copy, new LinkedHashMap<>(chosen)));
            return;
        }
        for (double value : values.get(depth)) {
            chosen.put(paths.get(depth), value);
            combine(strategy, paths, values, depth + 1, chosen, out);
        }
        chosen.remove(paths.get(depth));
    }

    /**
     * A combination's problems, named by the grid: one on a field the grid sets is its value's
     * ({@code grid./positionFraction}: "value 2.0: must be ..."); any other names the combination.
     */
    static List<FieldError> gridProblems(Combination combination, List<FieldError> problems) {
        List<FieldError> out = new ArrayList<>();
        for (FieldError problem : problems) {
            String path = combination.parameters().keySet().stream()
                    .filter(p -> field(p).equals(problem.field())).findFirst().orElse(null);
            out.add(path != null
                    ? new FieldError("grid." + path, "value " + combination.parameters().get(path) + ": "
                    + problem.message())
                    : new FieldError("grid", "with " + combination.parameters() + ", " + problem.field() + " "
                    + problem.message()));
        }
        return out;
    }

    /** The strategy field a JSON Pointer names, as its checks do: /entry/all/0/period, strategy.entry.all[0].period. */
    private static String field(String pointer) {
        StringBuilder out = new StringBuilder("strategy");
        for (String segment : pointer.substring(1).split("/", -1)) {
            out.append(segment.matches("\\d+") ? "[" + segment + "]" : "." + segment);
        }
        return out.toString();
    }

    /** The node at a JSON Pointer ({@code /entry/all/0/value}), or null. */
    private static JsonNode locate(JsonNode root, String pointer) {
        if (!pointer.startsWith("/")) {
            return null;
        }
        try {
            JsonNode node = root.at(JsonPointer.compile(pointer));
            return node.isMissingNode() ? null : node;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whole values are set as int nodes, as a request's own small whole numbers are read, so that a period stays a
     * period: the rules take a whole-number field only from an int node (a long node is not one).
     */
    private static void set(JsonNode root, String pointer, double value) {
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = root.at(path.head());
        JsonNode number = value == Math.rint(value) && Math.abs(value) < 1e9
                ? JsonNodeFactory.instance.numberNode((int) value) : JsonNodeFactory.instance.numberNode(value);
        if (parent instanceof ArrayNode array) {
            array.set(path.last().getMatchingIndex(), number);
        } else {
            ((ObjectNode) parent).set(path.last().getMatchingProperty(), number);
        }
    }

    /**
     * Per-decision returns of a run's equity, the first from the starting cash (it carries the first entry's fee and
     * slippage), as {@link Performance} starts its own: they compound to the run's total return.
     */
    static double[] returns(BacktestEngine.Result result) {
        List<EquityPoint> curve = result.curve();
        double[] out = new double[curve.size()];
        double before = result.metrics().startingEquity().doubleValue();
        for (int i = 0; i < curve.size(); i++) {
            double after = curve.get(i).equity().doubleValue();
            out[i] = before == 0 ? 0 : after / before - 1;
            before = after;
        }
        return out;
    }

    static JsonNode answer(List<String> symbols, AssetClass assetClass, Interval interval, List<Trial> trials,
                           Instant now) {
        double annualise = Math.sqrt(BacktestEngine.periodsPerYear(assetClass, interval));
        int n = trials.size();
        double[][] byTrial = new double[n][];
        double[] sharpes = new double[n];
        for (int k = 0; k < n; k++) {
            byTrial[k] = returns(trials.get(k).result());
            sharpes[k] = Overfitting.sharpe(byTrial[k]);
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            order.add(k);
        }
        order.sort(Comparator.comparingDouble((Integer k) -> Double.isNaN(sharpes[k]) ? Double.NEGATIVE_INFINITY
                : sharpes[k]).reversed());
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode();
        BacktestEngine.Result first = trials.getFirst().result();
        if (symbols.size() == 1) {
            out.put("symbol", symbols.getFirst());
        }
        symbols.forEach(out.putArray("symbols")::add);
        out.put("interval", interval.code());
        out.put("from", first.start().toString());
        out.put("to", first.end().toString());
        out.put("decisions", first.decisions());
        out.put("combinations", n);
        out.put("computedAt", now.toString());
        ArrayNode ranked = out.putArray("ranked");
        for (int r = 0; r < n; r++) {
            int k = order.get(r);
            BacktestEngine.Result result = trials.get(k).result();
            ObjectNode row = ranked.addObject();
            row.put("rank", r + 1);
            row.set("parameters", nodes.pojoNode(trials.get(k).parameters()));
            putRatio(row, "sharpe", sharpes[k] * annualise);
            row.put("totalReturn", result.metrics().totalReturn());
            row.put("maxDrawdown", result.metrics().maxDrawdown());
            row.put("trades", result.trades().size());
            row.put("endingEquity", result.equity());
        }
        int best = order.getFirst();
        ObjectNode bestNode = out.putObject("best");
        bestNode.set("parameters", nodes.pojoNode(trials.get(best).parameters()));
        double[] finite = Arrays.stream(sharpes).filter(Double::isFinite).toArray();
        if (Double.isFinite(sharpes[best]) && finite.length == n) {
            Overfitting.Deflated dsr = Overfitting.deflatedSharpe(byTrial[best], sharpes);
            ObjectNode deflated = bestNode.putObject("deflatedSharpe");
            putRatio(deflated, "probability", dsr.probability());
            putRatio(deflated, "sharpe", dsr.sharpe() * annualise);
            putRatio(deflated, "expectedMaxSharpeOfNoise", dsr.expectedMaxSharpe() * annualise);
            putRatio(deflated, "skewness", dsr.skewness());
            putRatio(deflated, "kurtosis", dsr.kurtosis());
            deflated.put("trials", dsr.trials());
            deflated.put("observations", dsr.observations());
            deflated.put("significant", dsr.probability() >= 0.95);
        } else {
            bestNode.put("deflatedSharpe", (String) null);
            out.withArray("notes").add("a combination's Sharpe ratio is undefined (fewer than two decisions, or "
                    + "returns that never varied), so the Deflated Sharpe Ratio is not computed");
        }
        int t = byTrial[0].length;
        if (n >= 2 && t >= PBO_BLOCKS * MIN_RETURNS_PER_BLOCK) {
            double[][] matrix = new double[t][n];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < t; i++) {
                    matrix[i][k] = byTrial[k][i];
                }
            }
            Overfitting.Pbo pbo = Overfitting.probabilityOfOverfitting(matrix, PBO_BLOCKS);
            ObjectNode node = out.putObject("pbo");
            putRatio(node, "probability", pbo.probability());
            node.put("blocks", pbo.blocks());
            node.put("splits", pbo.splits());
            putRatio(node, "medianLogit", pbo.medianLogit());
        } else {
            out.put("pbo", (String) null);
            out.withArray("notes").add("the PBO needs at least 2 combinations and " + PBO_BLOCKS
                    * MIN_RETURNS_PER_BLOCK + " returns; this sweep has " + n + " and " + t);
        }
        if (!out.has("notes")) {
            out.putArray("notes");
        }
        return out;
    }

    private static void putRatio(ObjectNode node, String field, double value) {
        node.put(field, Performance.ratio(value));
    }
}
