package dev.tradewind.shared.trading;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.error.InvalidInputException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Read-only access to a user's trading history for other functions (the behaviour analysis): sessions, trades and
 * journal entries, by session or by user and time range, one page at a time, never a Scan. Every method takes the
 * caller's user id and can only reach that user's items; another user's session simply does not exist here.
 *
 * <p>By-session reads are strongly consistent; by-user reads go through the {@code gsi1} index and are eventually
 * consistent (a fill may appear there a moment after it happened).
 */
public final class TradingReader {

    /** The most items one page may hold. */
    public static final int MAX_PAGE = 1000;

    private final DynamoDbTable<TradingSessionInfo> sessions;
    private final DynamoDbTable<TradeRecord> trades;
    private final DynamoDbTable<JournalEntry> journal;
    private final DynamoDbIndex<TradeRecord> tradesByUser;
    private final DynamoDbIndex<JournalEntry> journalByUser;

    public TradingReader(DynamoDbEnhancedClient client, String tableName) {
        this.sessions = client.table(tableName, TradingSessionInfo.SCHEMA);
        this.trades = client.table(tableName, TradeRecord.SCHEMA);
        this.journal = client.table(tableName, JournalEntry.SCHEMA);
        this.tradesByUser = trades.index(TradingKeys.INDEX);
        this.journalByUser = journal.index(TradingKeys.INDEX);
    }

    public Optional<TradingSessionInfo> session(String userId, String sessionId) {
        return Optional.ofNullable(sessions.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(TradingKeys.userPartition(userId))
                .sortValue(TradingKeys.sessionSortKey(sessionId)).build())));
    }

    /** The user's sessions, newest first. */
    public Page<TradingSessionInfo> sessions(String userId, int limit, String cursor) {
        String partition = TradingKeys.userPartition(userId);
        Range range = new Range("sk", "SESSION#", "SESSION#~");
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(range.condition(partition))
                .scanIndexForward(false)
                .limit(pageSize(limit));
        return page(sessions.query(startingAt(request, cursor, "pk", partition, range).build()).iterator());
    }

    public Optional<TradeRecord> trade(String userId, String sessionId, String tradeId) {
        return Optional.ofNullable(trades.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(TradingKeys.sessionPartition(userId, sessionId))
                .sortValue(TradingKeys.tradeSortKey(tradeId)).build())));
    }

    /** A session's trades filled in [from, to] (either may be null: unbounded), oldest first unless newestFirst. */
    public Page<TradeRecord> tradesOfSession(String userId, String sessionId, Instant from, Instant to, int limit,
                                             String cursor, boolean newestFirst) {
        String partition = TradingKeys.sessionPartition(userId, sessionId);
        Range range = Range.of("sk", "TRADE#", from, to);
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(range.condition(partition))
                .consistentRead(true)
                .scanIndexForward(!newestFirst)
                .limit(pageSize(limit));
        return page(trades.query(startingAt(request, cursor, "pk", partition, range).build()).iterator());
    }

    /** The user's trades across all sessions filled in [from, to], oldest first unless newestFirst. */
    public Page<TradeRecord> tradesOfUser(String userId, Instant from, Instant to, int limit, String cursor,
                                          boolean newestFirst) {
        String partition = TradingKeys.userTrades(userId);
        Range range = Range.of("gsi1sk", "", from, to);
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(range.condition(partition))
                .scanIndexForward(!newestFirst)
                .limit(pageSize(limit));
        return page(tradesByUser.query(startingAt(request, cursor, "gsi1pk", partition, range).build()).iterator());
    }

    /** A session's journal entries, newest first. */
    public Page<JournalEntry> journalOfSession(String userId, String sessionId, int limit, String cursor) {
        String partition = TradingKeys.sessionPartition(userId, sessionId);
        Range range = new Range("sk", "JOURNAL#", "JOURNAL#~");
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(range.condition(partition))
                .consistentRead(true)
                .scanIndexForward(false)
                .limit(pageSize(limit));
        return page(journal.query(startingAt(request, cursor, "pk", partition, range).build()).iterator());
    }

    /** The user's journal entries across all sessions written in [from, to], oldest first unless newestFirst. */
    public Page<JournalEntry> journalOfUser(String userId, Instant from, Instant to, int limit, String cursor,
                                            boolean newestFirst) {
        String partition = TradingKeys.userJournal(userId);
        Range range = Range.of("gsi1sk", "", from, to);
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(range.condition(partition))
                .scanIndexForward(!newestFirst)
                .limit(pageSize(limit));
        return page(journalByUser.query(startingAt(request, cursor, "gsi1pk", partition, range).build()).iterator());
    }

    /** The sort keys a query covers: [low, high] on {@code sortName}. */
    private record Range(String sortName, String low, String high) {

        /** Ids (ULIDs) created in [from, to]; either bound may be null. */
        static Range of(String sortName, String prefix, Instant from, Instant to) {
            return new Range(sortName, prefix + TradingKeys.idFloor(from == null ? Instant.EPOCH : from),
                    prefix + (to == null ? "~" : TradingKeys.idCeiling(to)));
        }

        QueryConditional condition(String partition) {
            return QueryConditional.sortBetween(Key.builder().partitionValue(partition).sortValue(low).build(),
                    Key.builder().partitionValue(partition).sortValue(high).build());
        }

        boolean contains(String value) {
            return value != null && value.compareTo(low) >= 0 && value.compareTo(high) <= 0;
        }
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    /**
     * A cursor must belong to this partition and point inside the queried range: a crafted one can neither reach
     * another user's items nor make DynamoDB fail the query (a 500).
     */
    private static QueryEnhancedRequest.Builder startingAt(QueryEnhancedRequest.Builder request, String cursor,
                                                           String partitionName, String partition, Range range) {
        if (cursor != null) {
            Map<String, AttributeValue> start = PageCursor.decode(cursor, Map.of(partitionName, partition));
            AttributeValue sort = start.get(range.sortName());
            if (sort == null || !range.contains(sort.s())) {
                throw new InvalidInputException("INVALID_CURSOR", "cursor is not valid for this request");
            }
            request.exclusiveStartKey(start);
        }
        return request;
    }

    private static <T> Page<T> page(Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<T>> pages) {
        if (!pages.hasNext()) {
            return new Page<>(java.util.List.of(), null);
        }
        var page = pages.next();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        return new Page<>(page.items(), last == null || last.isEmpty() ? null
                : PageCursor.encode(new LinkedHashMap<>(last)));
    }
}
