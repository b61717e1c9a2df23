package dev.tradewind.shared.trading;

import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.Priming;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stopped paper session with hourly round trips of one BTC, a loss each, that SnapStart priming gives an account in
 * its in-memory store, so the primed routes that read a user's trading history (an analysis, an export, an erasure)
 * run over real items. Trading data is trading-session's to write: only a priming with in-memory writes may call this.
 */
public final class PrimingHistory {

    /** The first fill: inside the range events/analyze-behavior/analyze-range.json analyses (2022-01-01 to 01-05). */
    public static final Instant START = Instant.parse("2022-01-02T15:00:00Z");
    private static final int ROUND_TRIPS = 3;
    private static final int MAX_ORDERS_PER_HOUR = 20;

    private PrimingHistory() {
    }

    /**
     * Writes the session item and its six fills (three round trips), the first at {@link #START}, into the running
     * priming's store, through {@code dynamo}: a client {@link dev.tradewind.shared.dynamo.DynamoDbClients} built, as
     * every function's is, whose HTTP client answers a priming's writes from memory.
     *
     * @throws IllegalStateException if no priming with in-memory writes is running: the writes would reach the table
     */
    public static void giveStoppedSession(DynamoDbClient dynamo, String table, String userId, String sessionId) {
        if (Priming.inMemoryScratch().isEmpty()) {
            throw new IllegalStateException("a priming history is written only into a priming's in-memory store");
        }
        BigDecimal buyPrice = new BigDecimal("47110.20");
        BigDecimal sellPrice = new BigDecimal("46980.50");
        BigDecimal fees = new BigDecimal("2.00");
        BigDecimal startingCash = new BigDecimal("100000");
        BigDecimal cash = startingCash;
        String positionId = null;
        for (int i = 0; i < 2 * ROUND_TRIPS; i++) {
            Instant at = START.plus(Duration.ofHours(i));
            boolean buy = i % 2 == 0;
            BigDecimal price = buy ? buyPrice : sellPrice;
            cash = buy ? cash.subtract(price).subtract(fees) : cash.add(price).subtract(fees);
            BigDecimal realized = buy ? BigDecimal.ZERO : sellPrice.subtract(buyPrice).subtract(fees).subtract(fees);
            String tradeId = Ulid.encode(at.toEpochMilli(), new byte[10]);
            // A position is named by the id of the fill that opened it.
            positionId = buy ? tradeId : positionId;
            TradeRecord trade = new TradeRecord(userId, sessionId, tradeId, TradeSource.PAPER, null,
                    null, positionId, buy ? at : at.minus(Duration.ofHours(1)), "BTCUSDT", buy ? Side.BUY : Side.SELL,
                    BigDecimal.ONE, price, price, fees, realized, buy ? BigDecimal.ONE : BigDecimal.ZERO, cash,
                    buy ? cash.add(price) : cash, "USD", at, i + 1L, null);
            dynamo.putItem(r -> r.tableName(table).item(TradeRecord.SCHEMA.itemToMap(trade, true)));
        }
        Instant stoppedAt = START.plus(Duration.ofHours(2L * ROUND_TRIPS));
        Map<String, AttributeValue> session = new LinkedHashMap<>();
        session.put("pk", AttributeValue.fromS(TradingKeys.userPartition(userId)));
        session.put("sk", AttributeValue.fromS(TradingKeys.sessionSortKey(sessionId)));
        session.put(SessionAttributes.USER_ID, AttributeValue.fromS(userId));
        session.put(SessionAttributes.SESSION_ID, AttributeValue.fromS(sessionId));
        session.put(SessionAttributes.NAME, AttributeValue.fromS("Priming"));
        session.put(SessionAttributes.TYPE, AttributeValue.fromS(SessionType.PAPER.name()));
        session.put(SessionAttributes.STATUS, AttributeValue.fromS(SessionStatus.STOPPED.name()));
        session.put(SessionAttributes.CURRENCY, AttributeValue.fromS("USD"));
        session.put(SessionAttributes.STARTING_CASH, AttributeValue.fromN(startingCash.toPlainString()));
        session.put(SessionAttributes.CREATED_AT, AttributeValue.fromS(START.toString()));
        session.put(SessionAttributes.STOPPED_AT, AttributeValue.fromS(stoppedAt.toString()));
        session.put(SessionAttributes.FINAL_EQUITY, AttributeValue.fromN(cash.toPlainString()));
        session.put(SessionAttributes.TRADE_COUNT, AttributeValue.fromN(Integer.toString(2 * ROUND_TRIPS)));
        // The samples' session limits orders per hour, so it keeps the times of the last hour's orders: the last fill.
        session.put(SessionAttributes.MAX_ORDERS_PER_HOUR, AttributeValue.fromN(Integer.toString(MAX_ORDERS_PER_HOUR)));
        session.put(SessionAttributes.RECENT_ORDERS, AttributeValue.fromL(List.of(AttributeValue.fromN(
                Long.toString(stoppedAt.minus(Duration.ofHours(1)).toEpochMilli())))));
        dynamo.putItem(r -> r.tableName(table).item(session));
    }
}
