package dev.tradewind.shared.market;

import dev.tradewind.shared.dynamo.BatchBackoff;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.dynamo.PageQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Candles in the market-data table: one partition per series ({@code CANDLE#<symbol>#<interval>}), sorted by open
 * time as a fixed-width ISO-8601 string. A candle's key is its identity, so writing it twice leaves one item.
 * Short attribute names ({@code o h l c v}) because every candle is stored and billed by size.
 */
public final class CandleRepository {

    private static final DateTimeFormatter SORT_KEY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    static final StaticImmutableTableSchema<Candle, Builder> SCHEMA =
            StaticImmutableTableSchema.builder(Candle.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk")
                            .getter(c -> partitionKey(c.symbol(), c.interval()))
                            .setter(Builder::partitionKey)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk")
                            .getter(c -> sortKey(c.openTime()))
                            .setter(Builder::sortKey)
                            .tags(StaticAttributeTags.primarySortKey()))
                    .addAttribute(BigDecimal.class, a -> a.name("o").getter(Candle::open).setter((b, v) -> b.open = v))
                    .addAttribute(BigDecimal.class, a -> a.name("h").getter(Candle::high).setter((b, v) -> b.high = v))
                    .addAttribute(BigDecimal.class, a -> a.name("l").getter(Candle::low).setter((b, v) -> b.low = v))
                    .addAttribute(BigDecimal.class, a -> a.name("c").getter(Candle::close).setter((b, v) -> b.close = v))
                    .addAttribute(BigDecimal.class, a -> a.name("v").getter(Candle::volume).setter((b, v) -> b.volume = v))
                    .build();

    private final DynamoDbEnhancedClient client;
    private final DynamoDbTable<Candle> table;

    public CandleRepository(DynamoDbEnhancedClient client, String tableName) {
        this.client = client;
        this.table = client.table(tableName, SCHEMA);
    }

    public static String partitionKey(String symbol, Interval interval) {
        return "CANDLE#" + symbol + "#" + interval.code();
    }

    public static String sortKey(Instant openTime) {
        return SORT_KEY.format(openTime);
    }

    /**
     * The first whole second at or after {@code time}: bars open on whole seconds and sort keys hold no fraction, so
     * a lower bound with one is rounded up, or the bar opened in the second before it would pass.
     */
    public static Instant wholeSecondAtOrAfter(Instant time) {
        Instant second = time.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(time) ? time : second.plusSeconds(1);
    }

    /**
     * Writes candles idempotently in batches of 25, retrying unprocessed items with exponential backoff and full
     * jitter; fails if DynamoDB still refuses some after every attempt.
     */
    public void putAll(Collection<Candle> candles) {
        List<Candle> all = new ArrayList<>(candles);
        for (int from = 0; from < all.size(); from += BatchBackoff.WRITE_BATCH_SIZE) {
            List<Candle> pending = all.subList(from, Math.min(all.size(), from + BatchBackoff.WRITE_BATCH_SIZE));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BatchBackoff.MAX_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " candles stayed unprocessed after "
                            + BatchBackoff.MAX_ATTEMPTS + " attempts");
                }
                if (attempt > 1) {
                    BatchBackoff.beforeAttempt(attempt);
                }
                WriteBatch.Builder<Candle> batch = WriteBatch.builder(Candle.class).mappedTableResource(table);
                pending.forEach(batch::addPutItem);
                BatchWriteResult result = client.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                        .writeBatches(batch.build()).build());
                pending = result.unprocessedPutItemsForTable(table);
            }
        }
    }

    public Optional<Candle> find(String symbol, Interval interval, Instant openTime) {
        return Optional.ofNullable(table.getItem(Key.builder()
                .partitionValue(partitionKey(symbol, interval)).sortValue(sortKey(openTime)).build()));
    }

    /** A candle's identity: (symbol, interval, open time). */
    public record CandleKey(String symbol, Interval interval, Instant openTime) {
    }

    /**
     * The candles stored under these keys, in BatchGetItem calls of 100 (unprocessed keys are fetched again by the
     * SDK's paginator); keys without a candle are skipped. Order is not preserved.
     */
    public List<Candle> findAll(Collection<CandleKey> keys) {
        List<CandleKey> unique = List.copyOf(new LinkedHashSet<>(keys));
        List<Candle> found = new ArrayList<>(unique.size());
        for (int from = 0; from < unique.size(); from += 100) {
            ReadBatch.Builder<Candle> batch = ReadBatch.builder(Candle.class).mappedTableResource(table);
            for (CandleKey k : unique.subList(from, Math.min(unique.size(), from + 100))) {
                batch.addGetItem(key(k.symbol(), k.interval(), k.openTime()));
            }
            for (BatchGetResultPage page : client.batchGetItem(r -> r.readBatches(batch.build()))) {
                found.addAll(page.resultsForTable(table));
            }
        }
        return found;
    }

    /** The newest bar of the series that has closed by {@code now}, by the instrument's calendar. */
    public Optional<Candle> latestClosed(String symbol, Interval interval, MarketCalendar calendar, Instant now) {
        return latestClosed(symbol, interval, calendar, now, false);
    }

    /**
     * {@link #latestClosed}, strongly consistent: it sees every bar whose write has completed. Twice the read units,
     * so only for a reader told that a bar was stored.
     */
    public Optional<Candle> latestClosedAfterWrites(String symbol, Interval interval, MarketCalendar calendar,
                                                    Instant now) {
        return latestClosed(symbol, interval, calendar, now, true);
    }

    private Optional<Candle> latestClosed(String symbol, Interval interval, MarketCalendar calendar, Instant now,
                                         boolean consistent) {
        for (Candle candle : newestFirst(symbol, interval, now, 3, consistent)) {
            if (calendar.isClosed(candle, now)) {
                return Optional.of(candle);
            }
        }
        return Optional.empty();
    }

    /**
     * Up to {@code count} bars opened at or before {@code openedAtOrBefore}, oldest first: the window a model or an
     * indicator looks back over.
     */
    public List<Candle> window(String symbol, Interval interval, Instant openedAtOrBefore, int count) {
        return chronological(newestFirst(symbol, interval, openedAtOrBefore, count, false));
    }

    /**
     * {@link #window}, strongly consistent: it holds every bar whose write has completed. Twice the read units, so
     * only for a reader that saw a bar another read of the window may not show yet.
     */
    public List<Candle> windowAfterWrites(String symbol, Interval interval, Instant openedAtOrBefore, int count) {
        return chronological(newestFirst(symbol, interval, openedAtOrBefore, count, true));
    }

    private static List<Candle> chronological(List<Candle> newestFirst) {
        List<Candle> chronological = new ArrayList<>(newestFirst);
        Collections.reverse(chronological);
        return chronological;
    }

    /** Every bar opened in [from, to], oldest first; the caller bounds the span. */
    public List<Candle> between(String symbol, Interval interval, Instant from, Instant to) {
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBetween(key(symbol, interval, wholeSecondAtOrAfter(from)),
                        key(symbol, interval, to)))
                .scanIndexForward(true)
                .build();
        List<Candle> candles = new ArrayList<>();
        table.query(request).items().forEach(candles::add);
        return candles;
    }

    /**
     * One page of bars opened in [from, to] ({@code to} null: no upper bound, for a listing up to "now" that a later
     * page continues), in the requested order, with an opaque cursor to the next page; a cursor of another series,
     * range or order is a 400.
     */
    public CandlePage page(String symbol, Interval interval, Instant openedFrom, Instant to, int limit, String cursor,
                           boolean newestFirst) {
        Instant from = wholeSecondAtOrAfter(openedFrom);
        PageQuery query = PageQuery.of(table.tableName(), PageQuery.KeySchema.table("pk", "sk"),
                        partitionKey(symbol, interval))
                .sortBetween(sortKey(from), to == null ? null : sortKey(to)).descending(newestFirst);
        Map<String, AttributeValue> start = PageCursor.decode(cursor, query);
        if (to != null && from.isAfter(to)) {
            // A from rounded up past a to in the same second: no bar opened in between, and DynamoDB refuses a
            // BETWEEN whose bounds are reversed.
            return new CandlePage(List.of(), null);
        }
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(to == null ? QueryConditional.sortGreaterThanOrEqualTo(key(symbol, interval, from))
                        : QueryConditional.sortBetween(key(symbol, interval, from), key(symbol, interval, to)))
                .scanIndexForward(!newestFirst)
                .limit(dev.tradewind.shared.dynamo.Page.readLimit(limit))
                .exclusiveStartKey(start)
                .build();
        var page = dev.tradewind.shared.dynamo.Page.read(query, limit, table.tableSchema(), table.query(request));
        return new CandlePage(page.items(), page.nextCursor());
    }

    /** A page of candles and the cursor to the next one (null on the last page). */
    public record CandlePage(List<Candle> candles, String nextCursor) {
    }

    private List<Candle> newestFirst(String symbol, Interval interval, Instant openedAtOrBefore, int count,
                                     boolean consistent) {
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortLessThanOrEqualTo(key(symbol, interval, openedAtOrBefore)))
                .consistentRead(consistent)
                .scanIndexForward(false)
                .limit(count)
                .build();
        List<Candle> candles = new ArrayList<>(count);
        for (Page<Candle> page : table.query(request)) {
            for (Candle candle : page.items()) {
                candles.add(candle);
                if (candles.size() == count) {
                    return candles;
                }
            }
        }
        return candles;
    }

    private static Key key(String symbol, Interval interval, Instant openTime) {
        return Key.builder().partitionValue(partitionKey(symbol, interval)).sortValue(sortKey(openTime)).build();
    }

    /** Rebuilds a candle from its item: symbol and interval live in the partition key, open time in the sort key. */
    static final class Builder {
        private String symbol;
        private Interval interval;
        private Instant openTime;
        private BigDecimal open;
        private BigDecimal high;
        private BigDecimal low;
        private BigDecimal close;
        private BigDecimal volume;

        void partitionKey(String pk) {
            int last = pk.lastIndexOf('#');
            symbol = pk.substring("CANDLE#".length(), last);
            interval = Interval.fromCode(pk.substring(last + 1));
        }

        void sortKey(String sk) {
            openTime = Instant.parse(sk);
        }

        Candle build() {
            return new Candle(symbol, interval, openTime, open, high, low, close, volume);
        }
    }
}
