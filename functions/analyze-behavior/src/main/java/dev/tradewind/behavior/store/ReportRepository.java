package dev.tradewind.behavior.store;

import dev.tradewind.shared.behavior.BehaviorKeys;
import dev.tradewind.shared.behavior.ReportItem;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import dev.tradewind.shared.id.Ulid;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Behaviour reports in the behaviour table, per user ({@link BehaviorKeys}, items as {@link ReportItem} lays them out).
 * Every key starts with the owner's user id, so a request can only ever reach the caller's own reports; another
 * user's report simply does not exist here. Listings read only the keys and the summary (a projection on the table,
 * an INCLUDE projection on the index), never the bodies.
 */
public final class ReportRepository {

    /** The attributes a listing reads: the keys and the summary, never a body. */
    private static final String[] SUMMARY_ATTRIBUTES = {"pk", "sk", "userId", "reportId", "sessionId", "createdAt",
            "summary", "expiresAt"};

    /** A report as stored: its summary (JSON) and, when read whole, the report (JSON) and its content hash. */
    public record StoredReport(String reportId, String sessionId, Instant createdAt, String summaryJson,
                               String reportJson, String contentHash) {
    }

    private final DynamoDbTable<ReportItem> table;
    private final DynamoDbIndex<ReportItem> bySession;

    public ReportRepository(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, ReportItem.SCHEMA);
        this.bySession = table.index(BehaviorKeys.INDEX);
    }

    /**
     * Writes a new report, its body compressed; its id is new, so the write is conditional on the key not existing.
     * {@code contentHash} identifies the analysis (see {@link #latest}). A refused condition means the item is there
     * already: an earlier attempt of this same write, applied by DynamoDB but its answer lost and retried by the SDK.
     */
    public void save(String userId, String reportId, String sessionId, Instant createdAt, String contentHash,
                     String summaryJson, String reportJson, Instant expiresAt) {
        ReportItem item = ReportItem.of(userId, reportId, sessionId, createdAt, contentHash, summaryJson, reportJson,
                expiresAt);
        try {
            table.putItem(r -> r.item(item).conditionExpression(Expression.builder()
                    .expression("attribute_not_exists(pk)").build()));
        } catch (ConditionalCheckFailedException e) {
            // The id is this analysis's own, new ULID: no other write can have used it.
        }
    }

    /**
     * The caller's newest report, whole, unless it has expired: one query of one item. An analysis whose content hash
     * equals this one's is the same analysis again, and is answered with it instead of a new write. Strongly
     * consistent: a client that retries an analysis whose answer it lost must find the report that analysis stored.
     */
    public Optional<StoredReport> latest(String userId, Instant now) {
        String partition = BehaviorKeys.userPartition(userId);
        var pages = table.query(QueryEnhancedRequest.builder().consistentRead(true).scanIndexForward(false).limit(1)
                .queryConditional(QueryConditional.sortBetween(
                        Key.builder().partitionValue(partition).sortValue(BehaviorKeys.REPORTS_FROM).build(),
                        Key.builder().partitionValue(partition).sortValue(BehaviorKeys.REPORTS_TO).build()))
                .build()).iterator();
        return pages.hasNext() ? pages.next().items().stream().findFirst().filter(s -> !s.expiredAt(now))
                .map(ReportRepository::whole) : Optional.empty();
    }

    /** The caller's report, unless it does not exist, is not theirs, or has expired (TTL deletes lazily). */
    public Optional<StoredReport> find(String userId, String reportId, Instant now) {
        if (!Ulid.isValid(reportId)) {
            return Optional.empty();
        }
        ReportItem stored = table.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(BehaviorKeys.userPartition(userId)).sortValue(BehaviorKeys.reportSortKey(reportId))
                .build()));
        if (stored == null || stored.expiredAt(now)) {
            return Optional.empty();
        }
        return Optional.of(whole(stored));
    }

    private static StoredReport whole(ReportItem stored) {
        return new StoredReport(stored.reportId(), stored.sessionId(), stored.createdAt(), stored.summary(),
                stored.reportJson(), stored.contentHash());
    }

    /** The caller's reports, newest first: all of them, or those about one session. Summaries only. */
    public Page<StoredReport> list(String userId, String sessionId, int limit, String cursor, Instant now) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .scanIndexForward(false)
                .limit(Page.readLimit(limit))
                .attributesToProject(SUMMARY_ATTRIBUTES);
        PageQuery query;
        Iterable<software.amazon.awssdk.enhanced.dynamodb.model.Page<ReportItem>> answers;
        if (sessionId == null) {
            String partition = BehaviorKeys.userPartition(userId);
            query = PageQuery.of(table.tableName(), PageQuery.KeySchema.table("pk", "sk"), partition)
                    .sortBetween(BehaviorKeys.REPORTS_FROM, BehaviorKeys.REPORTS_TO).descending(true);
            request.queryConditional(QueryConditional.sortBetween(
                    Key.builder().partitionValue(partition).sortValue(query.sortLow()).build(),
                    Key.builder().partitionValue(partition).sortValue(query.sortHigh()).build()));
            answers = table.query(request.exclusiveStartKey(PageCursor.decode(cursor, query)).build());
        } else {
            String index = BehaviorKeys.sessionReports(userId, sessionId);
            query = PageQuery.of(table.tableName(),
                    PageQuery.KeySchema.index(BehaviorKeys.INDEX, "gsi1pk", "gsi1sk", "pk", "sk"), index)
                    .descending(true);
            request.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(index).build()));
            answers = bySession.query(request.exclusiveStartKey(PageCursor.decode(cursor, query)).build());
        }
        Page<ReportItem> page = Page.read(query, limit, table.tableSchema(), answers);
        // Expired ones wait for TTL's lazy delete: left out here, so the page may be short (docs/api.md#paging).
        List<StoredReport> items = page.items().stream().filter(s -> !s.expiredAt(now))
                .map(s -> new StoredReport(s.reportId(), s.sessionId(), s.createdAt(), s.summary(), null, null))
                .toList();
        return new Page<>(items, page.nextCursor());
    }
}
