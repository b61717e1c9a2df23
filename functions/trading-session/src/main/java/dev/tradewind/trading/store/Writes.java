package dev.tradewind.trading.store;

import dev.tradewind.shared.trading.JournalEntry;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradingKeys;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.IdempotencyRecord;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.StatusReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The writes of one DynamoDB transaction (at most 100), each with the condition that makes it safe, and a label to
 * tell which one failed when the transaction is cancelled.
 */
public final class Writes {

    public static final int MAX_ITEMS = 100;
    public static final String SESSION = "session";
    public static final String IDEMPOTENCY = "idempotency";

    /** Attributes named in conditions, always through #names (several are DynamoDB reserved words). */
    private static final List<String> CONDITION_NAMES = List.of("version", "cash", "expiresAt");
    /** A staged row may replace only a row its own import staged (a resumed import writes its rows again). */
    private static final String STAGED = "attribute_not_exists(pk) OR importId = :importId";

    private final String table;
    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    Writes(String table) {
        this.table = table;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    List<TransactWriteItem> items() {
        return items;
    }

    List<String> labels() {
        return labels;
    }

    /**
     * The whole session item, on the condition that nobody changed it since {@code expectedVersion} was read (or that
     * it does not exist yet, when null). For a paper session the condition also requires the stored cash to cover
     * what this write takes out of it, so cash can never go below zero even if the code above were wrong.
     */
    public Writes session(Session session, Long expectedVersion, BigDecimal previousCash) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        String condition;
        if (expectedVersion == null) {
            condition = "attribute_not_exists(pk)";
        } else {
            condition = "#version = :expectedVersion";
            values.put(":expectedVersion", number(expectedVersion));
            BigDecimal taken = previousCash.subtract(session.cash());
            if (session.isPaper() && taken.signum() > 0) {
                condition += " AND #cash >= :taken";
                values.put(":taken", AttributeValue.fromN(taken.toPlainString()));
            }
        }
        return put(SESSION, Schemas.SESSION.itemToMap(session, true), condition, values);
    }

    /** What an account staged: its session, then every position it changed. */
    public Writes account(Account.Staged staged) {
        session(staged.session(), staged.expectedVersion(), staged.previousCash());
        for (Account.StagedPosition position : staged.positions()) {
            position(position.position(), position.expectedVersion());
        }
        return this;
    }

    public Writes position(Position position, Long expectedVersion) {
        if (expectedVersion == null) {
            return put("position:" + position.symbol(), Schemas.POSITION.itemToMap(position, true),
                    "attribute_not_exists(pk)", Map.of());
        }
        return put("position:" + position.symbol(), Schemas.POSITION.itemToMap(position, true),
                "#version = :expectedVersion", Map.of(":expectedVersion", number(expectedVersion)));
    }

    public Writes newOrder(Order order) {
        return put("order:" + order.orderId(), Schemas.ORDER.itemToMap(order, true), "attribute_not_exists(pk)",
                Map.of());
    }

    /** Moves an OPEN order to its end state, setting the given attributes; only an OPEN order can move. */
    public Writes endOrder(String userId, String sessionId, String orderId, OrderStatus status, StatusReason reason,
                           Instant at, OrderFill fill) {
        if (!OrderStatus.OPEN.canBecome(status)) {
            throw new IllegalArgumentException("an open order cannot become " + status);
        }
        Map<String, AttributeValue> sets = new LinkedHashMap<>();
        sets.put("status", AttributeValue.fromS(status.name()));
        sets.put("updatedAt", AttributeValue.fromS(at.toString()));
        if (reason != null) {
            sets.put("statusReason", AttributeValue.fromS(reason.code()));
        }
        if (fill != null) {
            sets.put("filledAt", AttributeValue.fromS(fill.filledAt().toString()));
            sets.put("fillPrice", AttributeValue.fromN(fill.price().toPlainString()));
            sets.put("grossAmount", AttributeValue.fromN(fill.grossAmount().toPlainString()));
            sets.put("fees", AttributeValue.fromN(fill.fees().toPlainString()));
            sets.put("realizedPnl", AttributeValue.fromN(fill.realizedPnl().toPlainString()));
            sets.put("tradeId", AttributeValue.fromS(fill.tradeId()));
            if (fill.triggeredAt() != null) {
                sets.put("triggeredAt", AttributeValue.fromS(fill.triggeredAt().toString()));
            }
        }
        StringBuilder expression = new StringBuilder("SET ");
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        int i = 0;
        for (var entry : sets.entrySet()) {
            if (i > 0) {
                expression.append(", ");
            }
            expression.append("#a").append(i).append(" = :v").append(i);
            names.put("#a" + i, entry.getKey());
            values.put(":v" + i, entry.getValue());
            i++;
        }
        names.put("#status", "status");
        values.put(":open", AttributeValue.fromS(OrderStatus.OPEN.name()));
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(TradingKeys.sessionPartition(userId, sessionId), Schemas.orderSortKey(orderId)))
                .updateExpression(expression.toString())
                .conditionExpression("#status = :open")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build());
        labels.add("order:" + orderId);
        return this;
    }

    /** What a fill sets on its order. */
    public record OrderFill(Instant filledAt, BigDecimal price, BigDecimal grossAmount, BigDecimal fees,
                            BigDecimal realizedPnl, String tradeId, Instant triggeredAt) {
    }

    public Writes newResting(RestingOrder resting) {
        return put("resting:" + resting.orderId(), Schemas.RESTING.itemToMap(resting, true),
                "attribute_not_exists(pk)", Map.of());
    }

    /** Records how far a resting order has been evaluated; only while it is still in the book. */
    public Writes updateResting(RestingOrder resting) {
        return put("resting:" + resting.orderId(), Schemas.RESTING.itemToMap(resting, true),
                "attribute_exists(pk)", Map.of());
    }

    public Writes removeResting(RestingOrder resting) {
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(TradingKeys.sessionPartition(resting.userId(), resting.sessionId()),
                        Schemas.restingSortKey(resting.orderId())))
                .conditionExpression("attribute_exists(pk)").build()).build());
        labels.add("resting:" + resting.orderId());
        return this;
    }

    /** A trade is written once: its id is derived from what it records, so a second write of it is refused. */
    public Writes trade(TradeRecord trade) {
        return put("trade:" + trade.tradeId(), TradeRecord.SCHEMA.itemToMap(trade, true), "attribute_not_exists(pk)",
                Map.of());
    }

    public Writes equity(EquityPoint point) {
        return put("equity:" + Schemas.equitySortKey(point), Schemas.EQUITY.itemToMap(point, true), null, Map.of());
    }

    /** A fill of a pending import ({@link TradeRecord#importId()} set): invisible until the import commits. */
    public Writes stagedTrade(TradeRecord trade) {
        return put("trade:" + trade.tradeId(), TradeRecord.SCHEMA.itemToMap(trade, true), STAGED,
                Map.of(":importId", AttributeValue.fromS(trade.importId())));
    }

    /** The equity point of a pending import's fill, marked with the import like its trade. */
    public Writes stagedEquity(EquityPoint point, String importId) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(Schemas.EQUITY.itemToMap(point, true));
        item.put(TradeRecord.IMPORT_ID, AttributeValue.fromS(importId));
        return put("equity:" + Schemas.equitySortKey(point), item, STAGED,
                Map.of(":importId", AttributeValue.fromS(importId)));
    }

    /** Requires the session to still be at {@code version} with {@code importId} pending, without writing it. */
    public Writes importPending(String userId, String sessionId, String importId, long version) {
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(key(TradingKeys.userPartition(userId), TradingKeys.sessionSortKey(sessionId)))
                .conditionExpression("#version = :v AND pendingImportId = :importId")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":v", number(version), ":importId", AttributeValue.fromS(importId)))
                .build()).build());
        labels.add(SESSION);
        return this;
    }

    /** The stored first response of a placement; refused if a live record for the key exists. */
    public Writes idempotency(IdempotencyRecord<Order> record, Instant now) {
        return idempotency(Schemas.IDEMPOTENCY.itemToMap(record, true), now);
    }

    /** The key of a session's creation; refused if a live record for the key exists. */
    public Writes sessionIdempotency(IdempotencyRecord<String> record, Instant now) {
        return idempotency(Schemas.SESSION_IDEMPOTENCY.itemToMap(record, true), now);
    }

    /** The key of a journal entry's creation; refused if a live record for the key exists. */
    public Writes journalIdempotency(IdempotencyRecord<String> record, Instant now) {
        return idempotency(Schemas.JOURNAL_IDEMPOTENCY.itemToMap(record, true), now);
    }

    /** The key of a backtest's creation; refused if a live record for the key exists. */
    Writes backtestIdempotency(IdempotencyRecord<BacktestRepository.Created> record, Instant now) {
        return idempotency(Schemas.BACKTEST_IDEMPOTENCY.itemToMap(record, true), now);
    }

    /** Forgets the key of a backtest's creation, if its record still names that backtest. */
    Writes forgetBacktestIdempotency(String userId, String keyHash, String backtestId) {
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(TradingKeys.userPartition(userId), Schemas.backtestIdempotencySortKey(keyHash)))
                .conditionExpression("createdId = :backtestId")
                .expressionAttributeValues(Map.of(":backtestId", AttributeValue.fromS(backtestId))).build()).build());
        labels.add(IDEMPOTENCY);
        return this;
    }

    /** A backtest's item ({@link BacktestRepository}), on {@code condition}. */
    Writes backtest(Map<String, AttributeValue> item, String condition) {
        return put("backtest", item, condition, Map.of());
    }

    private Writes idempotency(Map<String, AttributeValue> item, Instant now) {
        return put(IDEMPOTENCY, item, "attribute_not_exists(pk) OR #expiresAt <= :now",
                Map.of(":now", number(now.getEpochSecond())));
    }

    /**
     * A journal entry, written only while its session item exists: an account's erasure sweeps the session's
     * partition once more after deleting that item, and nothing may land there after the sweep.
     */
    public Writes journal(JournalEntry entry) {
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(key(TradingKeys.userPartition(entry.userId()), TradingKeys.sessionSortKey(entry.sessionId())))
                .conditionExpression("attribute_exists(pk)").build()).build());
        labels.add(SESSION);
        return put("journal:" + entry.entryId(), JournalEntry.SCHEMA.itemToMap(entry, true),
                "attribute_not_exists(pk)", Map.of());
    }

    /**
     * Points the user's default import journal at {@code sessionId}, on the condition that it still points at
     * {@code previous} (null: that there is none yet), so of two imports replacing it at once only one does.
     */
    public Writes defaultJournal(String userId, String sessionId, String previous) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(TradingKeys.userPartition(userId),
                Schemas.DEFAULT_JOURNAL));
        item.put("sessionId", AttributeValue.fromS(sessionId));
        return previous == null ? put("defaultJournal", item, "attribute_not_exists(pk)", Map.of())
                : put("defaultJournal", item, "sessionId = :previous",
                        Map.of(":previous", AttributeValue.fromS(previous)));
    }

    /** Requires the session to still be at {@code version} without writing it. */
    public Writes sessionUnchanged(String userId, String sessionId, long version) {
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(key(TradingKeys.userPartition(userId), TradingKeys.sessionSortKey(sessionId)))
                .conditionExpression("#version = :v")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":v", number(version))).build()).build());
        labels.add(SESSION);
        return this;
    }

    private Writes put(String label, Map<String, AttributeValue> item, String condition,
                       Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
            if (!values.isEmpty()) {
                put.expressionAttributeValues(values);
            }
            Map<String, String> names = new LinkedHashMap<>();
            for (String name : CONDITION_NAMES) {
                if (condition.contains("#" + name)) {
                    names.put("#" + name, name);
                }
            }
            if (!names.isEmpty()) {
                put.expressionAttributeNames(names);
            }
        }
        items.add(TransactWriteItem.builder().put(put.build()).build());
        labels.add(label);
        return this;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
