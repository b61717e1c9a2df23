package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.testing.HttpResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of orders (every type and time in force, both sides, partial closes, crypto and stock quantities,
 * the session's fees and slippage, cancels, retries, a stop) against real history, with every route's answer checked
 * after every step, exactly, against docs/trading.md#accounting and #fill-model-the-contract: the trades replayed by
 * the rounding rules give the cash, fees, realised P&amp;L and cost bases answered; starting cash + realised = cash +
 * cost basis; equity = cash + holdings at the latest closes; the session, orders, equity curve and performance agree
 * with the portfolio; each fill is at the price its order and candle give, on the first candle that crossed it.
 * Seeded, so every run places the same orders; three seeds by default (about a second each, idle), more with
 * {@code -Daccounting.seeds=200}.
 */
class AccountingInvariantsIT {

    private static final int SEEDS = Integer.getInteger("accounting.seeds", 3);
    private static final int STEPS = Integer.getInteger("accounting.steps", 16);
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "AAPL");
    private static final Instant LAST = Instant.parse("2022-01-07T20:00:00Z");
    private static final BigDecimal BPS = new BigDecimal(10_000);
    private static final Map<String, List<Candle>> BARS = Map.of(
            "BTCUSDT", TradingApi.window("BTCUSDT", "2021-12-28T00:00:00Z", "2022-01-20T00:00:00Z"),
            "ETHUSDT", TradingApi.window("ETHUSDT", "2022-01-03T00:00:00Z", "2022-01-08T00:00:00Z"),
            "AAPL", TradingApi.window("AAPL", "2021-12-01T00:00:00Z", "2022-02-28T00:00:00Z"));

    @Test
    void randomOrderSequences_keepEveryRouteExactToTheCent() {
        TradingApi api = new TradingApi();
        for (int seed = 0; seed < SEEDS; seed++) {
            new Run(api, seed).run();
        }
    }

    private static final class Run {
        final TradingApi api;
        final int seed;
        final Random random;
        final String user;
        String sessionId;
        BigDecimal startingCash;
        BigDecimal feesBps;
        BigDecimal slippageBps;
        final List<String> log = new ArrayList<>();

        Run(TradingApi api, int seed) {
            this.api = api;
            this.seed = seed;
            this.random = new Random(seed);
            this.user = "inv" + seed;
        }

        void run() {
            api.clock.set(Instant.parse("2022-01-04T15:00:00Z").plus(Duration.ofMinutes(random.nextInt(600))));
            startingCash = BigDecimal.valueOf(100_000 + random.nextInt(20_000_000), 2);
            feesBps = bps();
            slippageBps = bps();
            sessionId = api.session(user, "{\"name\":\"inv\",\"startingCash\":" + startingCash.toPlainString()
                    + ",\"feesBps\":" + feesBps.toPlainString() + ",\"slippageBps\":" + slippageBps.toPlainString()
                    + "}");
            log.add("session " + startingCash + " fees " + feesBps + " slippage " + slippageBps + " at "
                    + api.clock.instant());
            check(false);
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(10);
                if (action < 3) {
                    advance();
                } else if (action == 3) {
                    cancel();
                } else {
                    place();
                }
                check(false);
            }
            if (random.nextInt(4) == 0) {
                advance();
            }
            HttpResult stopped = api.sessionGet("stop-session", user, sessionId);
            log.add("stop at " + api.clock.instant() + ": " + stopped.status());
            if (stopped.status() == 503) {
                return; // a bar not stored yet: nothing to check beyond what was
            }
            assertEquals(200, stopped.status(), context(stopped.toString()));
            check(true);
            api.clock.set(api.clock.instant().plus(Duration.ofHours(30)));
            check(true);
            HttpResult again = api.sessionGet("stop-session", user, sessionId);
            assertEquals(200, again.status(), context(again.toString()));
            assertEquals(stopped.body(), again.body(), context("stopping again"));
        }

        BigDecimal bps() {
            return switch (random.nextInt(6)) {
                case 0 -> BigDecimal.ZERO;
                case 1 -> new BigDecimal("10");
                case 2 -> new BigDecimal("1000");
                case 3 -> BigDecimal.valueOf(random.nextInt(10_000_000), 4);
                default -> BigDecimal.valueOf(random.nextInt(2000), 1);
            };
        }

        void advance() {
            Instant to = api.clock.instant().plus(Duration.ofMinutes(1 + random.nextInt(300)));
            api.clock.set(to.isAfter(LAST) ? LAST : to);
            log.add("clock " + api.clock.instant());
        }

        void cancel() {
            List<JsonNode> open = api.all("list-orders", user, sessionId, 100).stream()
                    .filter(o -> o.get("status").asText().equals("OPEN")).toList();
            if (open.isEmpty()) {
                return;
            }
            String orderId = open.get(random.nextInt(open.size())).get("id").asText();
            HttpResult result = api.invoke(TradingApi.event("cancel-order", user)
                    .pathParameter("sessionId", sessionId).pathParameter("orderId", orderId));
            log.add("cancel " + orderId + ": " + result.status());
            assertTrue(result.status() == 200 || result.status() == 409 || result.status() == 503,
                    context(result.toString()));
        }

        void place() {
            String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
            Instrument instrument = instrument(symbol);
            int scale = instrument.assetClass().name().equals("CRYPTO") ? 8 : 6;
            JsonNode portfolio = api.portfolio(user, sessionId);
            BigDecimal held = BigDecimal.ZERO;
            for (JsonNode position : portfolio.get("positions")) {
                if (position.get("symbol").asText().equals(symbol)) {
                    held = decimal(position, "quantity");
                }
            }
            Candle reference = latestClosed(symbol, api.clock.instant());
            BigDecimal ref = reference.close();
            boolean sell = held.signum() > 0 && random.nextInt(100) < 45;
            BigDecimal quantity;
            if (sell) {
                int kind = random.nextInt(10);
                quantity = kind < 4 ? held : kind == 9 ? held.add(BigDecimal.ONE.movePointLeft(scale))
                        : held.multiply(BigDecimal.valueOf(1 + random.nextInt(99), 2))
                                .setScale(random.nextInt(scale + 1), RoundingMode.DOWN);
                if (quantity.signum() == 0) {
                    quantity = held;
                }
            } else {
                BigDecimal cash = money(portfolio, "cash");
                BigDecimal share = BigDecimal.valueOf(random.nextInt(10) == 0 ? 110 : 5 + random.nextInt(60), 2);
                quantity = cash.multiply(share).divide(ref, random.nextInt(scale + 1), RoundingMode.DOWN);
                if (quantity.signum() == 0) {
                    quantity = BigDecimal.ONE.movePointLeft(scale);
                }
            }
            String side = sell ? "SELL" : "BUY";
            String type = switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> "MARKET";
                case 4, 5, 6 -> "LIMIT";
                case 7, 8 -> "STOP";
                default -> "STOP_LIMIT";
            };
            StringBuilder body = new StringBuilder("{\"symbol\":\"" + symbol + "\",\"side\":\"" + side
                    + "\",\"quantity\":\"" + quantity.toPlainString() + "\",\"type\":\"" + type + "\"");
            if (!type.equals("MARKET")) {
                BigDecimal stop = near(ref);
                if (type.contains("STOP")) {
                    body.append(",\"stopPrice\":\"").append(stop.toPlainString()).append('"');
                }
                if (type.contains("LIMIT")) {
                    BigDecimal limit = type.equals("LIMIT") ? near(ref) : near(stop);
                    body.append(",\"limitPrice\":\"").append(limit.toPlainString()).append('"');
                }
                if (random.nextInt(6) == 0) {
                    body.append(",\"timeInForce\":\"IOC\"");
                }
            }
            body.append('}');
            long ordersBefore = api.sessionView(user, sessionId).get("orderCount").asLong();
            String key = "key-" + seed + "-" + log.size();
            HttpResult result = api.order(user, sessionId, key, body.toString());
            log.add(api.clock.instant() + " " + body + " (ref " + ref + "): " + result.status() + " "
                    + (result.status() == 201 ? result.body().get("status").asText()
                    : result.body().get("error").get("code").asText()));
            assertTrue(result.status() == 201 || result.status() == 422, context(result.toString()));
            long ordersAfter = api.sessionView(user, sessionId).get("orderCount").asLong();
            assertEquals(ordersBefore + (result.status() == 201 ? 1 : 0), ordersAfter, context("order count"));
            if (result.status() == 201 && random.nextInt(4) == 0) {
                JsonNode before = api.portfolio(user, sessionId);
                HttpResult replayed = api.order(user, sessionId, key, body.toString());
                assertEquals(201, replayed.status(), context(replayed.toString()));
                assertEquals(result.body(), replayed.body(), context("replayed order"));
                assertEquals(ordersAfter, api.sessionView(user, sessionId).get("orderCount").asLong(),
                        context("replay counted"));
                assertEquals(before.get("cash"), api.portfolio(user, sessionId).get("cash"), context("replay paid"));
            }
        }

        /** A price within 1.5 % of {@code price}, of 0 to 8 decimals. */
        BigDecimal near(BigDecimal price) {
            BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(random.nextInt(301) - 150, 4));
            return price.multiply(factor).setScale(random.nextInt(9), RoundingMode.HALF_UP).stripTrailingZeros()
                    .max(BigDecimal.ONE.movePointLeft(8));
        }

        void check(boolean stopped) {
            JsonNode portfolio = api.portfolio(user, sessionId);
            JsonNode session = api.sessionView(user, sessionId);
            List<JsonNode> trades = api.all("list-trades", user, sessionId, 1000);
            List<JsonNode> newestFirst = api.all("list-trades", user, sessionId, 1000, Map.of("order", "newest"));
            List<JsonNode> curve = api.all("get-equity", user, sessionId, 1000);
            List<JsonNode> orders = api.all("list-orders", user, sessionId, 100);
            HttpResult performanceResult = api.sessionGet("get-performance", user, sessionId);
            assertEquals(200, performanceResult.status(), context(performanceResult.toString()));
            JsonNode performance = performanceResult.body();

            BigDecimal cash = money(portfolio, "cash");
            BigDecimal equity = money(portfolio, "equity");
            assertTrue(cash.signum() >= 0, context("cash " + cash));

            // Holdings: valued at the latest closed close, half up to the cent.
            BigDecimal basis = BigDecimal.ZERO.setScale(2);
            BigDecimal value = BigDecimal.ZERO.setScale(2);
            BigDecimal unrealized = BigDecimal.ZERO.setScale(2);
            Map<String, JsonNode> holdings = new TreeMap<>();
            for (JsonNode position : portfolio.get("positions")) {
                String symbol = position.get("symbol").asText();
                holdings.put(symbol, position);
                BigDecimal quantity = decimal(position, "quantity");
                assertTrue(quantity.signum() > 0, context("quantity " + position));
                BigDecimal price = decimal(position, "price");
                Instant priceTime = Instant.parse(position.get("priceTime").asText());
                Candle candle = closingAt(symbol, priceTime);
                assertEquals(0, candle.close().compareTo(price), context("price of " + position));
                if (!stopped) {
                    assertEquals(closeTime(symbol, latestClosed(symbol, api.clock.instant())), priceTime,
                            context("valued at the latest closed close: " + position));
                }
                BigDecimal marketValue = quantity.multiply(price).setScale(2, RoundingMode.HALF_UP);
                assertEquals(marketValue, money(position, "marketValue"), context(position.toString()));
                assertEquals(marketValue.subtract(money(position, "costBasis")), money(position, "unrealizedPnl"),
                        context(position.toString()));
                basis = basis.add(money(position, "costBasis"));
                value = value.add(marketValue);
                unrealized = unrealized.add(money(position, "unrealizedPnl"));
            }
            assertEquals(value, money(portfolio, "positionsValue"), context("positions value"));
            assertEquals(cash.add(value), equity, context("equity = cash + positions"));
            assertEquals(unrealized, money(portfolio, "unrealizedPnl"), context("unrealised"));
            BigDecimal realized = money(portfolio, "realizedPnl");
            assertEquals(startingCash.add(realized), cash.add(basis),
                    context("starting cash + realised = cash + cost basis"));
            assertEquals(startingCash.add(realized).add(unrealized), equity, context("start + realised + unrealised"));

            // The trades, replayed by the rules of docs/trading.md#accounting.
            BigDecimal replayCash = startingCash;
            BigDecimal replayFees = BigDecimal.ZERO.setScale(2);
            BigDecimal replayRealized = BigDecimal.ZERO.setScale(2);
            Map<String, BigDecimal> quantities = new HashMap<>();
            Map<String, BigDecimal> bases = new HashMap<>();
            Map<String, String> positionIds = new HashMap<>();
            Map<String, String> openedAt = new HashMap<>();
            Set<String> usedPositionIds = new HashSet<>();
            int sells = 0;
            for (int i = 0; i < trades.size(); i++) {
                JsonNode trade = trades.get(i);
                assertEquals(i + 1, trade.get("fillNumber").asLong(), context("fill numbers " + trade));
                String symbol = trade.get("symbol").asText();
                boolean buy = trade.get("side").asText().equals("BUY");
                BigDecimal quantity = decimal(trade, "quantity");
                BigDecimal price = decimal(trade, "price");
                BigDecimal gross = quantity.multiply(price)
                        .setScale(2, buy ? RoundingMode.CEILING : RoundingMode.FLOOR);
                BigDecimal fee = gross.multiply(feesBps).divide(BPS, 2, RoundingMode.CEILING);
                assertEquals(gross, money(trade, "grossAmount"), context("gross " + trade));
                assertEquals(fee, money(trade, "fees"), context("fee " + trade));
                BigDecimal heldBefore = quantities.getOrDefault(symbol, BigDecimal.ZERO);
                BigDecimal basisBefore = bases.getOrDefault(symbol, BigDecimal.ZERO.setScale(2));
                BigDecimal realizedHere = BigDecimal.ZERO.setScale(2);
                if (heldBefore.signum() == 0) {
                    assertTrue(buy, context("sold from nothing " + trade));
                    assertTrue(usedPositionIds.add(trade.get("positionId").asText()), context("reused id " + trade));
                    positionIds.put(symbol, trade.get("positionId").asText());
                    openedAt.put(symbol, trade.get("filledAt").asText());
                }
                assertEquals(positionIds.get(symbol), trade.get("positionId").asText(), context("position " + trade));
                assertEquals(openedAt.get(symbol), trade.get("positionOpenedAt").asText(), context("opened " + trade));
                if (buy) {
                    replayCash = replayCash.subtract(gross).subtract(fee);
                    quantities.put(symbol, heldBefore.add(quantity));
                    bases.put(symbol, basisBefore.add(gross).add(fee));
                } else {
                    sells++;
                    assertTrue(heldBefore.compareTo(quantity) >= 0, context("sold more than held " + trade));
                    BigDecimal out = heldBefore.compareTo(quantity) == 0 ? basisBefore
                            : basisBefore.multiply(quantity).divide(heldBefore, 2, RoundingMode.HALF_UP);
                    realizedHere = gross.subtract(fee).subtract(out);
                    replayCash = replayCash.add(gross).subtract(fee);
                    quantities.put(symbol, heldBefore.subtract(quantity));
                    bases.put(symbol, basisBefore.subtract(out));
                }
                replayFees = replayFees.add(fee);
                replayRealized = replayRealized.add(realizedHere);
                assertEquals(realizedHere, money(trade, "realizedPnl"), context("realised " + trade));
                assertEquals(0, quantities.get(symbol).compareTo(decimal(trade, "positionQuantityAfter")),
                        context("quantity after " + trade));
                assertEquals(replayCash, money(trade, "cashAfter"), context("cash after " + trade));
                assertTrue(replayCash.signum() >= 0, context("cash after " + trade));
            }
            assertEquals(trades.reversed(), newestFirst, context("newest first"));
            assertEquals(replayCash, cash, context("replayed cash"));
            assertEquals(replayFees, money(portfolio, "feesPaid"), context("replayed fees"));
            assertEquals(replayRealized, realized, context("replayed realised"));
            quantities.forEach((symbol, quantity) -> {
                JsonNode holding = holdings.get(symbol);
                if (quantity.signum() == 0) {
                    assertEquals(null, holding, context("closed " + symbol));
                    assertEquals(BigDecimal.ZERO.setScale(2), bases.get(symbol), context("closed basis " + symbol));
                } else {
                    assertEquals(0, quantity.compareTo(decimal(holding, "quantity")), context("held " + symbol));
                    assertEquals(bases.get(symbol), money(holding, "costBasis"), context("basis " + symbol));
                    assertEquals(positionIds.get(symbol), holding.get("positionId").asText(), context("id " + symbol));
                    assertEquals(openedAt.get(symbol), holding.get("openedAt").asText(), context("opened " + symbol));
                    assertEquals(0, bases.get(symbol).divide(quantity, 8, RoundingMode.HALF_UP)
                            .compareTo(decimal(holding, "averageCost")), context("average cost " + symbol));
                }
            });
            assertEquals(quantities.values().stream().filter(q -> q.signum() > 0).count(), holdings.size(),
                    context("holdings"));

            // The session answers the same books.
            assertEquals(cash, money(session, "cash"), context("session cash"));
            assertEquals(realized, money(session, "realizedPnl"), context("session realised"));
            assertEquals(replayFees, money(session, "feesPaid"), context("session fees"));
            assertEquals(trades.size(), session.get("tradeCount").asLong(), context("session trade count"));
            assertEquals(equity, money(session, "equity"), context("session equity"));
            long open = orders.stream().filter(o -> o.get("status").asText().equals("OPEN")).count();
            assertEquals(open, portfolio.get("openOrders").asLong(), context("open orders"));
            assertEquals(open, session.get("openOrders").asLong(), context("session open orders"));
            assertEquals(orders.size(), session.get("orderCount").asLong(), context("order count"));

            // Orders: each fill is its trade, at the price the fill model gives.
            Map<String, JsonNode> tradesById = new HashMap<>();
            trades.forEach(t -> tradesById.put(t.get("id").asText(), t));
            long filled = 0;
            for (JsonNode order : orders) {
                if (!order.get("status").asText().equals("FILLED")) {
                    continue;
                }
                filled++;
                JsonNode trade = tradesById.get(order.get("tradeId").asText());
                assertTrue(trade != null, context("trade of " + order));
                for (String field : List.of("grossAmount", "fees", "realizedPnl")) {
                    assertEquals(money(trade, field), money(order, field), context(field + " of " + order));
                }
                assertEquals(0, decimal(trade, "price").compareTo(decimal(order, "fillPrice")),
                        context(order.toString()));
                assertEquals(trade.get("filledAt").asText(), order.get("filledAt").asText(), context(order.toString()));
                checkFillPrice(order);
            }
            assertEquals(trades.size(), filled, context("filled orders"));
            if (!stopped) {
                for (JsonNode order : orders) {
                    String type = order.get("type").asText();
                    if (order.get("status").asText().equals("OPEN") && (type.equals("LIMIT") || type.equals("STOP"))) {
                        neverCrossedBefore(order, api.clock.instant().plusNanos(1));
                    }
                }
            }

            // The equity curve: every fill's point is its trade's state; the last point is the latest state.
            assertEquals("START", curve.getFirst().get("kind").asText(), context("curve start"));
            assertEquals(startingCash, money(curve.getFirst(), "equity"), context("curve start"));
            int fillPoints = 0;
            Instant previous = Instant.MIN;
            for (JsonNode point : curve) {
                Instant time = Instant.parse(point.get("time").asText());
                assertTrue(!time.isBefore(previous), context("curve order " + point));
                previous = time;
                assertEquals(money(point, "cash").add(money(point, "positionsValue")), money(point, "equity"),
                        context(point.toString()));
                assertTrue(money(point, "cash").signum() >= 0, context(point.toString()));
                if (point.get("kind").asText().equals("FILL")) {
                    fillPoints++;
                    JsonNode trade = tradesById.get(point.get("tradeId").asText());
                    assertEquals(money(trade, "cashAfter"), money(point, "cash"), context(point.toString()));
                    assertEquals(money(trade, "equityAfter"), money(point, "equity"), context(point.toString()));
                }
            }
            assertEquals(trades.size(), fillPoints, context("fill points"));
            assertEquals(equity, money(curve.getLast(), "equity"), context("curve ends with the latest state"));

            // Performance agrees with the portfolio and the trades.
            assertEquals(startingCash, money(performance, "startingEquity"), context("performance start"));
            assertEquals(equity, money(performance, "endingEquity"), context("performance end"));
            assertEquals(replayFees, money(performance, "fees"), context("performance fees"));
            assertEquals(realized, money(performance, "realizedPnl"), context("performance realised"));
            assertEquals(trades.size(), performance.get("trades").asInt(), context("performance trades"));
            assertEquals(sells, performance.get("closedTrades").asInt(), context("performance closed"));
            assertEquals(sells, performance.get("wins").asInt() + performance.get("losses").asInt()
                    + performance.get("breakeven").asInt(), context("wins + losses + breakeven"));
            assertEquals(realized, money(performance, "grossProfit").add(money(performance, "grossLoss")),
                    context("gross profit + gross loss"));

            if (stopped) {
                assertEquals("STOPPED", session.get("status").asText());
                assertEquals(money(session, "finalEquity"), money(curve.getLast(), "equity"),
                        context("final equity = last point"));
                assertEquals("STOP", curve.getLast().get("kind").asText(), context("last point"));
                assertEquals(equity, money(session, "finalEquity"), context("portfolio at the stop"));
                assertEquals(0, open, context("open orders after the stop"));
            }
        }

        /** The fill price of docs/trading.md#fill-model-the-contract, from the order's terms and the candles. */
        void checkFillPrice(JsonNode order) {
            boolean buy = order.get("side").asText().equals("BUY");
            String type = order.get("type").asText();
            BigDecimal fill = decimal(order, "fillPrice");
            boolean atPlacement = order.get("filledAt").asText().equals(order.get("createdAt").asText());
            BigDecimal slippedReference = slipped(buy, decimal(order, "referencePrice"));
            BigDecimal limit = order.hasNonNull("limitPrice") ? decimal(order, "limitPrice") : null;
            BigDecimal stop = order.hasNonNull("stopPrice") ? decimal(order, "stopPrice") : null;
            if (atPlacement) {
                BigDecimal expected = limit == null ? slippedReference
                        : buy ? slippedReference.min(limit) : slippedReference.max(limit);
                assertEquals(0, expected.compareTo(fill), context("fill at placement " + order));
                return;
            }
            Candle candle = closingAt(order.get("symbol").asText(), Instant.parse(order.get("filledAt").asText()));
            BigDecimal open = candle.open();
            switch (type) {
                case "LIMIT" -> {
                    assertTrue(buy ? candle.low().compareTo(limit) <= 0 : candle.high().compareTo(limit) >= 0,
                            context("limit crossed " + order + " " + candle));
                    assertEquals(0, price(buy ? open.min(limit) : open.max(limit)).compareTo(fill),
                            context("limit fill " + order + " " + candle));
                }
                case "STOP" -> {
                    assertTrue(buy ? candle.high().compareTo(stop) >= 0 : candle.low().compareTo(stop) <= 0,
                            context("stop crossed " + order + " " + candle));
                    assertEquals(0, slipped(buy, buy ? open.max(stop) : open.min(stop)).compareTo(fill),
                            context("stop fill " + order + " " + candle));
                }
                default -> {
                    assertTrue(buy ? fill.compareTo(limit) <= 0 : fill.compareTo(limit) >= 0,
                            context("stop-limit within its limit " + order));
                    if (order.get("triggeredAt").asText().equals(order.get("filledAt").asText())) {
                        assertEquals(0, price(buy ? open.max(stop) : open.min(stop)).compareTo(fill),
                                context("stop-limit fill at its trigger " + order + " " + candle));
                    } else {
                        assertEquals(0, price(buy ? open.min(limit) : open.max(limit)).compareTo(fill),
                                context("triggered stop-limit fill " + order + " " + candle));
                    }
                }
            }
            if (!type.equals("STOP_LIMIT")) {
                neverCrossedBefore(order, Instant.parse(order.get("filledAt").asText()));
            }
        }

        /** A resting limit or stop saw every bar from the one in progress at placement: none before crossed it. */
        void neverCrossedBefore(JsonNode order, Instant until) {
            boolean buy = order.get("side").asText().equals("BUY");
            boolean limit = order.get("type").asText().equals("LIMIT");
            BigDecimal price = decimal(order, limit ? "limitPrice" : "stopPrice");
            String symbol = order.get("symbol").asText();
            Instant placed = Instant.parse(order.get("createdAt").asText());
            for (Candle candle : BARS.get(symbol)) {
                Instant close = closeTime(symbol, candle);
                if (close.isAfter(placed) && close.isBefore(until)) {
                    boolean crossed = buy == limit ? candle.low().compareTo(price) <= 0
                            : candle.high().compareTo(price) >= 0;
                    assertTrue(!crossed, context("crossed before " + until + " by " + candle + ": " + order));
                }
            }
        }

        BigDecimal slipped(boolean buy, BigDecimal price) {
            BigDecimal s = slippageBps.divide(BPS);
            return price(price.multiply(buy ? BigDecimal.ONE.add(s) : BigDecimal.ONE.subtract(s)));
        }

        String context(String what) {
            return "seed " + seed + ": " + what + "\n  " + String.join("\n  ", log);
        }
    }

    static BigDecimal price(BigDecimal value) {
        return value.setScale(8, RoundingMode.HALF_UP);
    }

    static Instrument instrument(String symbol) {
        return TradingApi.HISTORY.instruments().stream().filter(i -> i.symbol().equals(symbol)).findFirst()
                .orElseThrow();
    }

    static Instant closeTime(String symbol, Candle candle) {
        Instrument instrument = instrument(symbol);
        return instrument.calendar().closeTime(instrument.interval(), candle.openTime());
    }

    static Candle latestClosed(String symbol, Instant now) {
        Candle latest = null;
        for (Candle candle : BARS.get(symbol)) {
            if (!closeTime(symbol, candle).isAfter(now)) {
                latest = candle;
            }
        }
        return latest;
    }

    static Candle closingAt(String symbol, Instant closeTime) {
        return BARS.get(symbol).stream().filter(c -> closeTime(symbol, c).equals(closeTime))
                .findFirst().orElseThrow(() -> new AssertionError("no " + symbol + " bar closes at " + closeTime));
    }

    static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText()).setScale(2, RoundingMode.UNNECESSARY);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
