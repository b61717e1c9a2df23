package dev.tradewind.trading.domain.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.trading.domain.FillRules;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.OrderType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BacktestEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");

    /** Hourly bars from closes: open = previous close, high/low 1 % around the larger/smaller of the two. */
    private static List<Candle> bars(double... closes) {
        return bars("BTCUSDT", closes);
    }

    private static List<Candle> bars(String symbol, double... closes) {
        List<Candle> bars = new ArrayList<>();
        double previous = closes[0];
        for (int i = 0; i < closes.length; i++) {
            double open = previous;
            double close = closes[i];
            bars.add(new Candle(symbol, Interval.H1, START.plus(Duration.ofHours(i)), decimal(open),
                    decimal(Math.max(open, close) * 1.01), decimal(Math.min(open, close) * 0.99), decimal(close),
                    BigDecimal.ONE));
            previous = close;
        }
        return bars;
    }

    private static Candle candle(int hour, String open, String high, String low, String close) {
        return new Candle("BTCUSDT", Interval.H1, START.plus(Duration.ofHours(hour)), new BigDecimal(open),
                new BigDecimal(high), new BigDecimal(low), new BigDecimal(close), BigDecimal.ONE);
    }

    private static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(Math.round(value * 100) / 100.0);
    }

    private static BacktestEngine.Config config() {
        return new BacktestEngine.Config("01JH0000000000000000000000", "u1", Interval.H1, new BigDecimal("10000.00"),
                new BigDecimal("10"), new BigDecimal("5"), START);
    }

    private static BacktestEngine.Market btc(List<Candle> bars, int firstDecision) {
        return new BacktestEngine.Market("BTCUSDT", AssetClass.CRYPTO, MarketCalendar.of(AssetClass.CRYPTO), bars,
                firstDecision);
    }

    private static BacktestEngine.Result run(Rules rules, List<Candle> bars, int firstDecision) {
        return BacktestEngine.run(config(), rules, List.of(btc(bars, firstDecision)));
    }

    private static Rules rules(String json) throws Exception {
        Validation validation = new Validation();
        Rules rules = Rules.parse(JSON.readTree(json), validation);
        validation.throwIfInvalid();
        return rules;
    }

    /** Enter when the close is above 100, leave when it is below 100. */
    private static final String THRESHOLD = "{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\", "
            + "\"value\": 100}]}, \"exit\": {\"any\": [{\"indicator\": \"close\", \"op\": \"<\", \"value\": 100}]}}";

    @Test
    void marketEntriesAndExits_areBookedByTheLedger_atTheDecisionBarsClosePlusSlippage() throws Exception {
        List<Candle> bars = bars(95, 98, 101, 103, 99, 97, 102, 104);
        BacktestEngine.Result result = run(rules(THRESHOLD), bars, 1);
        List<TradeRecord> trades = result.trades();
        assertEquals(List.of(Side.BUY, Side.SELL, Side.BUY), trades.stream().map(TradeRecord::side).toList());
        // Bought at the close of bar 2 (101) + 5 bps, when that bar closed.
        assertEquals(new BigDecimal("101.0505"), trades.get(0).price());
        assertEquals(START.plus(Duration.ofHours(3)), trades.get(0).filledAt());
        assertEquals(new BigDecimal("98.95050000").stripTrailingZeros(), trades.get(1).price().stripTrailingZeros());
        // Cash + positions at the last close is the equity; exactly starting cash + realised P&L + open cost basis.
        TradeRecord last = trades.get(2);
        assertEquals(result.cash(), trades.getLast().cashAfter());
        BigDecimal held = last.quantity().multiply(new BigDecimal("104"));
        assertTrue(result.cash().add(held).subtract(result.equity()).abs().compareTo(new BigDecimal("0.01")) < 0,
                result.equity() + " vs " + result.cash().add(held));
        assertEquals(7, result.decisions(), "one decision per bar from index 1");
        assertEquals(7, result.curve().size());
    }

    @Test
    void aStopLoss_restsFromTheNextBar_andFillsLikeAPaperStop() throws Exception {
        Rules rules = rules("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\", \"value\": 100}]}, "
                + "\"exit\": {\"any\": [{\"indicator\": \"close\", \"op\": \"<\", \"value\": 50}]}, \"stopLossPct\": 2}");
        // Entry at 101 (+slippage); the next bar opens at 101 and its low (98.01) crosses the stop at 99.03.
        List<Candle> bars = bars(95, 101, 99, 99.5);
        BacktestEngine.Result result = run(rules, bars, 1);
        assertEquals(2, result.trades().size(), result.trades().toString());
        TradeRecord stop = result.trades().get(1);
        assertEquals(Side.SELL, stop.side());
        assertEquals(START.plus(Duration.ofHours(3)), stop.filledAt(), "filled when the bar that hit it closed");
        BigDecimal stopPrice = new BigDecimal("101.0505").multiply(new BigDecimal("0.98"));
        assertTrue(stop.price().compareTo(stopPrice) < 0, "a stop sells like a market order: below the stop, "
                + stop.price());
    }

    /**
     * With 100 bps of slippage an entry at the close 101 fills at 102.01, and its 0.5 % stop (101.49995) is above that
     * close: a paper session placing that STOP sell at the entry's moment fills it at once (fill model rule 3), so the
     * backtest sells at once too, rather than from the next bar, and leaves no take-profit behind.
     */
    @Test
    void aStopAlreadyThroughTheClose_sellsAtOnce_asAPaperStopPlacedThenWould() throws Exception {
        Rules rules = rules("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \"crosses_above\","
                + " \"value\": 100}]}, \"stopLossPct\": 0.5, \"takeProfitPct\": 1}");
        BacktestEngine.Config slipping = new BacktestEngine.Config("01JH0000000000000000000000", "u1", Interval.H1,
                new BigDecimal("10000.00"), new BigDecimal("10"), new BigDecimal("100"), START);
        List<Candle> bars = List.of(candle(0, "95", "96", "94", "95"), candle(1, "95", "101.5", "95", "101"),
                candle(2, "103", "104", "102", "103.5"), candle(3, "103.5", "105", "103", "104"));

        BacktestEngine.Result result = BacktestEngine.run(slipping, rules, List.of(btc(bars, 1)));

        TradeRecord entry = result.trades().getFirst();
        BigDecimal stop = Money.price(entry.price().multiply(new BigDecimal("0.995")));
        FillRules.FillNow paper = assertInstanceOf(FillRules.FillNow.class, FillRules.atPlacement(new FillRules.Terms(
                Side.SELL, OrderType.STOP, null, stop), new BigDecimal("101"), new BigDecimal("100"),
                new BigDecimal("0.1")), "a paper session fills it at placement");
        assertEquals(List.of(Side.BUY, Side.SELL), result.trades().stream().map(TradeRecord::side).toList(),
                "sold once, at the entry's close; no take-profit left for the next bar's high: " + result.trades());
        TradeRecord sold = result.trades().get(1);
        assertEquals(0, paper.price().compareTo(sold.price()), sold.toString());
        assertEquals(entry.filledAt(), sold.filledAt());
    }

    @Test
    void decisions_neverReadALaterBar() throws Exception {
        Rules rules = rules("{\"entry\": {\"all\": [{\"indicator\": \"rsi\", \"period\": 5, \"op\": \"<\", "
                + "\"value\": 45}]}, \"exit\": {\"any\": [{\"indicator\": \"close\", \"op\": \"crosses_above\", "
                + "\"value\": {\"indicator\": \"sma\", \"period\": 8}}]}}");
        double[] closes = new double[200];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = 100 + 8 * Math.sin(i / 5.0) + (i % 7) * 0.3;
        }
        List<Candle> all = bars(closes);
        BacktestEngine.Result whole = run(rules, all, 20);
        assertTrue(whole.trades().size() >= 4, "the strategy trades: " + whole.trades().size());
        List<Executable> checks = new ArrayList<>();
        for (int cut = 40; cut <= 200; cut += 40) {
            List<Candle> prefix = all.subList(0, cut);
            Instant lastClose = prefix.getLast().openTime().plus(Duration.ofHours(1));
            BacktestEngine.Result truncated = run(rules, prefix, 20);
            List<TradeRecord> expected = whole.trades().stream().filter(t -> !t.filledAt().isAfter(lastClose)).toList();
            checks.add(() -> assertEquals(expected, truncated.trades(), "the bars after " + lastClose
                    + " changed a decision before it"));
        }
        org.junit.jupiter.api.Assertions.assertAll(checks);
    }

    @Test
    void buyAndHold_buysEverythingAtTheFirstDecision() throws Exception {
        BacktestEngine.Result result = run(rules(THRESHOLD), bars(90, 92, 94, 110), 1);
        assertTrue(result.buyAndHold().totalReturn().signum() > 0, result.buyAndHold().toString());
        assertEquals(new BigDecimal("92.046"), result.buyAndHold().price(), "92 + 5 bps");
    }

    @Test
    void rules_refuseUnknownIndicatorsOperatorsAndPeriods_namingTheField() {
        Validation validation = new Validation();
        Rules.parse(JSON.createObjectNode().set("entry", JSON.valueToTree(java.util.Map.of("all", List.of(
                java.util.Map.of("indicator", "stochastic", "op", "<", "value", 1),
                java.util.Map.of("indicator", "rsi", "period", 1, "op", "<", "value", 1),
                java.util.Map.of("indicator", "close", "op", "=", "value", 1))))), validation);
        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                validation::throwIfInvalid);
        List<String> fields = e.details().stream().map(d -> d.field()).toList();
        assertTrue(fields.contains("strategy.entry.all[0].indicator"), fields.toString());
        assertTrue(fields.contains("strategy.entry.all[1].period"), fields.toString());
        assertTrue(fields.contains("strategy.entry.all[2].op"), fields.toString());
        assertFalse(fields.contains("strategy.exit"), "an exit is optional: " + fields);
    }

    @Test
    void withoutAnExitRule_aPositionIsHeldToTheEnd() throws Exception {
        JsonNode entryOnly = JSON.readTree("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\", "
                + "\"value\": 100}]}}");
        Validation validation = new Validation();
        Rules rules = Rules.parse(entryOnly, validation);
        validation.throwIfInvalid();
        BacktestEngine.Result result = run(rules, bars(95, 101, 90, 80), 1);
        assertEquals(1, result.trades().size());
    }

    @Test
    void anAtrStop_restsAtTheEntryMinusItsMultipleOfTheAtr() throws Exception {
        double[] closes = new double[32];
        java.util.Arrays.fill(closes, 100);
        closes[30] = 101;
        closes[31] = 95;
        List<Candle> bars = bars(closes);
        Rules rules = rules("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\", \"value\": 100.5}]},"
                + " \"stopLossAtr\": 1.5}");
        BacktestEngine.Result result = run(rules, bars, 20);
        assertEquals(2, result.trades().size(), result.trades().toString());
        double[] high = CandleSeries.highs(bars);
        double[] low = CandleSeries.lows(bars);
        double[] close = CandleSeries.closes(bars);
        double atr = dev.tradewind.shared.indicators.Indicators.atr(high, low, close, 14)[30];
        BigDecimal stop = Money.price(result.trades().get(0).price()
                .subtract(BigDecimal.valueOf(1.5 * atr)));
        // The next bar opens above the stop and falls through it: a stop sells at the stop, minus slippage.
        assertEquals(Money.slipped(Side.SELL, stop, new BigDecimal("5")),
                result.trades().get(1).price());
    }

    @Test
    void aVolatilityTarget_scalesTheEntryDown_byTargetOverRealisedVolatility() throws Exception {
        double[] closes = new double[40];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = 100 * (1 + 0.01 * ((i % 2 == 0) ? 1 : -1));
        }
        closes[39] = 120;
        List<Candle> bars = bars(closes);
        String entry = "{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\", \"value\": 110}]}";
        TradeRecord full = run(rules(entry + "}"), bars, 30).trades().getFirst();
        TradeRecord targeted = run(rules(entry + ", \"volatilityTarget\": 0.2}"), bars, 30)
                .trades().getFirst();
        double[] close = CandleSeries.closes(bars);
        double perYear = dev.tradewind.shared.indicators.Indicators.rollingVolatility(close, 20)[39]
                * Math.sqrt(24 * 365);
        double ratio = targeted.quantity().doubleValue() / full.quantity().doubleValue();
        assertEquals(0.2 / perYear, ratio, 1e-4, "quantity scaled by target / realised volatility (" + perYear + ")");
    }

    @Test
    void stopsInPercentAndAtr_cannotBothBeGiven() {
        Validation validation = new Validation();
        Rules.parse(JSON.createObjectNode().put("stopLossPct", 2).put("stopLossAtr", 1.5)
                .set("entry", JSON.valueToTree(java.util.Map.of("all", List.of(java.util.Map.of("indicator", "close",
                        "op", ">", "value", 1))))), validation);
        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                validation::throwIfInvalid);
        assertEquals(List.of("strategy.stopLossAtr"), e.details().stream().map(d -> d.field()).toList());
    }

    @Test
    void severalInstruments_shareOneAccount_eachEntryBuyingItsShareOfEquity() throws Exception {
        List<Candle> btc = bars(95, 101, 103, 104, 99, 98);
        List<Candle> eth = bars("ETHUSDT", 95, 96, 102, 105, 106, 107);
        MarketCalendar crypto = MarketCalendar.of(AssetClass.CRYPTO);
        BacktestEngine.Result result = BacktestEngine.run(config(), rules(THRESHOLD), List.of(btc(btc, 1),
                new BacktestEngine.Market("ETHUSDT", AssetClass.CRYPTO, crypto, eth, 1)));

        assertEquals(List.of("BTCUSDT BUY", "ETHUSDT BUY", "BTCUSDT SELL"), result.trades().stream()
                .map(t -> t.symbol() + " " + t.side()).toList());
        // BTC entered with half the equity. An hour later BTC has risen, so half the equity is more than the cash
        // left: ETH buys with the cash left. Gross and fee each round to the cent, so a cost may pass its budget by
        // a cent or two.
        TradeRecord btcEntry = result.trades().get(0);
        BigDecimal btcCost = btcEntry.grossAmount().add(btcEntry.fees());
        assertTrue(btcCost.compareTo(new BigDecimal("5000.02")) <= 0
                && btcCost.compareTo(new BigDecimal("4990")) > 0, "BTC cost " + btcCost);
        TradeRecord ethEntry = result.trades().get(1);
        BigDecimal halfEquity = btcEntry.cashAfter().add(btcEntry.quantity().multiply(new BigDecimal("103")))
                .divide(new BigDecimal(2));
        assertTrue(halfEquity.compareTo(btcEntry.cashAfter()) > 0);
        BigDecimal ethCost = ethEntry.grossAmount().add(ethEntry.fees());
        assertTrue(ethCost.compareTo(btcEntry.cashAfter()) <= 0
                && ethCost.compareTo(btcEntry.cashAfter().subtract(BigDecimal.TEN)) > 0,
                "ETH cost " + ethCost + " of cash " + btcEntry.cashAfter());
        assertTrue(ethEntry.cashAfter().signum() >= 0);
        // One equity point per moment, not per instrument; the last is cash + ETH held at its last close.
        assertEquals(5, result.curve().size());
        assertEquals(result.cash().add(ethEntry.quantity().multiply(new BigDecimal("107"))).setScale(2,
                java.math.RoundingMode.HALF_EVEN), result.equity().setScale(2, java.math.RoundingMode.HALF_EVEN));
        // Buy-and-hold: half the cash in each at its first decision.
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), result.buyAndHold().holdings().stream()
                .map(BacktestEngine.Holding::symbol).toList());
        assertEquals(null, result.buyAndHold().quantity());
    }

    @Test
    void oneInstrumentsExit_leavesTheOthersRestingOrdersAlone() throws Exception {
        Rules rules = rules(THRESHOLD.substring(0, THRESHOLD.length() - 1) + ", \"takeProfitPct\": 50}");
        List<Candle> btc = bars(95, 101, 103, 99, 98, 97);
        List<Candle> eth = bars("ETHUSDT", 95, 101, 102, 103, 104, 160);
        BacktestEngine.Result result = BacktestEngine.run(config(), rules, List.of(btc(btc, 1),
                new BacktestEngine.Market("ETHUSDT", AssetClass.CRYPTO, MarketCalendar.of(AssetClass.CRYPTO), eth, 1)));
        // BTC's rule exit cancels BTC's take-profit only: ETH's still rests and fills when ETH jumps; flat again at
        // that bar's close, which is still above 100, ETH is bought again.
        assertEquals(List.of("BTCUSDT BUY", "ETHUSDT BUY", "BTCUSDT SELL", "ETHUSDT SELL", "ETHUSDT BUY"),
                result.trades().stream()
                .map(t -> t.symbol() + " " + t.side()).toList());
        assertEquals(Money.price(result.trades().get(1).price()
                .multiply(new BigDecimal("1.5"))), result.trades().get(3).price(), "take-profit at +50 %");
    }

    /** The one rule the engine, the allocation and the sweep annualise with: sessions for stocks, crypto's clock. */
    @Test
    void periodsPerYear_stocksBySession_cryptoAroundTheClock() {
        assertEquals(252, BacktestEngine.periodsPerYear(AssetClass.STOCK, Interval.D1));
        assertEquals(365, BacktestEngine.periodsPerYear(AssetClass.CRYPTO, Interval.D1));
        assertEquals(8_760, BacktestEngine.periodsPerYear(AssetClass.CRYPTO, Interval.H1));
    }

    /**
     * Three entries at 101, each with a stop at 98.98 and a take-profit at 103.02, each followed by a bar that reaches
     * both: every one exits at its stop, the order placed first, whatever the order counter reached (orders 9 and 10
     * are the second entry's exits: "-10" sorted before "-9" as text, and its take-profit filled first).
     */
    @Test
    void barReachingBothExits_fillsTheStopOfEveryEntry_whateverItsOrderNumber() throws Exception {
        Rules rules = rules("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\", \"value\": 100}]},"
                + " \"exit\": {\"any\": [{\"indicator\": \"close\", \"op\": \"<\", \"value\": 99}]},"
                + " \"stopLossPct\": 2, \"takeProfitPct\": 2}");
        List<Candle> bars = new ArrayList<>();
        String[][] ohlc = {{"95", "95", "95", "95"}, {"95", "101", "95", "101"}, {"101", "101", "98.99", "98.99"},
            {"98.99", "101", "98.99", "101"}, {"101", "104", "98", "101"}, {"101", "104", "98", "101"},
            {"101", "104", "98", "101"}};
        for (int i = 0; i < ohlc.length; i++) {
            bars.add(new Candle("BTCUSDT", Interval.H1, START.plus(Duration.ofHours(i)), new BigDecimal(ohlc[i][0]),
                    new BigDecimal(ohlc[i][1]), new BigDecimal(ohlc[i][2]), new BigDecimal(ohlc[i][3]),
                    BigDecimal.ONE));
        }
        BacktestEngine.Config free = new BacktestEngine.Config("01JH0000000000000000000000", "u1", Interval.H1,
                new BigDecimal("10000.00"), BigDecimal.ZERO, BigDecimal.ZERO, START);

        BacktestEngine.Result result = BacktestEngine.run(free, rules, List.of(btc(bars, 1)));

        List<String> exits = result.trades().stream()
                .filter(t -> t.side() == Side.SELL && t.filledAt().isAfter(START.plus(Duration.ofHours(4))))
                .map(t -> t.price().stripTrailingZeros().toPlainString()).toList();
        assertEquals(List.of("98.98", "98.98", "98.98"), exits, result.trades().stream()
                .map(t -> t.orderId() + " " + t.side() + " @ " + t.price()).toList().toString());
    }

    @Test
    void withHistory_keepsTheDecisionsAndTheirForecasts_andTheNewestHistoryBars() {
        List<Candle> bars = bars(100, 101, 102, 103, 104, 105);
        double[] up = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        BacktestEngine.Market market = new BacktestEngine.Market("BTCUSDT", AssetClass.CRYPTO,
                MarketCalendar.of(AssetClass.CRYPTO), bars, 4, Map.of(Rules.PROBABILITY_UP, up));

        BacktestEngine.Market shorter = market.withHistory(1);

        assertEquals(bars.subList(3, 6), shorter.bars());
        assertEquals(1, shorter.firstDecision());
        assertEquals(List.of(0.4, 0.5, 0.6), Arrays.stream(shorter.forecasts().get(Rules.PROBABILITY_UP))
                .boxed().toList());
        assertEquals(bars, market.withHistory(10).bars(), "no more history than there is");
    }
}
