package dev.tradewind.market.store;

import dev.tradewind.shared.dynamo.BatchBackoff;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The instrument catalog in the market-data table: search over the class index (Queries only, never a Scan, with an
 * opaque cursor bound to the search it continues) and registration of new or changed instruments.
 */
public final class InstrumentCatalog {

    /** Catalog entries evaluated per DynamoDB page, and pages per request, when searching with a filter. */
    static final int SEARCH_PAGE = 200;
    static final int SEARCH_MAX_PAGES = 5;

    private static final PageQuery.KeySchema CATALOG_KEYS = PageQuery.KeySchema.index(
            InstrumentRepository.CATALOG_INDEX, "gsi1pk", "gsi1sk", "pk", "sk");

    private final DynamoDbEnhancedClient client;
    private final String tableName;
    private final InstrumentRepository instruments;
    private final DynamoDbIndex<Instrument> catalog;

    public InstrumentCatalog(DynamoDbEnhancedClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
        this.instruments = new InstrumentRepository(client, tableName);
        this.catalog = instruments.table().index(InstrumentRepository.CATALOG_INDEX);
    }

    /**
     * Instruments whose symbol starts with {@code query} or whose name contains it (case-insensitive), by class then
     * symbol. The search walks one class partition after the other; a cursor continues the partition it was written
     * for, and only for the same query and class.
     */
    public Page<Instrument> search(String query, AssetClass assetClass, int limit, String cursor) {
        List<AssetClass> classes = assetClass != null ? List.of(assetClass) : List.of(AssetClass.values());
        List<PageQuery> queries = classes.stream().map(c -> PageQuery.of(tableName, CATALOG_KEYS,
                        InstrumentRepository.catalogPartition(c))
                .filter("query", query == null ? null : query.toLowerCase(Locale.ROOT))
                .filter("class", assetClass == null ? null : assetClass.name())).toList();
        int classIndex = 0;
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            PageCursor.Position position = PageCursor.decode(cursor, queries);
            classIndex = position.query();
            start = position.startKey();
        }
        Expression filter = query == null ? null : Expression.builder()
                .expression("begins_with(#symbol, :prefix) OR contains(#nameLower, :needle)")
                .expressionNames(Map.of("#symbol", "symbol", "#nameLower", "nameLower"))
                .expressionValues(Map.of(":prefix", AttributeValue.fromS(query.toUpperCase(Locale.ROOT)),
                        ":needle", AttributeValue.fromS(query.toLowerCase(Locale.ROOT))))
                .build();
        // One match more than the page tells whether another page follows (docs/api.md#paging).
        List<Instrument> items = new ArrayList<>(limit + 1);
        int pages = 0;
        for (int ci = classIndex; ci < classes.size(); ci++) {
            String partition = queries.get(ci).partition();
            Map<String, AttributeValue> exclusive = ci == classIndex ? start : null;
            while (true) {
                QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(partition).build()))
                        .exclusiveStartKey(exclusive)
                        .limit(filter == null ? Math.min(limit + 1 - items.size(), 100) : SEARCH_PAGE);
                if (filter != null) {
                    request.filterExpression(filter);
                }
                var iterator = catalog.query(request.build()).iterator();
                var page = iterator.hasNext() ? iterator.next() : null;
                pages++;
                Map<String, AttributeValue> last = page == null ? null : page.lastEvaluatedKey();
                for (Instrument found : page == null ? List.<Instrument>of() : page.items()) {
                    items.add(found);
                    if (items.size() > limit) {
                        return new Page<>(items.subList(0, limit), cursorBefore(found, items.get(limit - 1),
                                queries, classes));
                    }
                }
                if (last == null || last.isEmpty()) {
                    break;
                }
                exclusive = last;
                if (pages >= SEARCH_MAX_PAGES) {
                    // Bounded work per request: hand back what was found and where to continue.
                    return new Page<>(items, PageCursor.encode(queries.get(ci), last));
                }
            }
        }
        return new Page<>(items, null);
    }

    /**
     * Where the page after {@code last} starts, {@code next} being the match after it: after {@code last} in its
     * class, or at the start of the class of {@code next} when that is a later one.
     */
    private static String cursorBefore(Instrument next, Instrument last, List<PageQuery> queries,
                                       List<AssetClass> classes) {
        return next.assetClass() == last.assetClass()
                ? PageCursor.encode(queries.get(classes.indexOf(last.assetClass())), catalogKey(last))
                : PageCursor.start(queries.get(classes.indexOf(next.assetClass())));
    }

    private static Map<String, AttributeValue> catalogKey(Instrument i) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put("pk", AttributeValue.fromS(InstrumentRepository.partitionKey(i.symbol())));
        key.put("sk", AttributeValue.fromS("INSTRUMENT"));
        key.put("gsi1pk", AttributeValue.fromS(InstrumentRepository.catalogPartition(i.assetClass())));
        key.put("gsi1sk", AttributeValue.fromS(i.symbol()));
        return key;
    }

    /** New or changed instruments go into the catalog in BatchWriteItem calls of 25. */
    public void register(List<Instrument> list) {
        for (int from = 0; from < list.size(); from += BatchBackoff.WRITE_BATCH_SIZE) {
            List<Instrument> pending =
                    list.subList(from, Math.min(list.size(), from + BatchBackoff.WRITE_BATCH_SIZE));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BatchBackoff.MAX_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " catalog entries stayed unprocessed");
                }
                if (attempt > 1) {
                    BatchBackoff.beforeAttempt(attempt);
                }
                WriteBatch.Builder<Instrument> batch = WriteBatch.builder(Instrument.class)
                        .mappedTableResource(instruments.table());
                pending.forEach(batch::addPutItem);
                BatchWriteResult result = client.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                        .writeBatches(batch.build()).build());
                pending = result.unprocessedPutItemsForTable(instruments.table());
            }
        }
    }
}
