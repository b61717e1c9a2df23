package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.decimal;
import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static dev.tradewind.trading.TradingApi.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.StandardOutput;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placing orders: fills at placement, idempotency, and every reason an order is refused (changing nothing). */
class OrderPlacementIT {

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
    }

    /** What must not change when an order is refused: cash, orders, trades, positions. */
    private record Snapshot(BigDecimal cash, long orderCount, int orders, int trades, String positions) {
    }

    private Snapshot snapshot(String user, String sessionId) {
        JsonNode session = api.sessionView(user, sessionId);
        JsonNode portfolio = api.portfolio(user, sessionId);
        return new Snapshot(money(session, "cash"), session.get("orderCount").asLong(),
                api.all("list-orders", user, sessionId, 100).size(),
                api.all("list-trades", user, sessionId, 100).size(), portfolio.get("positions").toString());
    }

    private void assertRefused(String user, String sessionId, String body, int status, String code) {
        Snapshot before = snapshot(user, sessionId);
        HttpResult result = api.order(user, sessionId, body);
        assertEquals(status, result.status(), result.toString());
        assertEquals(code, result.errorCode(), result.toString());
        assertEquals(before, snapshot(user, sessionId), "a refused order changes nothing");
    }

    @Test
    void marketBuy_fillsAtTheLatestClosedCloseWithSlippage_plusFees() {
        String sessionId = api.session("u1");
        HttpResult result = api.order("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        assertEquals(201, result.status(), result.toString());
        JsonNode order = result.body();
        assertEquals("/v1/sessions/" + sessionId + "/orders/" + order.get("id").asText(),
                result.headers().get("location"));
        assertEquals("FILLED", order.get("status").asText());
        assertEquals("IOC", order.get("timeInForce").asText());
        // The candle that opened 14:00 closed at 15:00 = now: close 47303.01; +5 bps = 47326.661505.
        assertEquals(new BigDecimal("47303.01"), decimal(order, "referencePrice"));
        assertEquals("2022-01-04T14:00:00Z", order.get("referenceCandleTime").asText());
        assertEquals(new BigDecimal("47326.661505"), decimal(order, "fillPrice"));
        assertEquals(new BigDecimal("4732.67"), money(order, "grossAmount"));
        assertEquals(new BigDecimal("4.74"), money(order, "fees"));
        assertEquals("2022-01-04T15:00:00Z", order.get("filledAt").asText());

        JsonNode portfolio = api.portfolio("u1", sessionId);
        assertEquals(new BigDecimal("95262.59"), money(portfolio, "cash"));
        JsonNode position = portfolio.get("positions").get(0);
        assertEquals("BTCUSDT", position.get("symbol").asText());
        assertEquals(new BigDecimal("0.1"), decimal(position, "quantity"));
        assertEquals(new BigDecimal("4737.41"), money(position, "costBasis"));
        // Valued at the latest close 47303.01: 4730.30 (half up), unrealised -7.11 (slippage and fees).
        assertEquals(new BigDecimal("4730.30"), money(position, "marketValue"));
        assertEquals(new BigDecimal("-7.11"), money(position, "unrealizedPnl"));
        assertEquals(new BigDecimal("99992.89"), money(portfolio, "equity"));

        List<JsonNode> trades = api.all("list-trades", "u1", sessionId, 10);
        assertEquals(1, trades.size());
        assertEquals(order.get("tradeId").asText(), trades.getFirst().get("id").asText());
        assertEquals(new BigDecimal("95262.59"), money(trades.getFirst(), "cashAfter"));
    }

    @Test
    void marketSell_realisesProfitOrLossNetOfFees() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        JsonNode sell = api.placed("u1", sessionId, market("BTCUSDT", "SELL", "0.04"));
        assertEquals(new BigDecimal("47279.358495"), decimal(sell, "fillPrice"));
        assertEquals(new BigDecimal("1891.17"), money(sell, "grossAmount"));
        assertEquals(new BigDecimal("1.90"), money(sell, "fees"));
        assertEquals(new BigDecimal("-5.69"), money(sell, "realizedPnl"));
        JsonNode portfolio = api.portfolio("u1", sessionId);
        assertEquals(new BigDecimal("2842.45"), money(portfolio.get("positions").get(0), "costBasis"));
        assertEquals(new BigDecimal("-5.69"), money(portfolio, "realizedPnl"));
        assertEquals(new BigDecimal("6.64"), money(portfolio, "feesPaid"));
        // Books balance: starting cash + realised = cash + cost basis.
        assertEquals(new BigDecimal("100000.00").add(new BigDecimal("-5.69")),
                money(portfolio, "cash").add(new BigDecimal("2842.45")));
    }

    @Test
    void oneSession_tradesCryptoAndStocks_usdtCountsAsUsd() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        JsonNode aapl = api.placed("u1", sessionId, market("AAPL", "BUY", "10"));
        // AAPL's latest closed bar at 2022-01-04T15:00Z is Monday's (closed 16:00 New York).
        assertEquals("2022-01-03T14:30:00Z", aapl.get("referenceCandleTime").asText());
        assertEquals(new BigDecimal("182.1009995"), decimal(aapl, "fillPrice"));
        assertEquals(new BigDecimal("1821.01"), money(aapl, "grossAmount"));
        assertEquals(new BigDecimal("1.83"), money(aapl, "fees"));
        assertEquals(2, api.portfolio("u1", sessionId).get("positions").size());
    }

    @Test
    void sameIdempotencyKeyAndBody_returnsTheFirstResponseAndChangesNothing() {
        String sessionId = api.session("u1");
        HttpResult first = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));
        assertEquals(201, first.status());
        Snapshot before = snapshot("u1", sessionId);
        api.clock.advance(Duration.ofMinutes(30));
        HttpResult retry = api.order("u1", sessionId, "key-1", "{\"quantity\": 0.10, \"side\": \"BUY\","
                + " \"symbol\": \"BTCUSDT\", \"type\": \"MARKET\"}");
        assertEquals(201, retry.status());
        assertEquals(first.body(), retry.body());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(first.headers().get("location"), retry.headers().get("location"));
        assertEquals(before, snapshot("u1", sessionId));
    }

    @Test
    void sameIdempotencyKeyWithAnotherBody_is422AndChangesNothing() {
        String sessionId = api.session("u1");
        assertEquals(201, api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1")).status());
        Snapshot before = snapshot("u1", sessionId);
        HttpResult other = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.2"));
        assertEquals(422, other.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.errorCode());
        assertEquals(before, snapshot("u1", sessionId));
    }

    @Test
    void idempotencyKey_isScopedToTheSessionAndExpires() {
        String first = api.session("u1");
        String second = api.session("u1");
        assertEquals(201, api.order("u1", first, "key-1", market("BTCUSDT", "BUY", "0.1")).status());
        HttpResult elsewhere = api.order("u1", second, "key-1", market("BTCUSDT", "BUY", "0.1"));
        assertEquals(201, elsewhere.status());
        assertFalse(elsewhere.headers().containsKey("idempotent-replayed"));
        api.clock.advance(Duration.ofHours(25));
        // The price is now a day newer; the key is forgotten after 24 hours, so this is a new order.
        HttpResult later = api.order("u1", first, "key-1", market("BTCUSDT", "BUY", "0.1"));
        assertEquals(201, later.status(), later.toString());
        assertFalse(later.headers().containsKey("idempotent-replayed"));
        assertEquals(2, api.all("list-orders", "u1", first, 10).size());
    }

    @Test
    void missingOrMalformedIdempotencyKey_is400() {
        String sessionId = api.session("u1");
        HttpResult missing = api.order("u1", sessionId, null, market("BTCUSDT", "BUY", "0.1"));
        assertEquals(400, missing.status());
        assertEquals("IDEMPOTENCY_KEY_REQUIRED", missing.errorCode());
        HttpResult malformed = api.order("u1", sessionId, "has spaces", market("BTCUSDT", "BUY", "0.1"));
        assertEquals("INVALID_IDEMPOTENCY_KEY", malformed.errorCode());
        assertTrue(api.all("list-orders", "u1", sessionId, 10).isEmpty());
    }

    @Test
    void concurrentRetriesWithOneKey_placeExactlyOneOrder() throws Exception {
        String sessionId = api.session("u1");
        List<String> bodies = new ArrayList<>();
        String body = market("BTCUSDT", "BUY", "0.1");
        for (HttpResult r : TradingApi.atOnce(8, () -> api.order("u1", sessionId, "same-key", body))) {
            assertEquals(201, r.status(), r.toString());
            bodies.add(r.body().toString());
        }
        assertEquals(1, bodies.stream().distinct().count(), "every retry got the first response");
        assertEquals(1, api.all("list-orders", "u1", sessionId, 10).size());
        assertEquals(new BigDecimal("95262.59"), money(api.sessionView("u1", sessionId), "cash"));
    }

    @Test
    void invalidQuantity_is422() {
        String sessionId = api.session("u1");
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "0"), 422, "INVALID_QUANTITY");
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "-1"), 422, "INVALID_QUANTITY");
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "lots"), 422, "INVALID_QUANTITY");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":true}", 422,
                "INVALID_QUANTITY");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":-0.5}", 422,
                "INVALID_QUANTITY");
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "0.000000001"), 422, "INVALID_QUANTITY");
        // Stocks take 6 decimals.
        assertRefused("u1", sessionId, market("AAPL", "BUY", "1.0000001"), 422, "INVALID_QUANTITY");
    }

    @Test
    void invalidPrice_is422_andMissingFieldsAre400() {
        String sessionId = api.session("u1");
        assertRefused("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "0"), 422, "INVALID_PRICE");
        assertRefused("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "cheap"), 422, "INVALID_PRICE");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":1,\"type\":\"LIMIT\"}",
                400, "VALIDATION_FAILED");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":1,\"limitPrice\":1}",
                400, "VALIDATION_FAILED");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"HOLD\",\"quantity\":1}", 400,
                "VALIDATION_FAILED");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":1,\"leverage\":5}",
                400, "VALIDATION_FAILED");
    }

    @Test
    void unknownSymbol_is422() {
        String sessionId = api.session("u1");
        assertRefused("u1", sessionId, market("DOGEUSDT", "BUY", "1"), 422, "UNKNOWN_SYMBOL");
        // Not a symbol at all: the shared symbol rule refuses it before any lookup.
        assertRefused("u1", sessionId, market("../ETC", "BUY", "1"), 400, "VALIDATION_FAILED");
    }

    @Test
    void placeOrder_nonCanonicalInputs_are4xxAndPlaceNothing() {
        String sessionId = api.session("u1");
        assertRefused("u1", sessionId, market("BTCUSDT", "buy", "0.05"), 400, "VALIDATION_FAILED");
        assertRefused("u1", sessionId, market("BTCUSDT\\u0000", "BUY", "0.05"), 400, "VALIDATION_FAILED");
        assertRefused("u1", sessionId, market("btcusdt", "BUY", "0.05"), 400, "VALIDATION_FAILED");
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", " 0.05 "), 422, "INVALID_QUANTITY");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":5e-2}", 400,
                "VALIDATION_FAILED");
    }

    @Test
    void instrumentQuotedInAnotherCurrency_is422() {
        api.instruments().put(new Instrument("BTCEUR", "Bitcoin in euros", AssetClass.CRYPTO, "TEST", "EUR",
                Interval.H1));
        String sessionId = api.session("u1");
        assertRefused("u1", sessionId, market("BTCEUR", "BUY", "1"), 422, "CURRENCY_MISMATCH");
    }

    @Test
    void stalePrice_is422() {
        String sessionId = api.session("u1");
        // ETHUSDT candles are seeded up to 2022-01-08: at 2022-01-10 its latest is two days old.
        api.clock.set(Instant.parse("2022-01-10T12:00:00Z"));
        assertRefused("u1", sessionId, market("ETHUSDT", "BUY", "1"), 422, "STALE_PRICE");
        // A stock is not stale over a weekend: Saturday trades at Friday's close.
        api.clock.set(Instant.parse("2022-01-08T12:00:00Z"));
        JsonNode weekend = api.placed("u1", sessionId, market("AAPL", "BUY", "1"));
        assertEquals("2022-01-07T14:30:00Z", weekend.get("referenceCandleTime").asText());
        // Before any candle of the symbol exists, there is no price at all.
        api.clock.set(Instant.parse("2021-12-01T00:00:00Z"));
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "1"), 422, "STALE_PRICE");
    }

    @Test
    void insufficientCash_is422() {
        String sessionId = api.session("u1", TradingApi.paperSession("1000", ""));
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "0.1"), 422, "INSUFFICIENT_CASH");
        // A resting buy must be affordable at its limit too.
        assertRefused("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000"), 422, "INSUFFICIENT_CASH");
    }

    @Test
    void sellingMoreThanHeld_is422_noShortSelling() {
        String sessionId = api.session("u1");
        assertRefused("u1", sessionId, market("BTCUSDT", "SELL", "0.1"), 422, "INSUFFICIENT_POSITION");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        assertRefused("u1", sessionId, market("BTCUSDT", "SELL", "0.10000001"), 422, "INSUFFICIENT_POSITION");
        assertRefused("u1", sessionId, limit("BTCUSDT", "SELL", "0.2", "60000"), 422, "INSUFFICIENT_POSITION");
    }

    @Test
    void maxPositionPct_is422() {
        String sessionId = api.session("u1", TradingApi.paperSession("100000",
                "\"riskLimits\":{\"maxPositionPct\":10}"));
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.2"));
        // 0.2 BTC ≈ 9,465; another 0.02 takes it past 10% of equity.
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "0.02"), 422, "RISK_MAX_POSITION");
        assertEquals(201, api.order("u1", sessionId, market("AAPL", "BUY", "10")).status(), "other symbols fit");
        assertEquals(201, api.order("u1", sessionId, market("BTCUSDT", "SELL", "0.1")).status(), "sells always fit");
    }

    @Test
    void maxPositionPct_countsTheSymbolsRestingBuys() {
        String sessionId = api.session("u1", TradingApi.paperSession("100000",
                "\"riskLimits\":{\"maxPositionPct\":50}"));
        // 1 BTCUSDT at 46900 fits in 50 % of 100,000 alone, but not beside the resting one; nor does a buy stop at
        // 50000 (5,002.50 with slippage): each resting buy counts at its worst price.
        assertEquals("OPEN", api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "1", "46900")).get("status")
                .asText());
        assertRefused("u1", sessionId, limit("BTCUSDT", "BUY", "1", "46900"), 422, "RISK_MAX_POSITION");
        assertRefused("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\","
                + "\"type\":\"STOP\",\"stopPrice\":\"50000\"}", 422, "RISK_MAX_POSITION");
        assertEquals(201, api.order("u1", sessionId, limit("BTCUSDT", "BUY", "0.06", "46000")).status(),
                "46,900 + 2,760 stays within 50,000");
    }

    @Test
    void maxDailyLoss_refusesBuysButNotSells() {
        String sessionId = api.session("u1", TradingApi.paperSession("20000",
                "\"riskLimits\":{\"maxDailyLossPct\":0.25}"));
        // Each round trip of 0.2 BTC costs 28.40 in fees and slippage; the limit is 50.00 today.
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        for (int i = 0; i < 2; i++) {
            api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.2"));
            api.placed("u1", sessionId, market("BTCUSDT", "SELL", "0.2"));
        }
        assertEquals(new BigDecimal("19936.09"), money(api.sessionView("u1", sessionId), "equity"));
        assertRefused("u1", sessionId, market("AAPL", "BUY", "1"), 422, "RISK_MAX_DAILY_LOSS");
        assertEquals(201, api.order("u1", sessionId, market("BTCUSDT", "SELL", "0.1")).status());
        // A new UTC day is measured from the equity at midnight.
        api.clock.set(Instant.parse("2022-01-05T01:00:00Z"));
        assertEquals(201, api.order("u1", sessionId, market("AAPL", "BUY", "1")).status());
    }

    @Test
    void maxOrdersPerHour_is422_inARollingHour() {
        String sessionId = api.session("u1", TradingApi.paperSession("100000",
                "\"riskLimits\":{\"maxOrdersPerHour\":3}"));
        for (int i = 0; i < 3; i++) {
            api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.01"));
        }
        assertRefused("u1", sessionId, market("BTCUSDT", "BUY", "0.01"), 422, "RISK_MAX_ORDERS_PER_HOUR");
        api.clock.advance(Duration.ofMinutes(61));
        assertEquals(201, api.order("u1", sessionId, market("BTCUSDT", "BUY", "0.01")).status());
    }

    @Test
    void cooldownInForce_is422WhenTheGuardrailIsOn() {
        String guarded = api.session("u1", TradingApi.paperSession("100000",
                "\"guardrails\":{\"cooldownOnTilt\":true}"));
        String unguarded = api.session("u1");
        api.cooldowns().start("u1", api.clock.instant().plus(Duration.ofMinutes(60)),
                "3 entries within 45 min after losses above 2%", "report-1");
        Snapshot before = snapshot("u1", guarded);
        HttpResult refused = api.order("u1", guarded, market("BTCUSDT", "BUY", "0.1"));
        assertEquals(422, refused.status(), refused + " " + api.sessionView("u1", guarded) + " "
                + api.cooldowns().active("u1", api.clock.instant()));
        assertEquals("COOLDOWN_ACTIVE", refused.errorCode());
        assertTrue(refused.body().path("error").path("message").asText().contains("2022-01-04T16:00:00Z"));
        assertTrue(refused.body().path("error").path("message").asText().contains("3 entries within 45 min"));
        assertEquals(before, snapshot("u1", guarded));
        assertEquals(201, api.order("u1", unguarded, market("BTCUSDT", "BUY", "0.1")).status(),
                "the guardrail is per session");
        String otherUser = api.session("u2", TradingApi.paperSession("100000",
                "\"guardrails\":{\"cooldownOnTilt\":true}"));
        assertEquals(201, api.order("u2", otherUser, market("BTCUSDT", "BUY", "0.01")).status(),
                "another user's cooldown does not apply");
        api.clock.advance(Duration.ofMinutes(61));
        assertEquals(201, api.order("u1", guarded, market("BTCUSDT", "BUY", "0.1")).status());
    }

    @Test
    void tooManyOpenOrders_is422() {
        String sessionId = api.session("u1");
        for (int i = 0; i < 40; i++) {
            api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.001", Integer.toString(30000 + i)));
        }
        assertRefused("u1", sessionId, limit("BTCUSDT", "BUY", "0.001", "29999"), 422, "TOO_MANY_OPEN_ORDERS");
        assertEquals(201, api.order("u1", sessionId, market("BTCUSDT", "BUY", "0.001")).status(),
                "orders that fill at once are still welcome");
    }

    @Test
    void stoppedSession_is409WithItsFinalEquity() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        HttpResult stopped = api.sessionGet("stop-session", "u1", sessionId);
        assertEquals(200, stopped.status());
        assertEquals("STOPPED", stopped.body().get("status").asText());
        assertEquals(new BigDecimal("99992.89"), money(stopped.body(), "finalEquity"));
        HttpResult refused = api.order("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        assertEquals(409, refused.status());
        assertEquals("SESSION_STOPPED", refused.errorCode());
        assertTrue(refused.body().path("error").path("message").asText().contains("99992.89 USD"));
    }

    @Test
    void journalSession_takesNoOrders() {
        HttpResult created = api.createSession("u1", "{\"name\":\"real trades\",\"type\":\"JOURNAL\"}");
        assertEquals(201, created.status(), created.toString());
        HttpResult refused = api.order("u1", created.body().get("id").asText(), market("BTCUSDT", "BUY", "0.1"));
        assertEquals(409, refused.status());
        assertEquals("NOT_A_PAPER_SESSION", refused.errorCode());
    }

    @Test
    void iocLimitThatCannotFillAtOnce_expires() {
        String sessionId = api.session("u1");
        JsonNode order = api.placed("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\","
                + "\"type\":\"LIMIT\",\"limitPrice\":\"40000\",\"timeInForce\":\"IOC\"}");
        assertEquals("EXPIRED", order.get("status").asText());
        assertEquals("IOC_NOT_FILLED", order.get("statusReason").asText());
        assertNull(order.get("tradeId"));
        assertEquals(0, api.portfolio("u1", sessionId).get("openOrders").asInt());
        assertEquals(new BigDecimal("100000.00"), money(api.sessionView("u1", sessionId), "cash"));
    }

    @Test
    void iocLimitThatWouldExpire_isRefusedLikeAnyOrder_whenItCannotBePaidForOrHeld() {
        String ioc = ",\"timeInForce\":\"IOC\"}";
        // None of these crosses the reference (47303.01), so each would end EXPIRED if it were accepted.
        String sessionId = api.session("u1", TradingApi.paperSession("1000", ""));
        assertRefused("u1", sessionId, limit("BTCUSDT", "SELL", "5", "90000").replace("}", ioc), 422,
                "INSUFFICIENT_POSITION");
        assertRefused("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000").replace("}", ioc), 422,
                "INSUFFICIENT_CASH");
        String limited = api.session("u1", TradingApi.paperSession("100000", "\"riskLimits\":{\"maxPositionPct\":10}"));
        assertRefused("u1", limited, limit("BTCUSDT", "BUY", "0.3", "40000").replace("}", ioc), 422,
                "RISK_MAX_POSITION");
    }

    @Test
    void marketableLimit_fillsAtOnce_aLimitCrossingByLessRests() {
        String sessionId = api.session("u1");
        // 47303.01 × 1.001 = 47350.31: a buy limit above it is marketable and fills like a market order.
        JsonNode order = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "47400"));
        assertEquals("FILLED", order.get("status").asText());
        assertEquals(new BigDecimal("47326.661505"), decimal(order, "fillPrice"));
        JsonNode resting = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "47320"));
        assertEquals("OPEN", resting.get("status").asText());
    }

    @Test
    void marketableLimit_neverFillsWorseThanItsLimit() {
        String sessionId = api.session("u1", "{\"name\":\"wide\",\"startingCash\":100000,\"slippageBps\":50}");
        // Slippage of 50 bps would pay 47539.53; the limit 47400 (marketable: above 47350.31) caps it.
        JsonNode order = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "47400"));
        assertEquals("FILLED", order.get("status").asText());
        assertEquals(new BigDecimal("47400"), decimal(order, "fillPrice"));
    }

    @Test
    void placedAndRefusedOrders_areCountedAsMetrics() throws Exception {
        String sessionId = api.session("u1", TradingApi.paperSession("1000", ""));

        String output = StandardOutput.capture(() -> {
            api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.001"));
            api.order("u1", sessionId, market("BTCUSDT", "BUY", "1"));
        });

        assertTrue(output.lines().anyMatch(line -> line.contains("\"OrdersPlaced\":1")
                && line.contains("\"Status\":\"FILLED\"")), output);
        assertTrue(output.lines().anyMatch(line -> line.contains("\"Fills\":1")), output);
        assertTrue(output.lines().anyMatch(line -> line.contains("\"OrdersRejected\":1")
                && line.contains("\"Reason\":\"INSUFFICIENT_CASH\"")), output);
    }

    @Test
    void iocStopLimit_triggeredButNotMarketable_expires() {
        String sessionId = api.session("u1");
        // Reference 47303.01: a buy stop at 47000 is through; a limit at 46000 does not cross it, so it would rest.
        JsonNode order = api.placed("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\","
                + "\"type\":\"STOP_LIMIT\",\"stopPrice\":\"47000\",\"limitPrice\":\"46000\",\"timeInForce\":\"IOC\"}");
        assertEquals("EXPIRED", order.get("status").asText(), order.toString());
        assertEquals(0, api.portfolio("u1", sessionId).get("openOrders").asInt());
    }

    @Test
    void cooldown_endsAtItsEndTime() {
        String guarded = api.session("u1", TradingApi.paperSession("100000",
                "\"guardrails\":{\"cooldownOnTilt\":true}"));
        api.cooldowns().start("u1", api.clock.instant().plus(Duration.ofMinutes(30)), "tilt", "r1");
        assertEquals(422, api.order("u1", guarded, market("BTCUSDT", "BUY", "0.01")).status());
        api.clock.advance(Duration.ofMinutes(30));
        assertEquals(201, api.order("u1", guarded, market("BTCUSDT", "BUY", "0.01")).status());
    }
}
