package dev.tradewind.trading.domain.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.indicators.Indicators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code rules} strategy: enter long when the entry conditions hold at a bar's close, leave when the exit conditions
 * hold, optionally with a stop-loss and a take-profit resting after each entry (in percent of the entry price or in
 * multiples of the 14-bar ATR), each entry sized as a fraction of equity, or smaller where a volatility target asks
 * for it (the fraction × target / the realised volatility of the last 20 bars, annualised). Conditions compare indicators of the shared {@link Indicators} with numbers or with each other, e.g.
 * {@code {"indicator": "rsi", "period": 14, "op": "<", "value": 30}} or
 * {@code {"indicator": "close", "op": "crosses_above", "value": {"indicator": "sma", "period": 50}}}.
 */
public record Rules(Group entry, Group exit, Double stopLossPct, Double takeProfitPct, Double stopLossAtr,
                    Double takeProfitAtr, String stopLossRange, double positionFraction, Double volatilityTarget) {

    /** The ATR behind ATR-multiple exits, and the window of the realised volatility a volatility target divides. */
    public static final int ATR_PERIOD = 14;
    public static final int VOLATILITY_PERIOD = 20;

    /**
     * The lower bound of the volatility model's price range at a bar, by level ({@code range_low_80},
     * {@code range_low_95}): a forecast series the caller gives the {@link Frame}, behind {@code stopLossRange}.
     */
    public static final String RANGE_LOW = "range_low_";
    static final Set<String> RANGE_LEVELS = Set.of("80", "95");
    /** The served model's P(up) at a bar: a forecast series the caller gives the {@link Frame}. */
    public static final String PROBABILITY_UP = "probability_up";
    /** The volatility model's annualised forecast at a bar, where the caller gives it: sizing prefers it. */
    public static final String FORECAST_VOLATILITY = "forecast_volatility";
    public static final Set<String> INDICATORS = Set.of("close", "sma", "ema", "rsi", "atr", "macd", "macd_signal",
            "macd_histogram", "bollinger_upper", "bollinger_lower", "bollinger_percent_b", PROBABILITY_UP);
    public static final Set<String> OPERATORS = Set.of("<", "<=", ">", ">=", "crosses_above", "crosses_below");
    static final int MAX_CONDITIONS = 10;
    static final int MIN_PERIOD = 2;
    static final int MAX_PERIOD = 200;

    /** An indicator (with its period where it takes one) or a constant. */
    public record Operand(String indicator, Integer period, Double constant) {

        int lookback() {
            return constant != null ? 0 : indicator.startsWith("macd") ? 35 : period == null ? 1 : period;
        }
    }

    /** {@code left op right}. */
    public record Condition(Operand left, String op, Operand right) {
    }

    /**
     * A condition bound to one frame: its operands' series looked up once, not on every bar (the engine evaluates
     * conditions at every decision, and the lookup by name cost more than the comparison).
     */
    private static final class BoundCondition {
        private final double[] left;
        private final double[] right;
        private final double leftConstant;
        private final double rightConstant;
        private final String op;

        BoundCondition(Condition condition, Frame frame) {
            this.left = series(condition.left(), frame);
            this.right = series(condition.right(), frame);
            this.leftConstant = condition.left().constant() == null ? Double.NaN : condition.left().constant();
            this.rightConstant = condition.right().constant() == null ? Double.NaN : condition.right().constant();
            this.op = condition.op();
        }

        private static double[] series(Operand operand, Frame frame) {
            return operand.constant() != null ? null : frame.series(operand.indicator(), operand.period());
        }

        private double left(int i) {
            return left == null ? leftConstant : left[i];
        }

        private double right(int i) {
            return right == null ? rightConstant : right[i];
        }

        boolean holds(int i) {
            double l = left(i);
            double r = right(i);
            if (Double.isNaN(l) || Double.isNaN(r)) {
                return false;
            }
            return switch (op) {
                case "<" -> l < r;
                case "<=" -> l <= r;
                case ">" -> l > r;
                case ">=" -> l >= r;
                case "crosses_above", "crosses_below" -> {
                    if (i == 0) {
                        yield false;
                    }
                    double pl = left(i - 1);
                    double pr = right(i - 1);
                    yield op.equals("crosses_above") ? pl <= pr && l > r : pl >= pr && l < r;
                }
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** Conditions that must all hold ({@code all}) or of which one must ({@code any}). */
    public record Group(boolean all, List<Condition> conditions) {

        /** The group over one frame's series; an empty group never holds. */
        Bound bind(Frame frame) {
            BoundCondition[] bound = new BoundCondition[conditions.size()];
            for (int k = 0; k < bound.length; k++) {
                bound[k] = new BoundCondition(conditions.get(k), frame);
            }
            return new Bound(all, bound);
        }
    }

    /** A {@link Group} bound to one frame, evaluated at bar i. */
    static final class Bound {
        private final boolean all;
        private final BoundCondition[] conditions;

        private Bound(boolean all, BoundCondition[] conditions) {
            this.all = all;
            this.conditions = conditions;
        }

        boolean holds(int i) {
            if (conditions.length == 0) {
                return false;
            }
            for (BoundCondition condition : conditions) {
                if (condition.holds(i) != all) {
                    return !all;
                }
            }
            return all;
        }
    }

    /**
     * True when a condition or the stop reads the model's forecasts, which the caller must then give each frame.
     */
    public boolean usesForecasts() {
        return stopLossRange != null || List.of(entry, exit).stream().flatMap(g -> g.conditions().stream())
                .anyMatch(c -> PROBABILITY_UP.equals(c.left().indicator())
                        || PROBABILITY_UP.equals(c.right().indicator()));
    }

    /**
     * A {@code model-signal} strategy as rules over the model's P(up): enter when the signal is BUY (P(up) at or
     * above {@code buyAt}), leave when it is SELL (at or below {@code sellAt}), or with {@code "exitOn": "hold"}
     * as soon as it is no longer BUY; stops, take-profits and sizing as a {@code rules} strategy's.
     */
    public static Rules modelSignal(JsonNode strategy, double buyAt, double sellAt, Validation validation) {
        onlyFields(strategy, "strategy", validation, "type", "exitOn", "stopLossPct", "takeProfitPct",
                "stopLossAtr", "takeProfitAtr", "stopLossRange", "positionFraction", "volatilityTarget");
        String exitOn = strategy.path("exitOn").asText("sell");
        validation.check(exitOn.equals("sell") || exitOn.equals("hold"), "strategy.exitOn", "must be sell or hold");
        ObjectNode rules = ((ObjectNode) strategy).deepCopy();
        rules.remove("exitOn");
        rules.set("entry", condition("all", ">=", buyAt));
        rules.set("exit", exitOn.equals("hold") ? condition("any", "<", buyAt) : condition("any", "<=", sellAt));
        return parse(rules, validation);
    }

    private static ObjectNode condition(String group, String op, double value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray(group).addObject().put("indicator", PROBABILITY_UP).put("op", op).put("value", value);
        return node;
    }

    /** Bars of history the conditions need before their first decision. */
    public int lookback() {
        int longest = stopLossAtr != null || takeProfitAtr != null ? ATR_PERIOD : 1;
        if (volatilityTarget != null) {
            longest = Math.max(longest, VOLATILITY_PERIOD + 1);
        }
        for (Group group : List.of(entry, exit)) {
            for (Condition c : group.conditions()) {
                longest = Math.max(longest, Math.max(c.left().lookback(), c.right().lookback()));
            }
        }
        return longest;
    }

    /** Reads a strategy object, adding every problem to {@code validation} under {@code strategy.…}. */
    public static Rules parse(JsonNode strategy, Validation validation) {
        onlyFields(strategy, "strategy", validation, "type", "entry", "exit", "stopLossPct", "takeProfitPct",
                "stopLossAtr", "takeProfitAtr", "stopLossRange", "positionFraction", "volatilityTarget");
        Group entry = group(strategy.path("entry"), "strategy.entry", validation, true);
        Group exit = group(strategy.path("exit"), "strategy.exit", validation, false);
        Double stopLoss = percent(strategy.path("stopLossPct"), "strategy.stopLossPct", validation);
        Double takeProfit = percent(strategy.path("takeProfitPct"), "strategy.takeProfitPct", validation);
        JsonNode fraction = strategy.path("positionFraction");
        double positionFraction = 1;
        if (!fraction.isMissingNode() && !fraction.isNull()) {
            validation.check(fraction.isNumber() && fraction.asDouble() > 0 && fraction.asDouble() <= 1,
                    "strategy.positionFraction", "must be a number above 0 and at most 1");
            positionFraction = fraction.asDouble();
        }
        Double stopLossAtr = multiple(strategy.path("stopLossAtr"), "strategy.stopLossAtr", validation);
        Double takeProfitAtr = multiple(strategy.path("takeProfitAtr"), "strategy.takeProfitAtr", validation);
        validation.check(stopLoss == null || stopLossAtr == null, "strategy.stopLossAtr",
                "give stopLossPct or stopLossAtr, not both");
        JsonNode range = strategy.path("stopLossRange");
        String stopLossRange = null;
        if (!range.isMissingNode() && !range.isNull()) {
            stopLossRange = range.isInt() && RANGE_LEVELS.contains(range.asText()) ? range.asText() : null;
            validation.check(stopLossRange != null, "strategy.stopLossRange",
                    "must be 80 or 95: the lower bound of that price range of the volatility forecast");
            validation.check(stopLoss == null && stopLossAtr == null, "strategy.stopLossRange",
                    "give one of stopLossPct, stopLossAtr and stopLossRange");
        }
        validation.check(takeProfit == null || takeProfitAtr == null, "strategy.takeProfitAtr",
                "give takeProfitPct or takeProfitAtr, not both");
        JsonNode target = strategy.path("volatilityTarget");
        Double volatilityTarget = null;
        if (!target.isMissingNode() && !target.isNull()) {
            boolean valid = target.isNumber() && target.asDouble() > 0 && target.asDouble() <= 5;
            validation.check(valid, "strategy.volatilityTarget",
                    "must be an annualised volatility above 0 and at most 5 (0.2 is 20 % a year)");
            volatilityTarget = valid ? target.asDouble() : null;
        }
        return new Rules(entry, exit, stopLoss, takeProfit, stopLossAtr, takeProfitAtr, stopLossRange,
                positionFraction, volatilityTarget);
    }

    private static Double percent(JsonNode node, String field, Validation validation) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        boolean valid = node.isNumber() && node.asDouble() > 0 && node.asDouble() < 100;
        validation.check(valid, field, "must be a percentage above 0 and below 100");
        return valid ? node.asDouble() : null;
    }

    private static Double multiple(JsonNode node, String field, Validation validation) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        boolean valid = node.isNumber() && node.asDouble() > 0 && node.asDouble() <= 20;
        validation.check(valid, field, "must be a multiple of the ATR above 0 and at most 20");
        return valid ? node.asDouble() : null;
    }

    private static Group group(JsonNode node, String field, Validation validation, boolean required) {
        if (node.isMissingNode() || node.isNull()) {
            validation.check(!required, field, "must hold {\"all\": [conditions]} or {\"any\": [conditions]}");
            return new Group(true, List.of());
        }
        boolean all = node.has("all");
        JsonNode list = all ? node.get("all") : node.get("any");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_CONDITIONS
                || node.size() != 1) {
            validation.add(field, "must hold {\"all\": [conditions]} or {\"any\": [conditions]}, 1 to "
                    + MAX_CONDITIONS + " conditions");
            return new Group(all, List.of());
        }
        List<Condition> conditions = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            String at = field + (all ? ".all[" : ".any[") + k + "]";
            JsonNode c = list.get(k);
            onlyFields(c, at, validation, "indicator", "period", "op", "value");
            Operand left = operand(c, at, validation);
            String op = c.path("op").asText("");
            validation.check(OPERATORS.contains(op), at + ".op", "must be one of " + String.join(", ",
                    OPERATORS.stream().sorted().toList()));
            JsonNode value = c.path("value");
            if (value.isObject()) {
                onlyFields(value, at + ".value", validation, "indicator", "period");
            }
            Operand right = value.isNumber() ? new Operand(null, null, value.asDouble())
                    : value.isObject() ? operand(value, at + ".value", validation) : null;
            validation.check(right != null, at + ".value", "must be a number or an indicator object");
            if (left != null && right != null && OPERATORS.contains(op)) {
                conditions.add(new Condition(left, op, right));
            }
        }
        return new Group(all, conditions);
    }

    /** A request names only the fields it documents: anything else is a mistake worth hearing about. */
    public static void onlyFields(JsonNode node, String field, Validation validation, String... allowed) {
        Set<String> names = Set.of(allowed);
        node.fieldNames().forEachRemaining(name -> validation.check(names.contains(name), field + "." + name,
                "is not a field here"));
    }

    private static Operand operand(JsonNode node, String field, Validation validation) {
        String indicator = node.path("indicator").asText("");
        if (!INDICATORS.contains(indicator)) {
            validation.add(field + ".indicator", "must be one of " + String.join(", ",
                    INDICATORS.stream().sorted().toList()));
            return null;
        }
        boolean periodic = Set.of("sma", "ema", "rsi", "atr", "bollinger_upper", "bollinger_lower",
                "bollinger_percent_b").contains(indicator);
        JsonNode period = node.path("period");
        if (!periodic) {
            validation.check(period.isMissingNode(), field + ".period", indicator + " takes no period");
            return new Operand(indicator, null, null);
        }
        boolean valid = period.isInt() && period.asInt() >= MIN_PERIOD && period.asInt() <= MAX_PERIOD;
        validation.check(valid, field + ".period", "must be a whole number from " + MIN_PERIOD + " to " + MAX_PERIOD);
        return valid ? new Operand(indicator, period.asInt(), null) : null;
    }

    /** The indicators of one series, computed once each over all its bars (each value from bars up to its own). */
    public static final class Frame {

        private final double[] close;
        private final double[] high;
        private final double[] low;
        private final Map<String, double[]> cache = new HashMap<>();
        /** The series given by {@link #with}, by name: read at every bar that sizes or stops by them. */
        private final Map<String, double[]> given = new HashMap<>();
        /** {@link #atr}'s series, kept at hand: the exits placed at every entry read it. */
        private double[] atr;

        public Frame(double[] close, double[] high, double[] low) {
            this.close = close;
            this.high = high;
            this.low = low;
        }

        /**
         * Gives this frame a series it cannot compute from candles ({@link #PROBABILITY_UP},
         * {@link #FORECAST_VOLATILITY}): one value per bar, NaN where there is none.
         */
        public Frame with(String name, double[] values) {
            if (values.length != close.length) {
                throw new IllegalArgumentException(name + " has " + values.length + " values for " + close.length
                        + " bars");
            }
            cache.put(name + "/null", values);
            given.put(name, values);
            return this;
        }

        double atr(int i) {
            if (atr == null) {
                atr = series("atr", ATR_PERIOD);
            }
            return atr[i];
        }

        /** The lower bound of the price range of {@code level} forecast at bar i; NaN where there is none. */
        double rangeLow(String level, int i) {
            double[] lows = given.get(RANGE_LOW + level);
            return lows == null ? Double.NaN : lows[i];
        }

        /**
         * The volatility a volatility target divides, per year: the volatility model's forecast at bar i where the
         * frame has one, else the sample standard deviation of the last {@link #VOLATILITY_PERIOD} log returns.
         */
        double annualVolatility(int i, double periodsPerYear) {
            double[] forecast = given.get(FORECAST_VOLATILITY);
            if (forecast != null && Double.isFinite(forecast[i])) {
                return forecast[i];
            }
            return cache.computeIfAbsent("volatility", key -> Indicators.rollingVolatility(close,
                    VOLATILITY_PERIOD))[i] * Math.sqrt(periodsPerYear);
        }

        double[] series(String indicator, Integer period) {
            return cache.computeIfAbsent(indicator + "/" + period, key -> switch (indicator) {
                case "close" -> close;
                case "sma" -> Indicators.sma(close, period);
                case "ema" -> Indicators.ema(close, period);
                case "rsi" -> Indicators.rsi(close, period);
                case "atr" -> Indicators.atr(high, low, close, period);
                case "macd" -> Indicators.macd(close, 12, 26, 9).macd();
                case "macd_signal" -> Indicators.macd(close, 12, 26, 9).signal();
                case "macd_histogram" -> Indicators.macd(close, 12, 26, 9).histogram();
                case "bollinger_upper" -> Indicators.bollinger(close, period, 2).upper();
                case "bollinger_lower" -> Indicators.bollinger(close, period, 2).lower();
                case "bollinger_percent_b" -> Indicators.bollinger(close, period, 2).percentB();
                default -> throw new IllegalStateException(indicator + " was not given to this frame");
            });
        }
    }
}
