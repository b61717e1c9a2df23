package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.decimal;
import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static dev.tradewind.trading.TradingApi.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.HttpResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Requests racing on one session through the handler, as many Lambda instances would: fifty orders add up to the
 * cent, no order fills twice and cash never goes below zero; a stop, a cancel or a rate limit holds against racing
 * placements and reads.
 */
class ConcurrencyIT {

    @Test
    void fiftyConcurrentOrders_addUpToTheCent() throws Exception {
        // DynamoDB Local serialises transactions on a shared machine; give its calls time rather than fail on
        // latency, which is not what this test is about.
        TradingApi api = new TradingApi(TradingApi.DEFAULT_START, Map.of("DYNAMODB_CALL_TIMEOUT", "PT30S",
                "DYNAMODB_ATTEMPT_TIMEOUT", "PT15S"));
        String sessionId = api.session("u1");
        // 40 buys of 0.07 BTC (~3,316 each: 132,600 in all) and 10 sells of 0.03 BTC (~1,419 each), all at once:
        // the buys cost more than the 100,000 of cash and every sell's proceeds together, so some must be refused for
        // cash in any order the transactions land; sells that come before any buy are refused for lack of a position.
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bodies.add(i % 5 == 4 ? market("BTCUSDT", "SELL", "0.03") : market("BTCUSDT", "BUY", "0.07"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResult>> futures = new ArrayList<>();
        for (String body : bodies) {
            futures.add(pool.submit(() -> {
                start.await();
                return api.order("u1", sessionId, body);
            }));
        }
        start.countDown();
        Map<String, Integer> outcomes = new HashMap<>();
        Set<String> acceptedOrders = new HashSet<>();
        for (Future<HttpResult> future : futures) {
            HttpResult result = future.get();
            String outcome = result.status() == 201 ? result.body().get("status").asText() : result.errorCode();
            outcomes.merge(outcome, 1, Integer::sum);
            if (result.status() == 201) {
                acceptedOrders.add(result.body().get("id").asText());
            } else {
                assertEquals(422, result.status(), result.toString());
                assertTrue(Set.of("INSUFFICIENT_CASH", "INSUFFICIENT_POSITION").contains(result.errorCode()),
                        result.toString());
            }
        }
        pool.shutdown();
        assertTrue(outcomes.getOrDefault("INSUFFICIENT_CASH", 0) > 0, "cash ran out: " + outcomes);
        assertEquals(acceptedOrders.size(), outcomes.getOrDefault("FILLED", 0), outcomes.toString());

        List<JsonNode> trades = api.all("list-trades", "u1", sessionId, 7);
        BigDecimal cash = new BigDecimal("100000.00");
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO.setScale(2);
        Set<String> filledOrders = new HashSet<>();
        for (JsonNode trade : trades) {
            assertTrue(filledOrders.add(trade.get("orderId").asText()), "an order filled twice");
            BigDecimal gross = money(trade, "grossAmount");
            BigDecimal fees = money(trade, "fees");
            boolean buy = trade.get("side").asText().equals("BUY");
            cash = buy ? cash.subtract(gross).subtract(fees) : cash.add(gross).subtract(fees);
            quantity = buy ? quantity.add(decimal(trade, "quantity")) : quantity.subtract(decimal(trade, "quantity"));
            realized = realized.add(money(trade, "realizedPnl"));
            assertTrue(money(trade, "cashAfter").signum() >= 0, "cash went negative: " + trade);
        }
        assertEquals(acceptedOrders, filledOrders, "every accepted order has exactly one trade");

        JsonNode session = api.sessionView("u1", sessionId);
        JsonNode portfolio = api.portfolio("u1", sessionId);
        assertEquals(cash, money(session, "cash"), "cash is the sum of the fills");
        assertEquals(acceptedOrders.size(), session.get("orderCount").asInt());
        assertEquals(trades.size(), session.get("tradeCount").asInt());
        JsonNode position = portfolio.get("positions").get(0);
        assertEquals(0, quantity.compareTo(decimal(position, "quantity")), "the position is the sum of the fills");
        assertEquals(realized, money(portfolio, "realizedPnl"));
        // The books balance: starting cash + realised = cash + cost basis.
        assertEquals(new BigDecimal("100000.00").add(realized), cash.add(money(position, "costBasis")));
        for (JsonNode point : api.all("get-equity", "u1", sessionId, 100)) {
            assertTrue(money(point, "cash").signum() >= 0, "cash went negative: " + point);
        }
    }

    @Test
    void portfolio_readWhileASellCommits_answersOneStateOfTheSession() {
        TradingApi.BeforeQuery between = new TradingApi.BeforeQuery();
        TradingApi api = new TradingApi(TradingApi.DEFAULT_START, Map.of(), List.of(between));
        String sessionId = api.session("u1", TradingApi.paperSession("10000", ""));
        api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));
        // Between this read of the session item and of its positions.
        between.once("POSITION#", () -> api.placedBeside("u1", sessionId, market("BTCUSDT", "SELL", "0.1")));

        JsonNode portfolio = api.portfolio("u1", sessionId);

        assertTrue(between.ran(), "the sell committed during the read");
        // Cash before the sell beside the position after it would be 5,262.59 of equity for a 10,000 session.
        assertEquals(0, portfolio.get("positions").size(), portfolio.toString());
        assertEquals(new BigDecimal("10000.00").add(money(portfolio, "realizedPnl")), money(portfolio, "cash"),
                "the books balance: " + portfolio);
        assertEquals(money(portfolio, "cash"), money(portfolio, "equity"), portfolio.toString());
    }

    @Test
    void stopRacingPlacements_leavesNoOrderOpen() throws Exception {
        TradingApi api = new TradingApi();
        for (int round = 0; round < 3; round++) {
            String sessionId = api.session("u1");
            List<Callable<HttpResult>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String price = Integer.toString(40000 + i);
                requests.add(() -> api.order("u1", sessionId, limit("BTCUSDT", "BUY", "0.01", price)));
            }
            requests.add(() -> api.sessionGet("stop-session", "u1", sessionId));
            for (HttpResult answer : TradingApi.atOnce(requests)) {
                assertTrue(Set.of(200, 201, 409).contains(answer.status()), answer.toString());
            }
            for (JsonNode order : api.all("list-orders", "u1", sessionId, 100)) {
                assertEquals("CANCELED", order.get("status").asText(), order.toString());
            }
            assertEquals(0, api.portfolio("u1", sessionId).get("openOrders").asInt());
        }
    }

    @Test
    void cancelRacingReadsAfterACrossingCandle_isRefusedAndTheOrderFills() throws Exception {
        TradingApi api = new TradingApi();
        for (int round = 0; round < 4; round++) {
            api.clock.set(TradingApi.DEFAULT_START);
            String sessionId = api.session("u1");
            String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46900")).get("id").asText();
            api.clock.set(Instant.parse("2022-01-04T16:00:00Z"));
            List<HttpResult> answers = TradingApi.atOnce(List.of(
                    () -> api.orderGet("cancel-order", "u1", sessionId, orderId),
                    () -> api.orderGet("get-order", "u1", sessionId, orderId),
                    () -> api.sessionGet("get-portfolio", "u1", sessionId)));
            assertEquals(409, answers.get(0).status(), "the 15:00 candle filled it: " + answers.get(0));
            HttpResult order = api.orderGet("get-order", "u1", sessionId, orderId);
            assertEquals("FILLED", order.body().get("status").asText(), order.toString());
        }
    }

    @Test
    void maxOrdersPerHour_underConcurrentPlacements_acceptsAtMostTheLimit() throws Exception {
        TradingApi api = new TradingApi();
        String sessionId = api.session("u1", TradingApi.paperSession("100000",
                "\"riskLimits\":{\"maxOrdersPerHour\":3}"));
        long accepted = TradingApi.atOnce(8, () -> api.order("u1", sessionId, market("BTCUSDT", "BUY", "0.01")))
                .stream().filter(a -> a.status() == 201).count();
        assertEquals(3, accepted);
        assertEquals(3, api.sessionView("u1", sessionId).get("orderCount").asInt());
    }
}
