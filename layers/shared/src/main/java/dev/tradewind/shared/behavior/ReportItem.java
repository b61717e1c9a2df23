package dev.tradewind.shared.behavior;

import dev.tradewind.shared.dynamo.CompressedJson;
import dev.tradewind.shared.dynamo.CompressedJson.Dictionary;
import dev.tradewind.shared.dynamo.RecordSchema;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A behaviour report as the behaviour table stores it ({@link BehaviorKeys}): written by analyze-behavior, and by
 * SnapStart priming into its in-memory store, both through {@link #of}.
 *
 * <p>The item holds the small {@code summary} (JSON) the listings answer and the whole report compressed as a binary
 * attribute ({@code body}) with a preset dictionary of typical reports ({@link Dictionary#BEHAVIOR_REPORTS_1}): a
 * 5.4 KB report of 45 fills is then a 1.4 KB item, 2 WRU and 1 for the index entry (docs/benchmarks.md). Older items
 * hold the body gzipped, the report as JSON ({@code report}) or, above 64 KB, gzipped and base64-encoded
 * ({@code reportGzip}); {@link #reportJson} reads them all. {@code contentHash} identifies what was analysed and what
 * came out; {@code expiresAt} is the item's TTL (epoch seconds).
 */
public record ReportItem(String userId, String reportId, String sessionId, Instant createdAt, String summary,
                         SdkBytes body, String report, String reportGzip, String contentHash, Long expiresAt) {

    /** The attribute that holds the compressed report. */
    public static final String BODY = "body";

    public static final StaticImmutableTableSchema<ReportItem, RecordSchema.Values> SCHEMA =
            RecordSchema.of(ReportItem.class, v -> new ReportItem(v.string("userId"), v.string("reportId"),
                            v.string("sessionId"), v.instant("createdAt"), v.string("summary"), v.bytes(BODY),
                            v.string("report"), v.string("reportGzip"), v.string("contentHash"),
                            v.longNumber("expiresAt")))
                    .partitionKey("pk", r -> BehaviorKeys.userPartition(r.userId()))
                    .sortKey("sk", r -> BehaviorKeys.reportSortKey(r.reportId()))
                    .indexPartitionKey(BehaviorKeys.INDEX, "gsi1pk", r -> r.sessionId() == null ? null
                            : BehaviorKeys.sessionReports(r.userId(), r.sessionId()))
                    .indexSortKey(BehaviorKeys.INDEX, "gsi1sk", r -> r.sessionId() == null ? null : r.reportId())
                    .string("userId", ReportItem::userId)
                    .string("reportId", ReportItem::reportId)
                    .string("sessionId", ReportItem::sessionId)
                    .instant("createdAt", ReportItem::createdAt)
                    .string("summary", ReportItem::summary)
                    .bytes(BODY, ReportItem::body)
                    .string("report", ReportItem::report)
                    .string("reportGzip", ReportItem::reportGzip)
                    .string("contentHash", ReportItem::contentHash)
                    .longNumber("expiresAt", ReportItem::expiresAt)
                    .build();

    /** A new report, its body compressed; {@code sessionId} is null for a report not about one session. */
    public static ReportItem of(String userId, String reportId, String sessionId, Instant createdAt,
                                String contentHash, String summaryJson, String reportJson, Instant expiresAt) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reportId, "reportId");
        return new ReportItem(userId, reportId, sessionId, createdAt, summaryJson,
                CompressedJson.deflate(reportJson, Dictionary.BEHAVIOR_REPORTS_1), null, null, contentHash,
                expiresAt.getEpochSecond());
    }

    /** The whole report (JSON), whichever way the item holds it; null for an item read without its body. */
    public String reportJson() {
        if (body != null) {
            return CompressedJson.read(body.asByteArrayUnsafe());
        }
        if (report != null) {
            return report;
        }
        return reportGzip == null ? null : CompressedJson.read(Base64.getDecoder().decode(reportGzip));
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && expiresAt <= now.getEpochSecond();
    }
}
