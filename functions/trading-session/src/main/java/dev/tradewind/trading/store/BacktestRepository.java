package dev.tradewind.trading.store;

import dev.tradewind.shared.dynamo.CompressedJson;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import dev.tradewind.shared.dynamo.RecordSchema;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.trading.domain.IdempotencyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Backtests in the trading table, in the owner's partition {@code USER#<id>} under {@code BACKTEST#<id>}: every key
 * starts with the owner, so another user's backtest does not exist for the caller (and an account's erasure, which
 * deletes that partition, takes them along). The item holds a small summary (JSON) the listing answers and the whole
 * result gzipped; each expires by the table's TTL ({@code expiresAt}). Besides its {@code createdAt} (the function's
 * clock, market time on the local runtime's replay clock) it keeps {@code wallCreatedAt}, the real time of the
 * request, which the deadline of a run on the worker is measured from; items stored before it was kept lack it.
 */
public final class BacktestRepository {

    private static final String[] SUMMARY_ATTRIBUTES = {"pk", "sk", "userId", "backtestId", "createdAt",
        "wallCreatedAt", "summary", "expiresAt"};

    record Stored(String userId, String backtestId, Instant createdAt, Instant wallCreatedAt, String summary,
                  SdkBytes body, Long expiresAt) {
    }

    /**
     * A stored backtest: its summary and, when read whole, its result (both JSON).
     *
     * @param wallCreatedAt the real time of the request; null for a backtest stored before it was kept
     */
    public record StoredBacktest(String backtestId, Instant createdAt, Instant wallCreatedAt, String summaryJson,
                                 String resultJson, Instant expiresAt) {
    }

    /**
     * What the first request with an Idempotency-Key created, which its record keeps.
     *
     * @param running whether it was sent to the worker (answered 202) rather than answered complete (201)
     */
    public record Created(String backtestId, boolean running) {
    }

    static final StaticImmutableTableSchema<Stored, RecordSchema.Values> SCHEMA =
            RecordSchema.of(Stored.class, v -> new Stored(v.string("userId"), v.string("backtestId"),
                            v.instant("createdAt"), v.instant("wallCreatedAt"), v.string("summary"), v.bytes("body"),
                            v.longNumber("expiresAt")))
                    .partitionKey("pk", s -> partitionKey(s.userId()))
                    .sortKey("sk", s -> sortKey(s.backtestId()))
                    .string("userId", Stored::userId)
                    .string("backtestId", Stored::backtestId)
                    .instant("createdAt", Stored::createdAt)
                    .instant("wallCreatedAt", Stored::wallCreatedAt)
                    .string("summary", Stored::summary)
                    .bytes("body", Stored::body)
                    .longNumber("expiresAt", Stored::expiresAt)
                    .build();

    private final DynamoDbTable<Stored> table;
    private final DynamoDbTable<IdempotencyRecord<Created>> idempotency;
    private final TradingStore store;

    /** @param store the trading table's transactions, which a backtest asked for with an Idempotency-Key joins */
    public BacktestRepository(DynamoDbEnhancedClient client, TradingStore store, String tableName) {
        this.table = client.table(tableName, SCHEMA);
        this.idempotency = client.table(tableName, Schemas.BACKTEST_IDEMPOTENCY);
        this.store = store;
    }

    static String partitionKey(String userId) {
        return "USER#" + userId;
    }

    static String sortKey(String backtestId) {
        return "BACKTEST#" + backtestId;
    }

    /**
     * Writes a new backtest; its id is new, so the write is conditional on the key not existing. A refused condition
     * means the item is there already: an earlier attempt of this same write, applied by DynamoDB but its answer lost
     * and retried by the SDK (the id is this request's own new ULID, which no other write can have used). With the
     * record of the Idempotency-Key it was asked with, both are written in one transaction, refused
     * ({@link WriteConflict} on {@link Writes#IDEMPOTENCY}) while a live record for the key exists.
     *
     * @param key null when it was asked without one
     */
    public void save(String userId, String backtestId, Instant createdAt, Instant wallCreatedAt, String summaryJson,
                     String resultJson, Instant expiresAt, IdempotencyRecord<Created> key) {
        if (key != null) {
            store.commit(store.writes().backtest(item(userId, backtestId, createdAt, wallCreatedAt, summaryJson,
                    resultJson, expiresAt), "attribute_not_exists(pk)").backtestIdempotency(key, createdAt));
            return;
        }
        Stored stored = new Stored(userId, backtestId, createdAt, wallCreatedAt, summaryJson,
                CompressedJson.gzip(resultJson), expiresAt.getEpochSecond());
        try {
            table.putItem(r -> r.item(stored).conditionExpression(Expression.builder()
                    .expression("attribute_not_exists(pk)").build()));
        } catch (ConditionalCheckFailedException e) {
            // Stored by the earlier attempt.
        }
    }

    /**
     * Replaces a new backtest's result with the failure to start it and forgets the Idempotency-Key it was asked
     * with, in one transaction: that request is answered with the failure, so a retry with the key starts anew.
     */
    public void failedToStart(String userId, String backtestId, Instant createdAt, Instant wallCreatedAt,
                              String summaryJson, String resultJson, Instant expiresAt, String keyHash) {
        store.commit(store.writes().backtest(item(userId, backtestId, createdAt, wallCreatedAt, summaryJson,
                resultJson, expiresAt), "attribute_exists(pk)").forgetBacktestIdempotency(userId, keyHash,
                backtestId));
    }

    private static Map<String, AttributeValue> item(String userId, String backtestId, Instant createdAt,
                                                    Instant wallCreatedAt, String summaryJson, String resultJson,
                                                    Instant expiresAt) {
        return SCHEMA.itemToMap(new Stored(userId, backtestId, createdAt, wallCreatedAt, summaryJson,
                CompressedJson.gzip(resultJson), expiresAt.getEpochSecond()), true);
    }

    /** The record of the caller's Idempotency-Key for creating a backtest, live or expired. */
    public Optional<IdempotencyRecord<Created>> idempotency(String userId, String keyHash) {
        return Optional.ofNullable(idempotency.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(partitionKey(userId)).sortValue(Schemas.backtestIdempotencySortKey(keyHash))
                .build())));
    }

    /**
     * Replaces a backtest's summary and result (a running backtest's progress, then its outcome), keeping its creation
     * times and expiry; false when it no longer exists (the account was erased meanwhile).
     */
    public boolean replace(String userId, String backtestId, Instant createdAt, Instant wallCreatedAt,
                           String summaryJson, String resultJson, Instant expiresAt) {
        Stored stored = new Stored(userId, backtestId, createdAt, wallCreatedAt, summaryJson,
                CompressedJson.gzip(resultJson), expiresAt.getEpochSecond());
        try {
            table.putItem(r -> r.item(stored).conditionExpression(Expression.builder()
                    .expression("attribute_exists(pk)").build()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The caller's backtest, unless it does not exist, is not theirs or has expired (TTL deletes lazily). */
    public Optional<StoredBacktest> find(String userId, String backtestId, Instant now) {
        if (!Ulid.isValid(backtestId)) {
            return Optional.empty();
        }
        Stored stored = table.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(partitionKey(userId)).sortValue(sortKey(backtestId)).build()));
        if (stored == null || expired(stored, now)) {
            return Optional.empty();
        }
        return Optional.of(new StoredBacktest(stored.backtestId(), stored.createdAt(), stored.wallCreatedAt(),
                stored.summary(), CompressedJson.read(stored.body().asByteArrayUnsafe()), expiresAt(stored)));
    }

    /** The caller's backtests, newest first (ids are ULIDs), summaries only. */
    public Page<StoredBacktest> list(String userId, int limit, String cursor, Instant now) {
        String partition = partitionKey(userId);
        PageQuery query = PageQuery.of(table.tableName(), PageQuery.KeySchema.table("pk", "sk"), partition)
                .sortBetween("BACKTEST#", "BACKTEST#~").descending(true);
        var answers = table.query(
                QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortBetween(
                                Key.builder().partitionValue(partition).sortValue(query.sortLow()).build(),
                                Key.builder().partitionValue(partition).sortValue(query.sortHigh()).build()))
                        .scanIndexForward(false)
                        .limit(Page.readLimit(limit))
                        .attributesToProject(SUMMARY_ATTRIBUTES)
                        .exclusiveStartKey(PageCursor.decode(cursor, query))
                        .build());
        Page<Stored> page = Page.read(query, limit, table.tableSchema(), answers);
        // Expired ones wait for TTL's lazy delete: left out here, so the page may be short (docs/api.md#paging).
        List<StoredBacktest> items = page.items().stream().filter(s -> !expired(s, now))
                .map(s -> new StoredBacktest(s.backtestId(), s.createdAt(), s.wallCreatedAt(), s.summary(), null,
                        expiresAt(s))).toList();
        return new Page<>(items, page.nextCursor());
    }

    private static Instant expiresAt(Stored stored) {
        return stored.expiresAt() == null ? null : Instant.ofEpochSecond(stored.expiresAt());
    }

    private static boolean expired(Stored stored, Instant now) {
        return stored.expiresAt() != null && stored.expiresAt() <= now.getEpochSecond();
    }
}
