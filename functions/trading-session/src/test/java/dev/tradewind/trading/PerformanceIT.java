package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static dev.tradewind.trading.TradingApi.money;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.HttpResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The performance route over a replayed stretch of real history. */
class PerformanceIT {

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
    }

    private JsonNode performance(String sessionId) {
        HttpResult result = api.sessionGet("get-performance", "u1", sessionId);
        assertEquals(200, result.status(), result.toString());
        return result.body();
    }

    @Test
    void mixedSession_isSampledPerCalendarDay_andAgreesWithThePortfolio() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.5"));
        api.placed("u1", sessionId, market("AAPL", "BUY", "20"));
        api.clock.set(Instant.parse("2022-01-06T12:00:00Z"));
        api.placed("u1", sessionId, market("BTCUSDT", "SELL", "0.2"));
        api.clock.set(Instant.parse("2022-01-10T12:00:00Z"));
        api.placed("u1", sessionId, market("AAPL", "SELL", "20"));
        api.clock.set(Instant.parse("2022-01-12T12:00:00Z"));

        JsonNode portfolio = api.portfolio("u1", sessionId);
        JsonNode p = performance(sessionId);
        assertEquals("CALENDAR_DAYS", p.get("grid").asText());
        assertEquals(365, p.get("periodsPerYear").asInt());
        assertEquals(9, p.get("observations").asInt(), "midnights of Jan 5 … Jan 12, then noon on the 12th");
        assertEquals(money(portfolio, "equity"), money(p, "endingEquity"));
        BigDecimal expectedReturn = money(portfolio, "equity").divide(new BigDecimal("100000.00"), 10,
                RoundingMode.HALF_UP).subtract(BigDecimal.ONE);
        assertEquals(expectedReturn.doubleValue(), p.get("totalReturn").asDouble(), 1e-6);
        assertEquals(4, p.get("trades").asInt());
        assertEquals(2, p.get("closedTrades").asInt());
        assertEquals(money(portfolio, "feesPaid"), money(p, "fees"));
        assertEquals(money(portfolio, "realizedPnl"), money(p, "realizedPnl"));
        assertTrue(p.get("maxDrawdown").asDouble() > 0);
        assertTrue(p.hasNonNull("sharpe"));
        assertTrue(p.hasNonNull("sortino"));
        assertTrue(p.get("exposure").asDouble() > 0.99, "a position was held all along");
    }

    @Test
    void stockOnlySession_isSampledPerNyseTradingDay() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("AAPL", "BUY", "20"));
        api.clock.set(Instant.parse("2022-01-12T12:00:00Z"));
        JsonNode p = performance(sessionId);
        assertEquals("NYSE_TRADING_DAYS", p.get("grid").asText());
        assertEquals(252, p.get("periodsPerYear").asInt());
        // Closes of Jan 4, 5, 6, 7, 10 and 11 (21:00 UTC).
        assertEquals(6, p.get("observations").asInt());
    }

    /** An undefined metric is in the answer as null, not left out (docs/trading.md#performance-metrics). */
    @Test
    void sessionWithoutTrades_reportsNoInventedFigures_andAnswersTheUndefinedOnesAsNull() {
        String sessionId = api.session("u1");
        api.clock.set(Instant.parse("2022-01-06T12:00:00Z"));
        JsonNode p = performance(sessionId);
        assertEquals(0, p.get("totalReturn").asDouble());
        assertEquals(0, p.get("trades").asInt());
        assertEquals(0, p.get("exposure").asDouble());
        assertEquals(0, p.get("volatility").asDouble(), "two flat days: s = 0");
        for (String metric : List.of("sharpe", "sortino", "calmar", "maxDrawdownPeakAt",
                "maxDrawdownTroughAt", "winRate", "profitFactor", "expectancy", "sqn", "averageWin", "averageLoss",
                "largestWin", "largestLoss")) {
            assertTrue(p.has(metric) && p.get(metric).isNull(), metric + " in " + p);
        }
    }

    @Test
    void performance_readWhileASellCommits_measuresTheStateItsEquityIsOf() {
        TradingApi.BeforeQuery between = new TradingApi.BeforeQuery();
        api = new TradingApi(TradingApi.DEFAULT_START, Map.of(), List.of(between));
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        // Between this read of the session (its equity and fees) and of its trades.
        between.once("TRADE#", () -> api.placedBeside("u1", sessionId, market("BTCUSDT", "SELL", "0.1")));

        JsonNode p = performance(sessionId);

        assertTrue(between.ran(), "the sell committed during the read");
        // The ending equity and the fees are the buy's state (4.74 of fees): so are the trades counted.
        assertEquals(new BigDecimal("4.74"), money(p, "fees"), p.toString());
        assertEquals(1, p.get("trades").asInt(), p.toString());
        assertEquals(0, p.get("closedTrades").asInt(), p.toString());
    }

    @Test
    void stoppedSession_isMeasuredToItsStop() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.5"));
        api.clock.set(Instant.parse("2022-01-05T15:00:00Z"));
        JsonNode stopped = api.sessionGet("stop-session", "u1", sessionId).body();
        api.clock.set(Instant.parse("2022-01-09T15:00:00Z"));
        JsonNode p = performance(sessionId);
        assertEquals("2022-01-05T15:00:00Z", p.get("end").asText());
        assertEquals(money(stopped, "finalEquity"), money(p, "endingEquity"));
    }

    @Test
    void fillAtACandleClose_endsItsInstantWithThePostFillState_inTheCurveAndTheMetrics() {
        // The replay clock lands on bar closes: the sell first samples the candle that just closed (a CANDLE point
        // holding the position), then fills at that same instant (a FILL point, all cash). The later state must end
        // the instant, on the curve and in the metrics.
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.5"));
        api.clock.set(Instant.parse("2022-01-06T12:00:00Z"));
        api.placed("u1", sessionId, market("BTCUSDT", "SELL", "0.5"));
        api.clock.set(Instant.parse("2022-01-07T12:00:00Z"));

        List<JsonNode> curve = api.all("get-equity", "u1", sessionId, 1000);
        JsonNode last = curve.getLast();
        JsonNode portfolio = api.portfolio("u1", sessionId);
        JsonNode p = performance(sessionId);
        assertAll(
                () -> assertEquals("FILL", last.get("kind").asText(), last.toString()),
                () -> assertEquals(money(portfolio, "equity"), money(last, "equity"), last.toString()),
                () -> assertEquals(0, new BigDecimal(last.get("positionsValue").asText()).signum(), last.toString()),
                // Midnights of Jan 5, 6 and 7 (equity 99229.70, 98023.84, 97713.41), no partial period after:
                // Sharpe = mean / sd * sqrt(365) of the three daily returns.
                () -> assertEquals(3, p.get("observations").asInt(), p.toString()),
                () -> assertEquals(-32.633176, p.get("sharpe").asDouble(), 1e-6, p.toString()),
                () -> assertEquals(-0.940054, p.get("cagr").asDouble(), 1e-6, p.toString()));
    }

    @Test
    void restingFillOnABarStoredAfterLaterFills_countsAsExposedFromWhenItWasBooked() {
        // BNBUSDT 2022-01-14: a buy limit of 1 at 479 rests from 09:30; the 09:00 bar (open 478.93, low 478.26)
        // crosses it but is stored only after a market buy of 0.5 at 10:02 and its sell at 10:03. The limit then
        // fills (trade time: the bar's close, 10:00) as the third fill, and the 1 BNB is held to the end at 10:30.
        TradingApi late = new TradingApi(Instant.parse("2022-01-14T09:30:00Z"));
        CandleRepository candles = new CandleRepository(late.enhanced, late.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("BNBUSDT", "2022-01-13T00:00:00Z", "2022-01-14T09:00:00Z"));
        String sessionId = late.session("u1");
        late.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "479"));
        late.clock.set(Instant.parse("2022-01-14T10:02:00Z"));
        late.placed("u1", sessionId, market("BNBUSDT", "BUY", "0.5"));
        late.clock.set(Instant.parse("2022-01-14T10:03:00Z"));
        late.placed("u1", sessionId, market("BNBUSDT", "SELL", "0.5"));
        candles.putAll(List.of(TradingApi.candle("BNBUSDT", "2022-01-14T09:00:00Z")));
        late.clock.set(Instant.parse("2022-01-14T10:30:00Z"));

        JsonNode held = late.portfolio("u1", sessionId).get("positions").get(0);
        HttpResult result = late.sessionGet("get-performance", "u1", sessionId);
        assertEquals(200, result.status(), result.toString());
        // Held 10:02–10:03 and, as the equity curve books the late fill, from 10:03 to the end: 28 of 60 minutes.
        assertAll(
                () -> assertEquals(0, new BigDecimal("1").compareTo(new BigDecimal(held.get("quantity").asText()))),
                () -> assertEquals(28.0 / 60, result.body().get("exposure").asDouble(), 1e-6, result.toString()));
    }
}
