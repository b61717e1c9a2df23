package dev.tradewind.shared.dynamo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The query a {@link PageCursor} continues: the table or index, the partition, the sort-key bounds, the order and
 * any filters that decide which items a page holds. The page size is deliberately not part of it: a position in an
 * ordered result stays the same position whatever the size of the next page.
 *
 * @param table     the table name
 * @param keys      the key attributes of the table or index queried
 * @param partition the partition key value the query is pinned to
 * @param sortLow   the smallest sort key the query covers (inclusive), null when unbounded
 * @param sortHigh  the largest sort key the query covers (inclusive), null when unbounded
 * @param filters   everything else that selects or orders the items, by name (null values allowed)
 */
public record PageQuery(String table, KeySchema keys, String partition, String sortLow, String sortHigh,
                        boolean descending, SortedMap<String, String> filters) {

    public PageQuery {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(partition, "partition");
        filters = Collections.unmodifiableSortedMap(new TreeMap<>(filters));
    }

    /** A query over one partition of {@code table} (or of the index {@code keys} names), unbounded, ascending. */
    public static PageQuery of(String table, KeySchema keys, String partition) {
        return new PageQuery(table, keys, partition, null, null, false, new TreeMap<>());
    }

    /** Sort keys in [low, high], as DynamoDB's BETWEEN. */
    public PageQuery sortBetween(String low, String high) {
        return new PageQuery(table, keys, partition, low, high, descending, filters);
    }

    public PageQuery descending(boolean newestFirst) {
        return new PageQuery(table, keys, partition, sortLow, sortHigh, newestFirst, filters);
    }

    public PageQuery filter(String name, String value) {
        TreeMap<String, String> more = new TreeMap<>(filters);
        more.put(name, value);
        return new PageQuery(table, keys, partition, sortLow, sortHigh, descending, more);
    }

    /** Every field that identifies the query, in a fixed order: what a cursor's digest is taken over. */
    List<String> descriptor() {
        List<String> fields = new ArrayList<>(List.of(table, String.valueOf(keys.index()),
                keys.partitionKey(), keys.sortKey(), String.join(",", keys.tableKeys()), partition));
        fields.add(sortLow);
        fields.add(sortHigh);
        fields.add(descending ? "descending" : "ascending");
        filters.forEach((name, value) -> {
            fields.add(name);
            fields.add(value);
        });
        return fields;
    }

    /**
     * The key attributes of a table or of one of its global secondary indexes. A LastEvaluatedKey of an index query
     * carries the index's keys and the table's.
     *
     * @param index     the index name, null for the table
     * @param tableKeys the table's partition and sort key names when {@code index} is set, else empty
     */
    public record KeySchema(String index, String partitionKey, String sortKey, List<String> tableKeys) {

        public KeySchema {
            Objects.requireNonNull(partitionKey, "partitionKey");
            Objects.requireNonNull(sortKey, "sortKey");
            tableKeys = List.copyOf(tableKeys);
        }

        public static KeySchema table(String partitionKey, String sortKey) {
            return new KeySchema(null, partitionKey, sortKey, List.of());
        }

        public static KeySchema index(String index, String partitionKey, String sortKey, String tablePartitionKey,
                                      String tableSortKey) {
            return new KeySchema(Objects.requireNonNull(index, "index"), partitionKey, sortKey,
                    List.of(tablePartitionKey, tableSortKey));
        }

        /** Every attribute a start key of this table or index must hold, and no other. */
        Set<String> attributes() {
            Set<String> all = new LinkedHashSet<>(List.of(partitionKey, sortKey));
            all.addAll(tableKeys);
            return all;
        }
    }
}
