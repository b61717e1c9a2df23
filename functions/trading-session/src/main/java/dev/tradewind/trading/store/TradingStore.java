package dev.tradewind.trading.store;

import dev.tradewind.shared.dynamo.DynamoFailures;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradingKeys;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.IdempotencyRecord;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The trading table as trading-session uses it: strongly consistent reads of one user's items, and every change as
 * one conditional transaction ({@link Writes}). Keys: {@link TradingKeys}.
 *
 * <p>Trades and equity points are read as of a session's committed fill count ({@code committedFills}, the session's
 * {@code tradeCount} as read): the rows a pending import has staged past it are left out
 * (docs/trading.md#trade-import), so a page may hold fewer items than asked for, none even, with a cursor: more may
 * follow (docs/api.md#paging).
 */
public final class TradingStore {

    /** The fill count a trade and an equity point carry: {@code fillNumber}, and the count when the point was taken. */
    private static final String TRADE_FILLS = "fillNumber";
    private static final String POINT_FILLS = "fills";
    /**
     * The order fills happened in: a trade id orders them by time only (its tail is a hash), its {@code fillNumber}
     * orders the fills of one instant (docs/trading.md#storage).
     */
    private static final Comparator<TradeRecord> FILL_ORDER =
            Comparator.comparing(TradeRecord::filledAt).thenComparingLong(TradeRecord::fillNumber);
    /** A trade's sort key up to the end of its id's time part (a ULID's first 10 characters): its millisecond. */
    private static final int TRADE_INSTANT_LENGTH = TradingKeys.tradeSortKey("").length() + 10;

    /** Reasons a transaction is cancelled with that another request explains (and "None" for the other items). */
    private static final Set<String> RACE_REASONS = Set.of("None", "ConditionalCheckFailed", "TransactionConflict",
            "ThrottlingError", "ProvisionedThroughputExceeded");

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDbTable<Session> sessions;
    private final DynamoDbTable<Position> positions;
    private final DynamoDbTable<Order> orders;
    private final DynamoDbTable<RestingOrder> resting;
    private final DynamoDbTable<EquityPoint> equity;
    private final DynamoDbTable<TradeRecord> trades;
    private final DynamoDbTable<IdempotencyRecord<Order>> idempotency;
    private final DynamoDbTable<IdempotencyRecord<String>> sessionIdempotency;
    private final DynamoDbTable<IdempotencyRecord<String>> journalIdempotency;

    public TradingStore(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.sessions = enhanced.table(table, Schemas.SESSION);
        this.positions = enhanced.table(table, Schemas.POSITION);
        this.orders = enhanced.table(table, Schemas.ORDER);
        this.resting = enhanced.table(table, Schemas.RESTING);
        this.equity = enhanced.table(table, Schemas.EQUITY);
        this.trades = enhanced.table(table, TradeRecord.SCHEMA);
        this.idempotency = enhanced.table(table, Schemas.IDEMPOTENCY);
        this.sessionIdempotency = enhanced.table(table, Schemas.SESSION_IDEMPOTENCY);
        this.journalIdempotency = enhanced.table(table, Schemas.JOURNAL_IDEMPOTENCY);
    }

    public Writes writes() {
        return new Writes(table);
    }

    /** Runs the writes as one transaction; throws {@link WriteConflict} if any condition failed. */
    public void commit(Writes writes) {
        if (writes.isEmpty()) {
            return;
        }
        if (writes.size() > Writes.MAX_ITEMS) {
            throw new IllegalStateException("a transaction holds at most " + Writes.MAX_ITEMS + " writes, not "
                    + writes.size());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes.items()));
        } catch (TransactionCanceledException e) {
            if (cancelledForCapacity(e) || !cancelledByARace(e)) {
                // Nothing was written and re-reading would not help: for capacity the handler answers 503 and the
                // client retries (orders with the same Idempotency-Key), instead of this request retrying into
                // DynamoDB's limit; anything else (a ValidationError) is a bug, a 500.
                throw e;
            }
            List<String> failed = new ArrayList<>();
            if (e.hasCancellationReasons()) {
                List<CancellationReason> reasons = e.cancellationReasons();
                for (int i = 0; i < reasons.size() && i < writes.labels().size(); i++) {
                    String code = reasons.get(i).code();
                    if (code != null && !code.equals("None")) {
                        failed.add(writes.labels().get(i));
                    }
                }
            }
            throw new WriteConflict(failed);
        }
    }

    /** Cancelled for failed conditions or a concurrent transaction only, perhaps throttled too: reread and retry. */
    private static boolean cancelledByARace(TransactionCanceledException e) {
        return !e.hasCancellationReasons() || e.cancellationReasons().stream().map(CancellationReason::code)
                .allMatch(code -> code == null || RACE_REASONS.contains(code));
    }

    /** Cancelled only because DynamoDB throttled it; a race (TransactionConflict) is a {@link WriteConflict}. */
    private static boolean cancelledForCapacity(TransactionCanceledException e) {
        return DynamoFailures.isTransientCancellation(e)
                && e.cancellationReasons().stream().noneMatch(r -> "TransactionConflict".equals(r.code()));
    }

    public Optional<Session> session(String userId, String sessionId) {
        return Optional.ofNullable(sessions.getItem(r -> r.consistentRead(true)
                .key(key(TradingKeys.userPartition(userId), TradingKeys.sessionSortKey(sessionId)))));
    }

    /**
     * Throws {@link WriteConflict} when the session item is no longer at {@code version} (or gone): a change
     * committed since it was read, which items read after it may already show.
     */
    public void requireSessionVersion(String userId, String sessionId, long version) {
        if (session(userId, sessionId).map(Session::version).orElse(-1L) != version) {
            throw new WriteConflict(List.of(Writes.SESSION));
        }
    }

    /** The user's sessions, newest first. */
    public Page<Session> sessions(String userId, int limit, String cursor) {
        return page(sessions, query(TradingKeys.userPartition(userId), "SESSION#", "SESSION#~", true), true, limit,
                cursor);
    }

    public List<Position> positions(String userId, String sessionId) {
        return all(positions, prefix(TradingKeys.sessionPartition(userId, sessionId), "POSITION#"));
    }

    public List<RestingOrder> resting(String userId, String sessionId) {
        return all(resting, prefix(TradingKeys.sessionPartition(userId, sessionId), "OPEN#"));
    }

    public Optional<Order> order(String userId, String sessionId, String orderId) {
        return Optional.ofNullable(orders.getItem(r -> r.consistentRead(true)
                .key(key(TradingKeys.sessionPartition(userId, sessionId), Schemas.orderSortKey(orderId)))));
    }

    /** A session's orders, newest first. */
    public Page<Order> orders(String userId, String sessionId, int limit, String cursor) {
        return page(orders, query(TradingKeys.sessionPartition(userId, sessionId), "ORDER#", "ORDER#~", true), true,
                limit, cursor);
    }

    /** Committed equity points in [from, to], oldest first. */
    public Page<EquityPoint> equity(String userId, String sessionId, Instant from, Instant to, int limit,
                                    String cursor, long committedFills) {
        String low = "EQUITY#" + (from == null ? "" : Schemas.equityTime(from));
        String high = "EQUITY#" + (to == null ? "~" : Schemas.equityTime(to) + "#~");
        return page(equity, query(TradingKeys.sessionPartition(userId, sessionId), low, high, false), true, limit,
                cursor, committed(POINT_FILLS, committedFills));
    }

    /** Every committed equity point of a session, oldest first. */
    public List<EquityPoint> equityCurve(String userId, String sessionId, long committedFills) {
        return all(equity, prefix(TradingKeys.sessionPartition(userId, sessionId), "EQUITY#"),
                committed(POINT_FILLS, committedFills));
    }

    /** The last equity point at or before {@code time}, of a paper session (imports, staged or not, are journals'). */
    public Optional<EquityPoint> equityAtOrBefore(String userId, String sessionId, Instant time) {
        String partition = TradingKeys.sessionPartition(userId, sessionId);
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBetween(key(partition, "EQUITY#"),
                        key(partition, "EQUITY#" + Schemas.equityTime(time) + "#~")))
                .scanIndexForward(false).consistentRead(true).limit(1).build();
        Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<EquityPoint>> pages =
                equity.query(request).iterator();
        return pages.hasNext() ? pages.next().items().stream().findFirst() : Optional.empty();
    }

    /** Every committed trade of a session, in fill order. */
    public List<TradeRecord> trades(String userId, String sessionId, long committedFills) {
        List<TradeRecord> fills = all(trades, prefix(TradingKeys.sessionPartition(userId, sessionId), "TRADE#"),
                committed(TRADE_FILLS, committedFills));
        fills.sort(FILL_ORDER);
        return fills;
    }

    /** The committed trades of a session filled in [from, to], in fill order. */
    public List<TradeRecord> trades(String userId, String sessionId, Instant from, Instant to, long committedFills) {
        String partition = TradingKeys.sessionPartition(userId, sessionId);
        List<TradeRecord> fills = all(trades, QueryConditional.sortBetween(
                key(partition, TradingKeys.tradeSortKey(TradingKeys.idFloor(from))),
                key(partition, TradingKeys.tradeSortKey(TradingKeys.idCeiling(to)))),
                committed(TRADE_FILLS, committedFills));
        fills.sort(FILL_ORDER);
        return fills;
    }

    /**
     * One page of the committed trades of a session filled in [from, to] (either may be null: unbounded), in fill
     * order, or its reverse when {@code newestFirst}. Sort keys order fills by their millisecond only, so a page that
     * would end among the fills of the millisecond the next page starts in ends before them instead and the next page
     * starts with all of them; only a millisecond with more fills than a page is split across pages. The bounds and
     * order are {@code TradingReader.tradesOfSession}'s, so the cursors it gave out still continue here.
     */
    public Page<TradeRecord> trades(String userId, String sessionId, Instant from, Instant to, int limit,
                                    String cursor, boolean newestFirst, long committedFills) {
        String partition = TradingKeys.sessionPartition(userId, sessionId);
        PageQuery query = query(partition, TradingKeys.tradeSortKey(TradingKeys.idFloor(from == null ? Instant.EPOCH
                : from)), to == null ? "TRADE#~" : TradingKeys.tradeSortKey(TradingKeys.idCeiling(to)), newestFirst);
        var answer = read(trades, query, true, limit, cursor, committed(TRADE_FILLS, committedFills));
        if (answer == null) {
            return new Page<>(List.of(), null);
        }
        List<TradeRecord> items = new ArrayList<>(answer.items());
        Map<String, AttributeValue> stop = answer.lastEvaluatedKey();
        boolean readAhead = items.size() > limit;
        // The millisecond the next page starts in: the extra fill's (Page.read), or where DynamoDB stopped short.
        String nextInstant = readAhead ? tradeInstant(items.get(limit))
                : stop == null || stop.isEmpty() ? null : stop.get("sk").s().substring(0, TRADE_INSTANT_LENGTH);
        if (readAhead) {
            items = new ArrayList<>(items.subList(0, limit));
        }
        int keep = items.size();
        while (nextInstant != null && keep > 0 && tradeInstant(items.get(keep - 1)).equals(nextInstant)) {
            keep--;
        }
        boolean endsEarlier = keep > 0 && keep < items.size();
        if (endsEarlier) {
            items = new ArrayList<>(items.subList(0, keep));
        }
        String next = nextInstant == null ? null : readAhead || endsEarlier
                ? PageCursor.after(query, trades.tableSchema(), items.getLast()) : PageCursor.encode(query, stop);
        items.sort(newestFirst ? FILL_ORDER.reversed() : FILL_ORDER);
        return new Page<>(items, next);
    }

    private static String tradeInstant(TradeRecord trade) {
        return TradingKeys.tradeSortKey(trade.tradeId()).substring(0, TRADE_INSTANT_LENGTH);
    }

    /**
     * Deletes the trades and equity points that imports other than {@code keepImportId} staged past
     * {@code committedFills} from {@code since} on (an abandoned import's rows: they are never older than the
     * journal's latest fill). Queries the session's partition page by page; each delete is conditioned on the row
     * still being uncommitted, and a page's deletes go in transactions of up to {@link Writes#MAX_ITEMS}.
     *
     * @return how many rows were deleted
     */
    public int removeStaged(String userId, String sessionId, long committedFills, Instant since,
                            String keepImportId) {
        String partition = TradingKeys.sessionPartition(userId, sessionId);
        String tradesFrom = TradingKeys.tradeSortKey(TradingKeys.idFloor(since == null ? Instant.EPOCH : since));
        String pointsFrom = "EQUITY#" + (since == null ? "" : Schemas.equityTime(since));
        return removeStaged(partition, tradesFrom, "TRADE#~", TRADE_FILLS, committedFills, keepImportId)
                + removeStaged(partition, pointsFrom, "EQUITY#~", POINT_FILLS, committedFills, keepImportId);
    }

    private int removeStaged(String partition, String low, String high, String fillsAttribute, long committedFills,
                             String keepImportId) {
        String staged = "attribute_exists(#importId) AND #importId <> :keep AND #fills > :committed";
        Map<String, String> names = Map.of("#importId", TradeRecord.IMPORT_ID, "#fills", fillsAttribute);
        Map<String, AttributeValue> values = Map.of(":keep", AttributeValue.fromS(keepImportId),
                ":committed", AttributeValue.fromN(Long.toString(committedFills)));
        Map<String, AttributeValue> queryValues = new HashMap<>(values);
        queryValues.put(":pk", AttributeValue.fromS(partition));
        queryValues.put(":low", AttributeValue.fromS(low));
        queryValues.put(":high", AttributeValue.fromS(high));
        Map<String, String> queryNames = new HashMap<>(names);
        queryNames.put("#pk", "pk");
        queryNames.put("#sk", "sk");
        int removed = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :low AND :high")
                    .filterExpression(staged).projectionExpression("#pk, #sk")
                    .expressionAttributeNames(queryNames).expressionAttributeValues(queryValues)
                    .exclusiveStartKey(start).build());
            List<Map<String, AttributeValue>> keys = page.items();
            for (int from = 0; from < keys.size(); from += Writes.MAX_ITEMS) {
                removed += delete(keys.subList(from, Math.min(keys.size(), from + Writes.MAX_ITEMS)), staged, names,
                        values);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return removed;
    }

    /**
     * Deletes the rows at {@code keys} that still meet {@code condition}, in one transaction: thousands of abandoned
     * rows cost tens of calls, not thousands. A transaction is cancelled whole when one row no longer qualifies
     * (removed by a concurrent clean-up, or committed), so then each row is deleted alone.
     *
     * @return how many rows were deleted
     */
    private int delete(List<Map<String, AttributeValue>> keys, String condition, Map<String, String> names,
                       Map<String, AttributeValue> values) {
        List<TransactWriteItem> deletes = keys.stream().map(key -> TransactWriteItem.builder().delete(d -> d
                .tableName(table).key(key).conditionExpression(condition).expressionAttributeNames(names)
                .expressionAttributeValues(values)).build()).toList();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(deletes));
            return keys.size();
        } catch (TransactionCanceledException e) {
            if (cancelledForCapacity(e)) {
                throw e;
            }
        }
        int removed = 0;
        for (Map<String, AttributeValue> key : keys) {
            try {
                dynamo.deleteItem(r -> r.tableName(table).key(key).conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values));
                removed++;
            } catch (ConditionalCheckFailedException gone) {
                // Already removed (a concurrent clean-up), or no longer uncommitted.
            }
        }
        return removed;
    }

    public Optional<IdempotencyRecord<Order>> idempotency(String userId, String sessionId, String keyHash) {
        return Optional.ofNullable(idempotency.getItem(r -> r.consistentRead(true)
                .key(key(TradingKeys.sessionPartition(userId, sessionId), Schemas.idempotencySortKey(keyHash)))));
    }

    public Optional<IdempotencyRecord<String>> sessionIdempotency(String userId, String keyHash) {
        return Optional.ofNullable(sessionIdempotency.getItem(r -> r.consistentRead(true)
                .key(key(TradingKeys.userPartition(userId), Schemas.sessionIdempotencySortKey(keyHash)))));
    }

    public Optional<IdempotencyRecord<String>> journalIdempotency(String userId, String sessionId, String keyHash) {
        return Optional.ofNullable(journalIdempotency.getItem(r -> r.consistentRead(true)
                .key(key(TradingKeys.sessionPartition(userId, sessionId),
                        Schemas.journalIdempotencySortKey(keyHash)))));
    }

    /** The session id of the user's default import journal, if one was created. */
    public Optional<String> defaultJournal(String userId) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS(TradingKeys.userPartition(userId)),
                "sk", AttributeValue.fromS(Schemas.DEFAULT_JOURNAL))));
        return response.hasItem() && response.item().containsKey("sessionId")
                ? Optional.of(response.item().get("sessionId").s()) : Optional.empty();
    }

    private static QueryConditional prefix(String partition, String prefix) {
        return QueryConditional.sortBeginsWith(key(partition, prefix));
    }

    private static Key key(String pk, String sk) {
        return Key.builder().partitionValue(pk).sortValue(sk).build();
    }

    private static <T> List<T> all(DynamoDbTable<T> table, QueryConditional condition) {
        return all(table, condition, null);
    }

    private static <T> List<T> all(DynamoDbTable<T> table, QueryConditional condition, Expression filter) {
        List<T> items = new ArrayList<>();
        table.query(QueryEnhancedRequest.builder().queryConditional(condition).filterExpression(filter)
                        .consistentRead(true).build())
                .items().forEach(items::add);
        return items;
    }

    /** Rows not staged by an import, or staged and since committed ({@link TradeRecord#committedBy}). */
    private static Expression committed(String fillsAttribute, long committedFills) {
        return Expression.builder().expression("attribute_not_exists(#importId) OR #fills <= :committed")
                .putExpressionName("#importId", TradeRecord.IMPORT_ID).putExpressionName("#fills", fillsAttribute)
                .putExpressionValue(":committed", AttributeValue.fromN(Long.toString(committedFills))).build();
    }

    /** The items of {@code partition} with sort keys in [low, high]: what a page and its cursor are bound to. */
    private PageQuery query(String partition, String low, String high, boolean newestFirst) {
        return PageQuery.of(table, PageQuery.KeySchema.table("pk", "sk"), partition).sortBetween(low, high)
                .descending(newestFirst);
    }

    /** One page of {@code query}, from where the cursor says; a cursor of another query is a 400. */
    private static <T> Page<T> page(DynamoDbTable<T> table, PageQuery query, boolean consistent, int limit,
                                    String cursor) {
        return page(table, query, consistent, limit, cursor, null);
    }

    private static <T> Page<T> page(DynamoDbTable<T> table, PageQuery query, boolean consistent, int limit,
                                    String cursor, Expression filter) {
        return Page.read(query, limit, table.tableSchema(), table.query(request(query, consistent, limit, cursor,
                filter)));
    }

    /**
     * DynamoDB's first answer to a page of {@code query} from where the cursor says, read one item ahead
     * ({@link Page#readLimit}); null when it answers none.
     */
    private static <T> software.amazon.awssdk.enhanced.dynamodb.model.Page<T> read(DynamoDbTable<T> table,
            PageQuery query, boolean consistent, int limit, String cursor, Expression filter) {
        var pages = table.query(request(query, consistent, limit, cursor, filter)).iterator();
        return pages.hasNext() ? pages.next() : null;
    }

    private static QueryEnhancedRequest request(PageQuery query, boolean consistent, int limit, String cursor,
                                                Expression filter) {
        return QueryEnhancedRequest.builder().filterExpression(filter)
                .queryConditional(QueryConditional.sortBetween(key(query.partition(), query.sortLow()),
                        key(query.partition(), query.sortHigh())))
                .scanIndexForward(!query.descending()).consistentRead(consistent).limit(Page.readLimit(limit))
                .exclusiveStartKey(PageCursor.decode(cursor, query))
                .build();
    }

}
