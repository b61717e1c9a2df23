package dev.tradewind.market.store;

import dev.tradewind.market.domain.series.Gap;
import dev.tradewind.market.domain.series.SeriesBucket;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Ingestion state in the market-data table: {@code pk = SERIES#<class>#<interval>}, {@code sk = BUCKET#<nn>}, one
 * item per bucket of symbols (CRC-32 of the symbol modulo {@value #BUCKETS}). A run reads its buckets once and writes
 * each changed bucket once (at checkpoints and at the end), conditionally on the version it read; when another run
 * wrote in between, the fresh item is re-read and this run's series are applied to it again, never moving a watermark
 * back (an overlapping older run saving last keeps the newer run's progress).
 */
public final class SeriesStateRepository {

    /** Fixed: changing it would orphan the stored state (every series would be backfilled again). */
    public static final int BUCKETS = 64;
    private static final int MAX_SAVE_ATTEMPTS = 5;

    static final StaticImmutableTableSchema<SeriesBucket, Builder> SCHEMA =
            StaticImmutableTableSchema.builder(SeriesBucket.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk")
                            .getter(b -> partitionKey(b.assetClass(), b.interval()))
                            .setter(Builder::partitionKey)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk")
                            .getter(b -> sortKey(b.bucket()))
                            .setter(Builder::sortKey)
                            .tags(StaticAttributeTags.primarySortKey()))
                    .addAttribute(Long.class, a -> a.name("version").getter(SeriesBucket::version)
                            .setter((b, v) -> b.version = v == null ? 0 : v))
                    .addAttribute(Instant.class, a -> a.name("updatedAt").getter(SeriesBucket::updatedAt)
                            .setter((b, v) -> b.updatedAt = v))
                    .addAttribute(EnhancedType.mapOf(String.class, SeriesState.class), a -> a.name("series")
                            .getter(SeriesBucket::series)
                            .setter((b, v) -> b.series = v)
                            .attributeConverter(new SeriesMapConverter()))
                    .build();

    private final DynamoDbEnhancedClient client;
    private final DynamoDbTable<SeriesBucket> table;

    public SeriesStateRepository(DynamoDbEnhancedClient client, String tableName) {
        this.client = client;
        this.table = client.table(tableName, SCHEMA);
    }

    public static int bucketOf(String symbol) {
        CRC32 crc = new CRC32();
        crc.update(symbol.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BUCKETS);
    }

    /** The shard (of {@code shards}) a symbol belongs to: whole buckets per shard, so shards never share an item. */
    public static int shardOf(String symbol, int shards) {
        return bucketOf(symbol) % shards;
    }

    public static String partitionKey(AssetClass assetClass, Interval interval) {
        return "SERIES#" + assetClass.code() + "#" + interval.code();
    }

    public static String sortKey(int bucket) {
        return String.format("BUCKET#%02d", bucket);
    }

    /** The given buckets, strongly consistent; a bucket never written comes back empty with version 0. */
    public Map<Integer, SeriesBucket> load(AssetClass assetClass, Interval interval, Collection<Integer> buckets) {
        Map<Integer, SeriesBucket> loaded = new TreeMap<>();
        List<Integer> wanted = buckets.stream().distinct().sorted().toList();
        for (int from = 0; from < wanted.size(); from += 100) {
            ReadBatch.Builder<SeriesBucket> batch = ReadBatch.builder(SeriesBucket.class).mappedTableResource(table);
            for (int bucket : wanted.subList(from, Math.min(wanted.size(), from + 100))) {
                batch.addGetItem(GetItemEnhancedRequest.builder().key(key(assetClass, interval, bucket))
                        .consistentRead(true).build());
            }
            for (BatchGetResultPage page : client.batchGetItem(r -> r.readBatches(batch.build()))) {
                page.resultsForTable(table).forEach(b -> loaded.put(b.bucket(), b));
            }
        }
        for (int bucket : wanted) {
            loaded.putIfAbsent(bucket, SeriesBucket.empty(assetClass, interval, bucket));
        }
        return loaded;
    }

    public Optional<SeriesState> find(AssetClass assetClass, Interval interval, String symbol) {
        SeriesBucket bucket = table.getItem(key(assetClass, interval, bucketOf(symbol)));
        return bucket == null ? Optional.empty() : Optional.ofNullable(bucket.series().get(symbol));
    }

    /** Every bucket of a (class, interval): at most {@value #BUCKETS} items, read with a paginated Query. */
    public List<SeriesBucket> all(AssetClass assetClass, Interval interval) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (Page<SeriesBucket> page : table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(
                Key.builder().partitionValue(partitionKey(assetClass, interval)).build())))) {
            buckets.addAll(page.items());
        }
        return buckets;
    }

    /** The bucket as stored, and the gaps its series gave up in the merge that was stored, by symbol. */
    public record Saved(SeriesBucket bucket, Map<String, List<Gap>> gapsGivenUp) {
    }

    /**
     * Writes {@code changed} series into {@code base} (the bucket as this run read it) and stores it if its version is
     * still current; otherwise re-reads the bucket and applies {@code changed} to that.
     */
    public Saved save(SeriesBucket base, Map<String, SeriesState> changed, Instant now) {
        SeriesBucket current = base;
        for (int attempt = 1; ; attempt++) {
            Map<String, List<Gap>> givenUp = new TreeMap<>();
            SeriesBucket next = current.with(changed, now,
                    (symbol, gap) -> givenUp.computeIfAbsent(symbol, s -> new ArrayList<>()).add(gap));
            if (next.series().equals(current.series())) {
                return new Saved(current, Map.of());
            }
            SeriesBucket stored = new SeriesBucket(next.assetClass(), next.interval(), next.bucket(),
                    current.version() + 1, now, next.series());
            Expression condition = current.version() == 0
                    ? Expression.builder().expression("attribute_not_exists(pk)").build()
                    : Expression.builder().expression("#v = :v").expressionNames(Map.of("#v", "version"))
                            .expressionValues(Map.of(":v", AttributeValue.fromN(Long.toString(current.version())))).build();
            try {
                table.putItem(PutItemEnhancedRequest.builder(SeriesBucket.class).item(stored)
                        .conditionExpression(condition).build());
                return new Saved(stored, givenUp);
            } catch (ConditionalCheckFailedException e) {
                if (attempt >= MAX_SAVE_ATTEMPTS) {
                    throw e;
                }
                current = load(base.assetClass(), base.interval(), List.of(base.bucket())).get(base.bucket());
            }
        }
    }

    private static Key key(AssetClass assetClass, Interval interval, int bucket) {
        return Key.builder().partitionValue(partitionKey(assetClass, interval)).sortValue(sortKey(bucket)).build();
    }

    static final class Builder {
        private AssetClass assetClass;
        private Interval interval;
        private int bucket;
        private long version;
        private Instant updatedAt;
        private Map<String, SeriesState> series = new LinkedHashMap<>();

        void partitionKey(String pk) {
            String[] parts = pk.split("#");
            assetClass = AssetClass.fromCode(parts[1]);
            interval = Interval.fromCode(parts[2]);
        }

        void sortKey(String sk) {
            bucket = Integer.parseInt(sk.substring("BUCKET#".length()));
        }

        SeriesBucket build() {
            return new SeriesBucket(assetClass, interval, bucket, version, updatedAt, series == null ? Map.of() : series);
        }
    }
}
