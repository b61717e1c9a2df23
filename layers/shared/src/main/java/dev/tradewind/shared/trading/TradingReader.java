package dev.tradewind.shared.trading;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Read-only access to a user's trading history for other functions (the behaviour analysis): sessions, trades and
 * journal entries, by session or by user and time range, one page at a time, never a Scan. Every method takes the
 * caller's user id and can only reach that user's items; another user's session simply does not exist here.
 *
 * <p>By-session reads are strongly consistent; by-user reads go through the {@code gsi1} index and are eventually
 * consistent (a fill may appear there a moment after it happened).
 *
 * <p>A fill staged by an import that has not committed yet (docs/trading.md#trade-import) is never returned: a fill
 * carrying an import id counts only once its session's trade count has reached it, which is looked up (strongly
 * consistent, once per session and call) only for such fills. A page may therefore hold fewer items than asked for,
 * none even, and still have a cursor: more may follow (docs/api.md#paging).
 */
public final class TradingReader {

    /** The most items one page may hold. */
    public static final int MAX_PAGE = 1000;

    private static final PageQuery.KeySchema TABLE_KEYS = PageQuery.KeySchema.table("pk", "sk");
    private static final PageQuery.KeySchema INDEX_KEYS = PageQuery.KeySchema.index(TradingKeys.INDEX, "gsi1pk",
            "gsi1sk", "pk", "sk");

    private final String tableName;
    private final DynamoDbTable<TradingSessionInfo> sessions;
    private final DynamoDbTable<TradeRecord> trades;
    private final DynamoDbTable<JournalEntry> journal;
    private final DynamoDbIndex<TradeRecord> tradesByUser;
    private final DynamoDbIndex<JournalEntry> journalByUser;

    public TradingReader(DynamoDbEnhancedClient client, String tableName) {
        this.tableName = tableName;
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
        PageQuery query = PageQuery.of(tableName, TABLE_KEYS, TradingKeys.userPartition(userId))
                .sortBetween("SESSION#", "SESSION#~").descending(true);
        return Page.read(query, limit, sessions.tableSchema(), sessions.query(request(query, limit, cursor).build()));
    }

    public Optional<TradeRecord> trade(String userId, String sessionId, String tradeId) {
        return Optional.ofNullable(trades.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(TradingKeys.sessionPartition(userId, sessionId))
                .sortValue(TradingKeys.tradeSortKey(tradeId)).build())))
                .filter(new Committed(userId)::test);
    }

    /** A session's trades filled in [from, to] (either may be null: unbounded), oldest first unless newestFirst. */
    public Page<TradeRecord> tradesOfSession(String userId, String sessionId, Instant from, Instant to, int limit,
                                             String cursor, boolean newestFirst) {
        PageQuery query = idRange(PageQuery.of(tableName, TABLE_KEYS, TradingKeys.sessionPartition(userId, sessionId)),
                "TRADE#", from, to).descending(newestFirst);
        return committed(userId, Page.read(query, limit, trades.tableSchema(),
                trades.query(request(query, limit, cursor).consistentRead(true).build())));
    }

    /** The user's trades across all sessions filled in [from, to], oldest first unless newestFirst. */
    public Page<TradeRecord> tradesOfUser(String userId, Instant from, Instant to, int limit, String cursor,
                                          boolean newestFirst) {
        PageQuery query = idRange(PageQuery.of(tableName, INDEX_KEYS, TradingKeys.userTrades(userId)), "", from, to)
                .descending(newestFirst);
        return committed(userId, Page.read(query, limit, trades.tableSchema(),
                tradesByUser.query(request(query, limit, cursor).build())));
    }

    /** A session's journal entries, newest first. */
    public Page<JournalEntry> journalOfSession(String userId, String sessionId, int limit, String cursor) {
        PageQuery query = PageQuery.of(tableName, TABLE_KEYS, TradingKeys.sessionPartition(userId, sessionId))
                .sortBetween("JOURNAL#", "JOURNAL#~").descending(true);
        return Page.read(query, limit, journal.tableSchema(),
                journal.query(request(query, limit, cursor).consistentRead(true).build()));
    }

    /** The user's journal entries across all sessions written in [from, to], oldest first unless newestFirst. */
    public Page<JournalEntry> journalOfUser(String userId, Instant from, Instant to, int limit, String cursor,
                                            boolean newestFirst) {
        PageQuery query = idRange(PageQuery.of(tableName, INDEX_KEYS, TradingKeys.userJournal(userId)), "", from, to)
                .descending(newestFirst);
        return Page.read(query, limit, journal.tableSchema(),
                journalByUser.query(request(query, limit, cursor).build()));
    }

    /** The page without the fills of imports that have not committed (the cursor still continues after them). */
    private Page<TradeRecord> committed(String userId, Page<TradeRecord> page) {
        if (page.items().stream().allMatch(t -> t.importId() == null)) {
            return page;
        }
        Committed committed = new Committed(userId);
        return new Page<>(page.items().stream().filter(committed::test).toList(), page.nextCursor());
    }

    /** Whether fills are committed, with each session's trade count read once (a vanished session: none are). */
    private final class Committed {
        private final String userId;
        private final Map<String, Long> tradeCounts = new HashMap<>();

        Committed(String userId) {
            this.userId = userId;
        }

        boolean test(TradeRecord trade) {
            if (trade.importId() == null) {
                return true;
            }
            long count = tradeCounts.computeIfAbsent(trade.sessionId(),
                    id -> session(userId, id).map(TradingSessionInfo::tradeCount).orElse(-1L));
            return trade.committedBy(count);
        }
    }

    /** Ids (ULIDs) created in [from, to] after {@code prefix}; either bound may be null. */
    private static PageQuery idRange(PageQuery query, String prefix, Instant from, Instant to) {
        return query.sortBetween(prefix + TradingKeys.idFloor(from == null ? Instant.EPOCH : from),
                prefix + (to == null ? "~" : TradingKeys.idCeiling(to)));
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    /** The query's key condition and order, starting where the cursor says (a foreign cursor is a 400). */
    private static QueryEnhancedRequest.Builder request(PageQuery query, int limit, String cursor) {
        return QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBetween(
                        Key.builder().partitionValue(query.partition()).sortValue(query.sortLow()).build(),
                        Key.builder().partitionValue(query.partition()).sortValue(query.sortHigh()).build()))
                .scanIndexForward(!query.descending())
                .limit(Page.readLimit(pageSize(limit)))
                .exclusiveStartKey(PageCursor.decode(cursor, query));
    }
}
