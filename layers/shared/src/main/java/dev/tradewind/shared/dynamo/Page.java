package dev.tradewind.shared.dynamo;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** One page of a query and the opaque cursor to the next ({@code null} on the last page). */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /** DynamoDB's Limit for a page of {@code limit} items: the one item more tells whether another page follows. */
    public static int readLimit(int limit) {
        return limit + 1;
    }

    /**
     * The page of at most {@code limit} items of {@code query}, from DynamoDB's first answer to it read with
     * {@link #readLimit} (docs/api.md#paging). DynamoDB answers a LastEvaluatedKey whenever it reached its Limit, also
     * when nothing follows, so that key alone does not make a cursor: when the extra item came, the page ends before it
     * and the cursor continues after the last item answered; when DynamoDB stopped short of it with a
     * LastEvaluatedKey (a filter expression left items out, or it read 1 MB), more may follow and the cursor continues
     * from there; otherwise this is the last page. No second request is made.
     */
    public static <T> Page<T> read(PageQuery query, int limit, TableSchema<T> schema,
                                   Iterable<software.amazon.awssdk.enhanced.dynamodb.model.Page<T>> answers) {
        var pages = answers.iterator();
        if (!pages.hasNext()) {
            return new Page<>(List.of(), null);
        }
        var answer = pages.next();
        List<T> items = answer.items();
        if (items.size() > limit) {
            List<T> page = items.subList(0, limit);
            return new Page<>(page, PageCursor.after(query, schema, page.getLast()));
        }
        return new Page<>(items, PageCursor.encode(query, answer.lastEvaluatedKey()));
    }
}
