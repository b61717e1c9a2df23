package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.decimal;
import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static dev.tradewind.trading.TradingApi.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Resting orders against later candles of the real history: fills, gaps, stops, cancels, and never twice. */
class RestingOrdersIT {

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
    }

    private JsonNode order(String sessionId, String orderId) {
        HttpResult result = api.orderGet("get-order", "u1", sessionId, orderId);
        assertEquals(200, result.status(), result.toString());
        return result.body();
    }

    @Test
    void limitBuy_restsUntilALaterCandleReachesIt_thenFillsAtItsLimit() {
        String sessionId = api.session("u1");
        JsonNode placed = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46900"));
        assertEquals("OPEN", placed.get("status").asText());
        assertEquals("GTC", placed.get("timeInForce").asText());
        String orderId = placed.get("id").asText();

        // The 15:00 candle (low 46845) reaches 46900, but it closes only at 16:00.
        api.clock.set(Instant.parse("2022-01-04T15:59:59Z"));
        assertEquals("OPEN", order(sessionId, orderId).get("status").asText());
        assertEquals(1, api.portfolio("u1", sessionId).get("openOrders").asInt());

        api.clock.set(Instant.parse("2022-01-04T16:00:00Z"));
        JsonNode filled = order(sessionId, orderId);
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("46900"), decimal(filled, "fillPrice"));
        assertEquals("2022-01-04T16:00:00Z", filled.get("filledAt").asText());
        assertEquals(new BigDecimal("4690.00"), money(filled, "grossAmount"));
        assertEquals(new BigDecimal("4.69"), money(filled, "fees"));
        JsonNode portfolio = api.portfolio("u1", sessionId);
        assertEquals(new BigDecimal("95305.31"), money(portfolio, "cash"));
        assertEquals(0, portfolio.get("openOrders").asInt());
        assertEquals(1, api.all("list-trades", "u1", sessionId, 10).size());
    }

    @Test
    void restingOrder_seesEveryCandle_evenWhenTimeJumpsPastSeveral() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46540")).get("id").asText();
        // Lows: 15:00 46845, 16:00 46635, 17:00 46523 (first to reach 46540), 18:00 45445.57.
        api.clock.set(Instant.parse("2022-01-04T22:00:00Z"));
        JsonNode filled = order(sessionId, orderId);
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("46540"), decimal(filled, "fillPrice"));
        assertEquals("2022-01-04T18:00:00Z", filled.get("filledAt").asText(), "filled on the 17:00 candle");
    }

    @Test
    void restingOrder_waitsAtAMissingCandle_andFillsOnItOnceARefillStoresIt() {
        // BNBUSDT 2022-01-10: a buy limit at 412 placed at 15:00 is crossed by the 15:00 bar (low 411.29), not by
        // the 16:00 bar (low 414.46). The 15:00 bar is stored only after the 16:00 one, as an ingest refill does.
        api.clock.set(Instant.parse("2022-01-10T15:00:00Z"));
        Candle missing = TradingApi.candle("BNBUSDT", "2022-01-10T15:00:00Z");
        CandleRepository candles = storeWithout("BNBUSDT", "2022-01-09T00:00:00Z", "2022-01-10T16:00:01Z", missing);
        String sessionId = api.session("u1");
        JsonNode placed = api.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "412"));
        assertEquals("OPEN", placed.get("status").asText());
        String orderId = placed.get("id").asText();

        api.clock.set(Instant.parse("2022-01-10T17:30:00Z"));
        assertEquals("OPEN", order(sessionId, orderId).get("status").asText(), "only the 16:00 bar is stored");

        candles.putAll(List.of(missing));
        JsonNode filled = order(sessionId, orderId);
        assertEquals("FILLED", filled.get("status").asText(), "the refilled 15:00 bar (low 411.29) was skipped");
        assertEquals("2022-01-10T16:00:00Z", filled.get("filledAt").asText());
    }

    @Test
    void restingOrder_skipsAMissingCandleOnceFiveLaterBarsClosed_andFillsOnTheLaterOnes() {
        // BNBUSDT 2022-01-12: a buy limit at 480 placed at 15:00; the 15:00 bar (low 478.80) never arrives, the
        // 16:00 bar (open 481.63, low 479.49) crosses it. Ingestion's last refill of the gap runs at 20:02, after
        // the 19:00 bar's close, so the order waits until the 20:00 bar has closed.
        api.clock.set(Instant.parse("2022-01-12T15:00:00Z"));
        storeWithout("BNBUSDT", "2022-01-11T00:00:00Z", "2022-01-12T23:00:00Z",
                TradingApi.candle("BNBUSDT", "2022-01-12T15:00:00Z"));
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "480")).get("id").asText();

        api.clock.set(Instant.parse("2022-01-12T20:59:59Z"));
        assertEquals("OPEN", order(sessionId, orderId).get("status").asText(), "four later bars closed: waits");

        api.clock.set(Instant.parse("2022-01-12T21:00:00Z"));
        JsonNode filled = order(sessionId, orderId);
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("480"), decimal(filled, "fillPrice"));
        assertEquals("2022-01-12T17:00:00Z", filled.get("filledAt").asText(), "filled on the 16:00 bar");
    }

    /** The order of the test above, placed at 15:00 while the 15:00 bar is missing for good. */
    private Placed bnbLimitWaitingAtTheMissing1500Bar() {
        api.clock.set(Instant.parse("2022-01-12T15:00:00Z"));
        storeWithout("BNBUSDT", "2022-01-11T00:00:00Z", "2022-01-12T23:00:00Z",
                TradingApi.candle("BNBUSDT", "2022-01-12T15:00:00Z"));
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "480")).get("id").asText();
        return new Placed(sessionId, orderId);
    }

    @Test
    void cancel_whileTheOrderWaitsAtAMissingBar_is503MarketDataPending_andCannotUndoAFillOfTheBarsAfterIt() {
        Placed placed = bnbLimitWaitingAtTheMissing1500Bar();
        api.clock.set(Instant.parse("2022-01-12T18:30:00Z"));
        assertMarketDataPending(api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId()),
                MISSING_1500_CLOSED, "60");
        assertEquals("OPEN", order(placed.sessionId(), placed.orderId()).get("status").asText());

        // The wait ends when the 20:00 bar closes, at 21:00: a retry is asked for no later than that.
        api.clock.set(Instant.parse("2022-01-12T20:59:30Z"));
        HttpResult refused = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());
        assertMarketDataPending(refused, MISSING_1500_CLOSED, "31");
        api.clock.advance(Duration.ofSeconds(Long.parseLong(refused.headers().get("retry-after"))));
        HttpResult cancel = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());

        assertEquals(409, cancel.status(), "the 16:00 bar filled it once the 15:00 one was given up: " + cancel);
        JsonNode filled = order(placed.sessionId(), placed.orderId());
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals("2022-01-12T17:00:00Z", filled.get("filledAt").asText());
    }

    @Test
    void cancel_ofAnOrderPlacedDuringTheWait_withAStoredBarHeldBehindIt_is503_andCannotUndoItsFill() {
        Placed waiting = bnbLimitWaitingAtTheMissing1500Bar();
        // Placed at 17:30, so evaluated from the 17:00 bar on (low 481.51), which BNBUSDT's wait holds back too.
        api.clock.set(Instant.parse("2022-01-12T17:30:00Z"));
        String orderId = api.placed("u1", waiting.sessionId(), limit("BNBUSDT", "BUY", "1", "482")).get("id")
                .asText();
        api.clock.set(Instant.parse("2022-01-12T18:30:00Z"));

        assertMarketDataPending(api.orderGet("cancel-order", "u1", waiting.sessionId(), orderId),
                MISSING_1500_CLOSED, "60");

        api.clock.set(Instant.parse("2022-01-12T21:00:00Z"));
        assertEquals(409, api.orderGet("cancel-order", "u1", waiting.sessionId(), orderId).status());
        JsonNode filled = order(waiting.sessionId(), orderId);
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("482"), decimal(filled, "fillPrice"));
        assertEquals("2022-01-12T18:00:00Z", filled.get("filledAt").asText(), "filled on the 17:00 bar");
    }

    @Test
    void cancel_ofAnOrderPlacedDuringTheWait_withNoBarClosedSince_cancels() {
        Placed waiting = bnbLimitWaitingAtTheMissing1500Bar();
        api.clock.set(Instant.parse("2022-01-12T18:30:00Z"));
        String orderId = api.placed("u1", waiting.sessionId(), limit("BNBUSDT", "BUY", "1", "470")).get("id")
                .asText();

        HttpResult cancel = api.orderGet("cancel-order", "u1", waiting.sessionId(), orderId);

        assertEquals(200, cancel.status(), "no bar closed after it, though BNBUSDT waits: " + cancel);
        assertEquals("CANCELED", cancel.body().get("status").asText());
    }

    @Test
    void stop_whileARestingOrderWaitsAtAMissingBar_is503MarketDataPending_andCannotUndoAFillOfTheBarsAfterIt() {
        Placed placed = bnbLimitWaitingAtTheMissing1500Bar();
        api.clock.set(Instant.parse("2022-01-12T18:30:00Z"));
        assertMarketDataPending(api.sessionGet("stop-session", "u1", placed.sessionId()), MISSING_1500_CLOSED, "60");
        assertEquals("ACTIVE", api.sessionView("u1", placed.sessionId()).get("status").asText());

        api.clock.set(Instant.parse("2022-01-12T21:00:00Z"));
        HttpResult stopped = api.sessionGet("stop-session", "u1", placed.sessionId());

        assertEquals(200, stopped.status(), stopped.toString());
        assertEquals(1, stopped.body().get("tradeCount").asInt(), "the 16:00 bar filled the order before the stop");
        assertEquals("FILLED", order(placed.sessionId(), placed.orderId()).get("status").asText());
    }

    /**
     * Stores the bundled bars of {@code symbol} opened in [from, to) but {@code missing}, which it removes in case
     * another test stored it: the market table is shared by the tests of this run.
     */
    private CandleRepository storeWithout(String symbol, String from, String to, Candle missing) {
        CandleRepository candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window(symbol, from, to).stream()
                .filter(c -> !c.openTime().equals(missing.openTime())).toList());
        LocalDynamoDb.client().deleteItem(b -> b.tableName(api.env.require("MARKET_TABLE")).key(Map.of(
                "pk", AttributeValue.fromS(CandleRepository.partitionKey(symbol, missing.interval())),
                "sk", AttributeValue.fromS(CandleRepository.sortKey(missing.openTime())))));
        return candles;
    }

    @Test
    void orderPlacedWhileAHeldSymbolWaitsAtAMissingBar_leavesItsPriceBeforeTheBar() {
        // BNBUSDT 2022-01-11: the 16:00 bar (close 462.32) is missing and the 17:00 one (close 463.50) stored. The
        // holding stays valued at the 15:00 bar's close (452.20) while ingestion may still refill the gap, whatever
        // orders are placed meanwhile, and the equity curve ends with that valuation.
        api.clock.set(Instant.parse("2022-01-11T15:00:00Z"));
        storeWithout("BNBUSDT", "2022-01-10T00:00:00Z", "2022-01-11T17:00:01Z",
                TradingApi.candle("BNBUSDT", "2022-01-11T16:00:00Z"));
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BNBUSDT", "BUY", "1"));
        api.clock.set(Instant.parse("2022-01-11T18:30:00Z"));
        assertEquals(new BigDecimal("452.2"), decimal(api.portfolio("u1", sessionId).get("positions").get(0), "price"));

        assertEquals("OPEN", api.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "400")).get("status").asText());
        JsonNode portfolio = api.portfolio("u1", sessionId);
        JsonNode holding = portfolio.get("positions").get(0);
        assertEquals(new BigDecimal("452.2"), decimal(holding, "price"));
        assertEquals("2022-01-11T16:00:00Z", holding.get("priceTime").asText());
        List<JsonNode> points = api.all("get-equity", "u1", sessionId, 100);
        assertEquals(money(portfolio, "equity"), money(points.getLast(), "equity"), "the curve ends with "
                + points.getLast());
    }

    @Test
    void restingOrder_placedBeforeTheClosedBarIsStored_neverFillsOnThatBar() {
        // MSFT 2022-01-10 (low 304.69, close 314.27) closes at 21:00 UTC; ingestion stores it at 16:20 New York. At
        // 21:10 the latest stored bar is Jan 7's (close 314.04): a buy limit at 305 rests. Jan 10's prices all came
        // before the order, and Jan 11's low is 309.89: it must not fill.
        CandleRepository candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("MSFT", "2021-12-20T00:00:00Z", "2022-01-08T00:00:00Z"));
        api.clock.set(Instant.parse("2022-01-10T21:10:00Z"));
        String sessionId = api.session("u1");
        JsonNode placed = api.placed("u1", sessionId, limit("MSFT", "BUY", "10", "305"));
        assertEquals("OPEN", placed.get("status").asText());

        api.clock.set(Instant.parse("2022-01-11T21:30:00Z"));
        candles.putAll(TradingApi.window("MSFT", "2022-01-08T00:00:00Z", "2022-01-12T00:00:00Z"));
        JsonNode order = order(sessionId, placed.get("id").asText());
        assertEquals("OPEN", order.get("status").asText(), "filled at " + order.get("filledAt") + ", placed at "
                + order.get("createdAt"));
    }

    @Test
    void gapThroughALimit_fillsAtTheOpen() {
        api.clock.set(Instant.parse("2022-01-05T22:00:00Z"));
        String sessionId = api.session("u1");
        // AAPL closed 174.92 on Jan 5 and opened 172.70 on Jan 6: a buy limit at 174 fills at the open.
        JsonNode placed = api.placed("u1", sessionId, limit("AAPL", "BUY", "10", "174"));
        assertEquals("OPEN", placed.get("status").asText());
        api.clock.set(Instant.parse("2022-01-06T20:59:59Z"));
        assertEquals("OPEN", order(sessionId, placed.get("id").asText()).get("status").asText());
        api.clock.set(Instant.parse("2022-01-06T21:00:00Z"));
        JsonNode filled = order(sessionId, placed.get("id").asText());
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("172.69999695"), decimal(filled, "fillPrice"));
        assertEquals(new BigDecimal("1727.00"), money(filled, "grossAmount"));
        assertEquals(new BigDecimal("1.73"), money(filled, "fees"));
        assertEquals("2022-01-06T21:00:00Z", filled.get("filledAt").asText());
    }

    @Test
    void stopSell_triggersWhenTheLowReachesIt_andFillsLikeAMarketOrder() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        JsonNode stop = api.placed("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"SELL\",\"quantity\":\"0.1\","
                + "\"type\":\"STOP\",\"stopPrice\":\"46600\"}");
        assertEquals("OPEN", stop.get("status").asText());
        api.clock.set(Instant.parse("2022-01-04T20:00:00Z"));
        JsonNode filled = order(sessionId, stop.get("id").asText());
        assertEquals("FILLED", filled.get("status").asText());
        // The 17:00 candle's low 46523 crosses 46600; it fills at 46600 less 5 bps of slippage.
        assertEquals(new BigDecimal("46576.7"), decimal(filled, "fillPrice"));
        assertEquals("2022-01-04T18:00:00Z", filled.get("filledAt").asText());
        assertTrue(money(filled, "realizedPnl").signum() < 0);
        assertTrue(api.portfolio("u1", sessionId).get("positions").isEmpty());
    }

    @Test
    void stopLimitBuy_triggersThenFillsWithinItsLimit() {
        String sessionId = api.session("u1");
        // 18:00 candle: open 46563.99, high 46719.93 — the stop 46700 triggers at 46700, within the limit 46710.
        api.clock.set(Instant.parse("2022-01-04T18:00:00Z"));
        JsonNode placed = api.placed("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\","
                + "\"type\":\"STOP_LIMIT\",\"stopPrice\":\"46700\",\"limitPrice\":\"46710\"}");
        assertEquals("OPEN", placed.get("status").asText());
        api.clock.set(Instant.parse("2022-01-04T19:00:00Z"));
        JsonNode filled = order(sessionId, placed.get("id").asText());
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("46700"), decimal(filled, "fillPrice"));
        assertEquals("2022-01-04T19:00:00Z", filled.get("triggeredAt").asText());
    }

    @Test
    void cancel_endsAnOpenOrderOnce() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000")).get("id").asText();
        HttpResult cancelled = api.orderGet("cancel-order", "u1", sessionId, orderId);
        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals("CANCELED", cancelled.body().get("status").asText());
        assertEquals("CANCELED_BY_USER", cancelled.body().get("statusReason").asText());
        HttpResult again = api.orderGet("cancel-order", "u1", sessionId, orderId);
        assertEquals(409, again.status());
        assertEquals("ORDER_NOT_OPEN", again.errorCode());
        assertEquals(0, api.portfolio("u1", sessionId).get("openOrders").asInt());
        // Once cancelled, later candles that reach it do nothing.
        api.clock.set(Instant.parse("2022-01-10T00:00:00Z"));
        assertEquals("CANCELED", order(sessionId, orderId).get("status").asText());
        assertEquals(new BigDecimal("100000.00"), money(api.sessionView("u1", sessionId), "cash"));

        String filled = api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.01")).get("id").asText();
        assertEquals(409, api.orderGet("cancel-order", "u1", sessionId, filled).status());
        assertEquals(404, api.orderGet("cancel-order", "u1", sessionId, "01ARZ3NDEKTSV4RRFFQ69G5FAV").status());
    }

    @Test
    void cancel_cannotBeatAFillThatAlreadyHappened() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46900")).get("id").asText();
        api.clock.set(Instant.parse("2022-01-04T16:30:00Z"));
        HttpResult cancel = api.orderGet("cancel-order", "u1", sessionId, orderId);
        assertEquals(409, cancel.status(), "the 15:00 candle filled it before the cancel arrived");
        assertEquals("FILLED", order(sessionId, orderId).get("status").asText());
    }

    /** BNBUSDT 2022-01-14: the 09:00 bar (low 478.26) closes at 10:00 and is not stored yet, the bars before it are. */
    private static final Candle BNB_0900 = TradingApi.candle("BNBUSDT", "2022-01-14T09:00:00Z");

    /** The close of the missing 2022-01-12 15:00 BNBUSDT bar, and of the 2022-01-14 09:00 one not stored yet. */
    private static final String MISSING_1500_CLOSED = "2022-01-12T16:00:00Z";
    private static final String UNSTORED_0900_CLOSED = "2022-01-14T10:00:00Z";

    private record Placed(String sessionId, String orderId) {
    }

    /** A session at 09:30 with a buy limit of 1 BNBUSDT at 479, which the 09:00 bar crosses. */
    private Placed bnbLimitBeforeThe0900BarIsStored() {
        api.clock.set(Instant.parse("2022-01-14T09:30:00Z"));
        storeWithout("BNBUSDT", "2022-01-13T00:00:00Z", "2022-01-14T09:00:00Z", BNB_0900);
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "479")).get("id").asText();
        return new Placed(sessionId, orderId);
    }

    private void storeBnb0900() {
        new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE")).putAll(List.of(BNB_0900));
    }

    /** A 503 MARKET_DATA_PENDING naming the bar closed at {@code closedAt} that the refusal waits for. */
    private static void assertMarketDataPending(HttpResult refused, String closedAt, String retryAfter) {
        assertEquals(503, refused.status(), refused.toString());
        assertEquals("MARKET_DATA_PENDING", refused.errorCode());
        assertTrue(refused.body().get("error").get("message").asText().contains("closed at " + closedAt),
                refused.toString());
        assertEquals(retryAfter, refused.headers().get("retry-after"));
    }

    @Test
    void cancel_whileAClosedBarThatMayFillItIsNotStored_is503MarketDataPending_andCannotUndoTheFill() {
        Placed placed = bnbLimitBeforeThe0900BarIsStored();
        api.clock.set(Instant.parse("2022-01-14T10:02:00Z"));

        assertMarketDataPending(api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId()),
                UNSTORED_0900_CLOSED, "60");
        assertEquals("OPEN", order(placed.sessionId(), placed.orderId()).get("status").asText());

        storeBnb0900();
        HttpResult cancel = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());
        assertEquals(409, cancel.status(), cancel.toString());
        assertEquals("ORDER_NOT_OPEN", cancel.errorCode());
        JsonNode filled = order(placed.sessionId(), placed.orderId());
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("478.93"), decimal(filled, "fillPrice"), "the 09:00 bar opened below the limit");
        assertEquals("2022-01-14T10:00:00Z", filled.get("filledAt").asText());
    }

    @Test
    void cancel_whenEveryClosedBarIsStored_cancels() {
        Placed placed = bnbLimitBeforeThe0900BarIsStored();
        api.clock.set(Instant.parse("2022-01-14T09:59:59Z"));
        HttpResult cancel = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());
        assertEquals(200, cancel.status(), cancel.toString());
        assertEquals("CANCELED", cancel.body().get("status").asText());
    }

    @Test
    void cancel_ofAnOrderPlacedAfterTheUnstoredBarClosed_cancels() {
        // The 09:00 bar's prices all came before the order: it is not the order's to fill.
        api.clock.set(Instant.parse("2022-01-14T10:01:00Z"));
        storeWithout("BNBUSDT", "2022-01-13T00:00:00Z", "2022-01-14T09:00:00Z", BNB_0900);
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BNBUSDT", "BUY", "1", "479")).get("id").asText();
        api.clock.set(Instant.parse("2022-01-14T10:02:00Z"));
        HttpResult cancel = api.orderGet("cancel-order", "u1", sessionId, orderId);
        assertEquals(200, cancel.status(), cancel.toString());
        assertEquals("CANCELED", cancel.body().get("status").asText());
    }

    @Test
    void cancel_onceTheSeriesIsStale_cancelsWithoutTheUnstoredBar() {
        // The newest stored bar opened at 08:00: two further bars closed by 11:00, plus 5 minutes. Until then a retry
        // is asked for at most a minute later, or once the series has turned stale if that is sooner.
        Placed placed = bnbLimitBeforeThe0900BarIsStored();
        api.clock.set(Instant.parse("2022-01-14T11:04:30Z"));
        assertMarketDataPending(api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId()),
                UNSTORED_0900_CLOSED, "31");
        api.clock.set(Instant.parse("2022-01-14T11:05:01Z"));
        HttpResult cancel = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());
        assertEquals(200, cancel.status(), cancel.toString());
        assertEquals("CANCELED", cancel.body().get("status").asText());
    }

    @Test
    void cancel_retriedExactlyRetryAfterLater_findsTheSeriesStale_andCancels() {
        // Stale is strictly after 11:05:00 (the newest stored bar, 08:00, plus two bars and 5 minutes): a caller
        // told to wait must not arrive at that instant and be refused again.
        Placed placed = bnbLimitBeforeThe0900BarIsStored();
        api.clock.set(Instant.parse("2022-01-14T11:04:30Z"));
        HttpResult refused = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());
        assertEquals(503, refused.status(), refused.toString());
        api.clock.advance(Duration.ofSeconds(Long.parseLong(refused.headers().get("retry-after"))));
        HttpResult cancel = api.orderGet("cancel-order", "u1", placed.sessionId(), placed.orderId());
        assertEquals(200, cancel.status(), cancel.toString());
        assertEquals("CANCELED", cancel.body().get("status").asText());
    }

    @Test
    void restingBuy_whoseCashWasSpentMeanwhile_isRejectedWhenItWouldFill() {
        String sessionId = api.session("u1", TradingApi.paperSession("10000", ""));
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.2", "46900")).get("id").asText();
        api.placed("u1", sessionId, market("AAPL", "BUY", "40"));
        BigDecimal cash = money(api.sessionView("u1", sessionId), "cash");
        api.clock.set(Instant.parse("2022-01-04T17:00:00Z"));
        JsonNode rejected = order(sessionId, orderId);
        assertEquals("REJECTED", rejected.get("status").asText());
        assertEquals("INSUFFICIENT_CASH", rejected.get("statusReason").asText());
        assertEquals(cash, money(api.sessionView("u1", sessionId), "cash"));
        assertEquals(1, api.all("list-trades", "u1", sessionId, 10).size());
    }

    @Test
    void restingSell_ofAPositionSoldMeanwhile_isRejectedWhenItWouldFill() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "SELL", "0.1", "47400")).get("id").asText();
        api.placed("u1", sessionId, market("BTCUSDT", "SELL", "0.1"));
        // 15:00 candle: high 47524.36 reaches 47400.
        api.clock.set(Instant.parse("2022-01-04T16:00:00Z"));
        JsonNode rejected = order(sessionId, orderId);
        assertEquals("REJECTED", rejected.get("status").asText());
        assertEquals("INSUFFICIENT_POSITION", rejected.get("statusReason").asText());
    }

    @Test
    void concurrentReadsAfterACrossingCandle_fillTheOrderExactlyOnce() throws Exception {
        String sessionId = api.session("u1");
        for (int i = 0; i < 5; i++) {
            api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.01", Integer.toString(46600 + 10 * i)));
        }
        api.clock.set(Instant.parse("2022-01-04T21:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResult>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String route = i % 2 == 0 ? "get-portfolio" : "get-equity";
            reads.add(pool.submit(() -> {
                start.await();
                return api.sessionGet(route, "u1", sessionId);
            }));
        }
        start.countDown();
        for (Future<HttpResult> read : reads) {
            assertEquals(200, read.get().status(), read.get().toString());
        }
        pool.shutdown();
        List<JsonNode> trades = api.all("list-trades", "u1", sessionId, 100);
        assertEquals(5, trades.size());
        assertEquals(5, trades.stream().map(t -> t.get("orderId").asText()).distinct().count());
        BigDecimal spent = BigDecimal.ZERO;
        for (JsonNode trade : trades) {
            spent = spent.add(money(trade, "grossAmount")).add(money(trade, "fees"));
        }
        assertEquals(new BigDecimal("100000.00").subtract(spent), money(api.sessionView("u1", sessionId), "cash"));
    }

    @Test
    void equityCurve_isSampledAtEachFillAndEachCandleCloseWhileHolding() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        api.clock.set(Instant.parse("2022-01-04T18:30:00Z"));
        List<JsonNode> points = api.all("get-equity", "u1", sessionId, 2);
        List<String> summary = points.stream().map(p -> p.get("time").asText() + " " + p.get("kind").asText() + " "
                + money(p, "equity")).toList();
        assertEquals(List.of("2022-01-04T15:00:00Z START 100000.00", "2022-01-04T15:00:00Z FILL 99992.89",
                "2022-01-04T16:00:00Z CANDLE 99955.12", "2022-01-04T17:00:00Z CANDLE 99939.38",
                "2022-01-04T18:00:00Z CANDLE 99918.99"), summary);
        HttpResult ranged = api.sessionGet("get-equity", "u1", sessionId, java.util.Map.of(
                "from", "2022-01-04T16:00:00Z", "to", "2022-01-04T17:00:00Z"));
        assertEquals(2, ranged.body().get("items").size());
        assertEquals(400, api.sessionGet("get-equity", "u1", sessionId, java.util.Map.of("cursor", "1.bm9wZQ"))
                .status());
        assertEquals(400, api.sessionGet("get-equity", "u1", sessionId, java.util.Map.of("from", "yesterday"))
                .status());
    }

    /** A reversed range is a field-rule 400 (docs/api.md#field-rules), as the candles route answers it. */
    @Test
    void equityAndTrades_fromAfterTo_is400ValidationFailedNamingFrom() {
        String sessionId = api.session("u1");
        for (String route : List.of("get-equity", "list-trades")) {
            HttpResult reversed = api.sessionGet(route, "u1", sessionId, java.util.Map.of(
                    "from", "2022-01-04T17:00:00Z", "to", "2022-01-04T16:00:00Z"));
            assertEquals(400, reversed.status(), reversed.toString());
            assertEquals("VALIDATION_FAILED", reversed.errorCode(), route + ": " + reversed);
            assertEquals("from", reversed.body().get("error").get("details").get(0).get("field").asText(),
                    route + ": " + reversed);
        }
    }

    @Test
    void restingFill_valuesOtherHoldingsAtTheSameCandleClose() {
        // BTCUSDT and ETHUSDT bars close together; ETH is held when the BTC limit fills on the candle closing 16:00.
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("ETHUSDT", "BUY", "1"));
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46900")).get("id").asText();

        api.clock.set(Instant.parse("2022-01-04T16:00:00Z"));
        JsonNode portfolio = api.portfolio("u1", sessionId);
        // cash 100000 − 3880.06 − 4694.69; BTC 0.1 × 46925.28 and ETH 1 × 3849.02, both at their 16:00 closes
        assertEquals(new BigDecimal("91425.25"), money(portfolio, "cash"));
        assertEquals(new BigDecimal("99966.80"), money(portfolio, "equity"));
        JsonNode fill = api.all("list-trades", "u1", sessionId, 10).stream()
                .filter(t -> orderId.equals(t.get("orderId").asText())).findFirst().orElseThrow();
        assertEquals(new BigDecimal("99966.80"), money(fill, "equityAfter"), "nothing moved since the fill");
    }

    @Test
    void restingFill_onABarStoredAfterALaterFill_leavesTheLatestStateLastInTheEquityCurve() {
        // MSFT's Jan 11 bar (low 309.89) closes at 21:00 and is stored at 16:20 New York; a BTCUSDT market buy at
        // 21:05 fills first, then the stored bar fills the MSFT limit at its 21:00 close.
        CandleRepository candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("MSFT", "2021-12-20T00:00:00Z", "2022-01-11T00:00:00Z"));
        api.clock.set(Instant.parse("2022-01-11T15:00:00Z"));
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("MSFT", "BUY", "10", "310")).get("id").asText();
        api.clock.set(Instant.parse("2022-01-11T21:05:00Z"));
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        api.clock.set(Instant.parse("2022-01-11T21:25:00Z"));
        candles.putAll(TradingApi.window("MSFT", "2022-01-11T00:00:00Z", "2022-01-12T00:00:00Z"));
        assertEquals("FILLED", order(sessionId, orderId).get("status").asText());

        JsonNode portfolio = api.portfolio("u1", sessionId);
        List<JsonNode> points = api.all("get-equity", "u1", sessionId, 100);
        JsonNode last = points.get(points.size() - 1);
        assertEquals(money(portfolio, "cash"), money(last, "cash"), "the curve ends with " + last);
        assertEquals(money(portfolio, "equity"), money(last, "equity"));
    }

    @Test
    void heldInstrumentsBarStoredAfterALaterFill_leavesTheLatestStateLastInTheEquityCurve() {
        // AMZN's Jan 11 bar closes at 21:00 and is stored at 16:20 New York; a BTCUSDT market buy at 21:05 values
        // the AMZN held at Jan 10's close. Once the bar is stored, the valuation moves to Jan 11's close: the curve
        // must end there too, not at the buy until the next close samples it.
        CandleRepository candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("AMZN", "2021-12-20T00:00:00Z", "2022-01-11T00:00:00Z"));
        api.clock.set(Instant.parse("2022-01-11T15:00:00Z"));
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("AMZN", "BUY", "1"));
        api.clock.set(Instant.parse("2022-01-11T21:05:00Z"));
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        api.clock.set(Instant.parse("2022-01-11T21:25:00Z"));
        candles.putAll(TradingApi.window("AMZN", "2022-01-11T00:00:00Z", "2022-01-12T00:00:00Z"));

        JsonNode portfolio = api.portfolio("u1", sessionId);
        List<JsonNode> points = api.all("get-equity", "u1", sessionId, 100);
        JsonNode last = points.get(points.size() - 1);
        assertEquals("2022-01-11T21:00:00Z", portfolio.get("positions").get(0).get("priceTime").asText());
        assertEquals(money(portfolio, "positionsValue"), money(last, "positionsValue"), "the curve ends with " + last);
        assertEquals(money(portfolio, "equity"), money(last, "equity"));
    }

    @Test
    void equityCurve_samplesOnlyTheClosesOfHeldInstruments() {
        // Holding AAPL (next close 21:00) with a BTCUSDT limit resting far below: no held instrument closes by 20:30.
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("AAPL", "BUY", "1"));
        api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "30000"));
        api.clock.set(Instant.parse("2022-01-04T20:30:00Z"));
        List<String> candlePoints = api.all("get-equity", "u1", sessionId, 100).stream()
                .filter(p -> "CANDLE".equals(p.get("kind").asText())).map(p -> p.get("time").asText()).toList();
        assertEquals(List.of(), candlePoints);
    }

    @Test
    void fillsAtTheSameInstant_keepTheOrderTheyHappenedIn_inTheEquityCurveAndTheirNumbers() {
        String sessionId = api.session("u1");
        List<String> tradeIds = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tradeIds.add(api.placed("u1", sessionId, market("BTCUSDT", i % 2 == 0 ? "BUY" : "SELL", "0.1"))
                    .get("tradeId").asText());
        }
        List<JsonNode> points = api.all("get-equity", "u1", sessionId, 3);
        List<String> fills = points.stream().filter(p -> p.get("kind").asText().equals("FILL"))
                .map(p -> p.get("tradeId").asText()).toList();
        assertEquals(tradeIds, fills);
        List<BigDecimal> equities = points.stream().filter(p -> p.get("kind").asText().equals("FILL"))
                .map(p -> money(p, "equity")).toList();
        for (int i = 1; i < equities.size(); i++) {
            assertTrue(equities.get(i).compareTo(equities.get(i - 1)) <= 0, "every round trip costs: " + equities);
        }
        java.util.Map<String, Long> numbers = new java.util.HashMap<>();
        api.all("list-trades", "u1", sessionId, 3).forEach(t -> numbers.put(t.get("id").asText(),
                t.get("fillNumber").asLong()));
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 8).boxed().toList(),
                tradeIds.stream().map(numbers::get).toList(), "each trade's place in the session");
    }

    @Test
    void stop_cancelsRestingOrdersAndFreezesTheValuation() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000")).get("id").asText();
        api.clock.set(Instant.parse("2022-01-04T18:30:00Z"));
        HttpResult stopped = api.sessionGet("stop-session", "u1", sessionId);
        assertEquals(200, stopped.status());
        assertEquals(new BigDecimal("99918.99"), money(stopped.body(), "finalEquity"));
        assertEquals("2022-01-04T18:30:00Z", stopped.body().get("stoppedAt").asText());
        JsonNode cancelled = order(sessionId, orderId);
        assertEquals("CANCELED", cancelled.get("status").asText());
        assertEquals("SESSION_STOPPED", cancelled.get("statusReason").asText());
        api.clock.set(Instant.parse("2022-01-06T00:00:00Z"));
        JsonNode portfolio = api.portfolio("u1", sessionId);
        assertEquals(new BigDecimal("99918.99"), money(portfolio, "equity"));
        assertEquals("2022-01-04T18:30:00Z", portfolio.get("valuedAt").asText());
        HttpResult again = api.sessionGet("stop-session", "u1", sessionId);
        assertEquals(200, again.status(), "stopping twice is harmless");
        assertEquals(new BigDecimal("99918.99"), money(again.body(), "finalEquity"));
    }

    @Test
    void stop_afterACrossingCandleClosed_fillsTheOrderRatherThanCancellingIt() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46900")).get("id").asText();
        api.clock.set(Instant.parse("2022-01-04T16:30:00Z"));
        HttpResult stopped = api.sessionGet("stop-session", "u1", sessionId);
        assertEquals(200, stopped.status());
        assertEquals("FILLED", order(sessionId, orderId).get("status").asText(), "the 15:00 candle filled it");
        assertEquals(1, stopped.body().get("tradeCount").asInt());
    }

    @Test
    void stop_whileAClosedBarThatMayFillARestingOrderIsNotStored_is503MarketDataPending_andCannotUndoTheFill() {
        Placed placed = bnbLimitBeforeThe0900BarIsStored();
        api.clock.set(Instant.parse("2022-01-14T10:02:00Z"));

        assertMarketDataPending(api.sessionGet("stop-session", "u1", placed.sessionId()), UNSTORED_0900_CLOSED, "60");
        assertEquals("ACTIVE", api.sessionView("u1", placed.sessionId()).get("status").asText());
        assertEquals("OPEN", order(placed.sessionId(), placed.orderId()).get("status").asText());

        storeBnb0900();
        HttpResult stopped = api.sessionGet("stop-session", "u1", placed.sessionId());
        assertEquals(200, stopped.status(), stopped.toString());
        assertEquals("STOPPED", stopped.body().get("status").asText());
        assertEquals(1, stopped.body().get("tradeCount").asInt());
        assertEquals("FILLED", order(placed.sessionId(), placed.orderId()).get("status").asText(),
                "the 09:00 bar filled it");
        // The 1 BNB bought is in the final equity, valued at the 09:00 bar's close.
        BigDecimal value = BNB_0900.close().setScale(2, RoundingMode.HALF_UP);
        assertEquals(money(stopped.body(), "cash").add(value), money(stopped.body(), "finalEquity"));
    }

    @Test
    void stop_onceTheSeriesIsStale_cancelsWithoutTheUnstoredBar() {
        Placed placed = bnbLimitBeforeThe0900BarIsStored();
        api.clock.set(Instant.parse("2022-01-14T11:05:01Z"));
        HttpResult stopped = api.sessionGet("stop-session", "u1", placed.sessionId());
        assertEquals(200, stopped.status(), stopped.toString());
        assertEquals("STOPPED", stopped.body().get("status").asText());
        JsonNode cancelled = order(placed.sessionId(), placed.orderId());
        assertEquals("CANCELED", cancelled.get("status").asText());
        assertEquals("SESSION_STOPPED", cancelled.get("statusReason").asText());
    }

    @Test
    void cancel_ofAnOrderTheStopCancelled_is409OrderNotOpen() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000")).get("id").asText();
        assertEquals(200, api.sessionGet("stop-session", "u1", sessionId).status());
        HttpResult cancel = api.orderGet("cancel-order", "u1", sessionId, orderId);
        assertEquals(409, cancel.status(), cancel.toString());
        assertEquals("ORDER_NOT_OPEN", cancel.errorCode());
        assertEquals("SESSION_STOPPED", order(sessionId, orderId).get("statusReason").asText());
    }
}
