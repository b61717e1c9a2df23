package dev.tradewind.behavior.store;

import dev.tradewind.shared.dynamo.CompressedJson;
import dev.tradewind.shared.dynamo.CompressedJson.Dictionary;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import dev.tradewind.shared.dynamo.RecordSchema;
import dev.tradewind.shared.id.Ulid;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Behaviour reports in the behaviour table, per user. Every key starts with the owner's user id, so a request can only
 * ever reach the caller's own reports; another user's report simply does not exist here.
 *
 * <pre>
 * pk         sk                  what                        gsi1pk / gsi1sk
 * USER#u     REPORT#&lt;reportId&gt;   a report (TTL expiresAt)    USER#u#SESSION#s#REPORT / reportId (session reports)
 * USER#u     COOLDOWN            the cooldown in force       (CooldownRepository)
 * </pre>
 *
 * Report ids are ULIDs, so both listings run newest first on the sort key. The item holds the small {@code summary}
 * (JSON) the listings answer and the whole report compressed as a binary attribute ({@code body}) with a preset
 * dictionary of typical reports ({@link Dictionary#BEHAVIOR_REPORTS_1}): a 5.4 KB report of 45 fills is then a
 * 1.4 KB item, 2 WRU and 1 for the index entry (docs/benchmarks.md). Older items hold the body gzipped, the report
 * as JSON ({@code report}) or, above 64 KB, gzipped and base64-encoded ({@code reportGzip}); all are still read.
 * Listings read only the keys and the summary (a projection on the table, an INCLUDE projection on the index), never
 * the bodies. {@code contentHash} identifies what was analysed and what came out (see {@link #latest}).
 */
public final class ReportRepository {

    public static final String INDEX = "gsi1";
    private static final String[] SUMMARY_ATTRIBUTES = {"pk", "sk", "userId", "reportId", "sessionId", "createdAt",
            "summary", "expiresAt"};

    /** One stored report; the body ({@code body}, or the older {@code report}/{@code reportGzip}) is null in listings. */
    record Stored(String userId, String reportId, String sessionId, Instant createdAt, String summary,
                  SdkBytes body, String report, String reportGzip, String contentHash, Long expiresAt) {
    }

    /** A report as stored: its summary (JSON) and, when read whole, the report (JSON) and its content hash. */
    public record StoredReport(String reportId, String sessionId, Instant createdAt, String summaryJson,
                               String reportJson, String contentHash) {
    }

    static final StaticImmutableTableSchema<Stored, RecordSchema.Values> SCHEMA =
            RecordSchema.of(Stored.class, v -> new Stored(v.string("userId"), v.string("reportId"),
                            v.string("sessionId"), v.instant("createdAt"), v.string("summary"), v.bytes("body"),
                            v.string("report"), v.string("reportGzip"), v.string("contentHash"),
                            v.longNumber("expiresAt")))
                    .partitionKey("pk", s -> partitionKey(s.userId()))
                    .sortKey("sk", s -> sortKey(s.reportId()))
                    .indexPartitionKey(INDEX, "gsi1pk", s -> s.sessionId() == null ? null
                            : sessionReports(s.userId(), s.sessionId()))
                    .indexSortKey(INDEX, "gsi1sk", s -> s.sessionId() == null ? null : s.reportId())
                    .string("userId", Stored::userId)
                    .string("reportId", Stored::reportId)
                    .string("sessionId", Stored::sessionId)
                    .instant("createdAt", Stored::createdAt)
                    .string("summary", Stored::summary)
                    .bytes("body", Stored::body)
                    .string("report", Stored::report)
                    .string("reportGzip", Stored::reportGzip)
                    .string("contentHash", Stored::contentHash)
                    .longNumber("expiresAt", Stored::expiresAt)
                    .build();

    private final DynamoDbTable<Stored> table;
    private final DynamoDbIndex<Stored> bySession;

    public ReportRepository(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
        this.bySession = table.index(INDEX);
    }

    static String partitionKey(String userId) {
        return "USER#" + userId;
    }

    static String sortKey(String reportId) {
        return "REPORT#" + reportId;
    }

    static String sessionReports(String userId, String sessionId) {
        return "USER#" + userId + "#SESSION#" + sessionId + "#REPORT";
    }

    /**
     * Writes a new report, its body compressed; its id is new, so the write is conditional on the key not existing.
     * {@code contentHash} identifies the analysis (see {@link #latest}).
     */
    public void save(String userId, String reportId, String sessionId, Instant createdAt, String contentHash,
                     String summaryJson, String reportJson, Instant expiresAt) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reportId, "reportId");
        Stored stored = new Stored(userId, reportId, sessionId, createdAt, summaryJson,
                CompressedJson.deflate(reportJson, Dictionary.BEHAVIOR_REPORTS_1), null, null, contentHash,
                expiresAt.getEpochSecond());
        table.putItem(r -> r.item(stored).conditionExpression(Expression.builder()
                .expression("attribute_not_exists(pk)").build()));
    }

    /**
     * The caller's newest report, whole, unless it has expired: one query of one item. An analysis whose content hash
     * equals this one's is the same analysis again, and is answered with it instead of a new write.
     */
    public Optional<StoredReport> latest(String userId, Instant now) {
        String partition = partitionKey(userId);
        var pages = table.query(QueryEnhancedRequest.builder().scanIndexForward(false).limit(1)
                .queryConditional(QueryConditional.sortBetween(
                        Key.builder().partitionValue(partition).sortValue("REPORT#").build(),
                        Key.builder().partitionValue(partition).sortValue("REPORT#~").build()))
                .build()).iterator();
        return pages.hasNext() ? pages.next().items().stream().findFirst().filter(s -> !expired(s, now))
                .map(ReportRepository::whole) : Optional.empty();
    }

    /** The caller's report, unless it does not exist, is not theirs, or has expired (TTL deletes lazily). */
    public Optional<StoredReport> find(String userId, String reportId, Instant now) {
        if (!Ulid.isValid(reportId)) {
            return Optional.empty();
        }
        Stored stored = table.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(partitionKey(userId)).sortValue(sortKey(reportId)).build()));
        if (stored == null || expired(stored, now)) {
            return Optional.empty();
        }
        return Optional.of(whole(stored));
    }

    private static StoredReport whole(Stored stored) {
        String json = stored.body() != null ? CompressedJson.read(stored.body().asByteArrayUnsafe())
                : stored.report() != null ? stored.report()
                : CompressedJson.read(Base64.getDecoder().decode(stored.reportGzip()));
        return new StoredReport(stored.reportId(), stored.sessionId(), stored.createdAt(), stored.summary(), json,
                stored.contentHash());
    }

    /** The caller's reports, newest first: all of them, or those about one session. Summaries only. */
    public Page<StoredReport> list(String userId, String sessionId, int limit, String cursor, Instant now) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .scanIndexForward(false)
                .limit(limit)
                .attributesToProject(SUMMARY_ATTRIBUTES);
        PageQuery query;
        Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<Stored>> pages;
        if (sessionId == null) {
            String partition = partitionKey(userId);
            query = PageQuery.of(table.tableName(), PageQuery.KeySchema.table("pk", "sk"), partition)
                    .sortBetween("REPORT#", "REPORT#~").descending(true);
            request.queryConditional(QueryConditional.sortBetween(
                    Key.builder().partitionValue(partition).sortValue(query.sortLow()).build(),
                    Key.builder().partitionValue(partition).sortValue(query.sortHigh()).build()));
            pages = table.query(request.exclusiveStartKey(PageCursor.decode(cursor, query)).build()).iterator();
        } else {
            String index = sessionReports(userId, sessionId);
            query = PageQuery.of(table.tableName(), PageQuery.KeySchema.index(INDEX, "gsi1pk", "gsi1sk", "pk", "sk"),
                    index).descending(true);
            request.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(index).build()));
            pages = bySession.query(request.exclusiveStartKey(PageCursor.decode(cursor, query)).build()).iterator();
        }
        if (!pages.hasNext()) {
            return new Page<>(List.of(), null);
        }
        var page = pages.next();
        List<StoredReport> items = page.items().stream().filter(s -> !expired(s, now))
                .map(s -> new StoredReport(s.reportId(), s.sessionId(), s.createdAt(), s.summary(), null, null))
                .toList();
        return new Page<>(items, PageCursor.encode(query, page.lastEvaluatedKey()));
    }

    private static boolean expired(Stored stored, Instant now) {
        return stored.expiresAt() != null && stored.expiresAt() <= now.getEpochSecond();
    }
}
