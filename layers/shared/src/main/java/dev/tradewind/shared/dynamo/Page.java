package dev.tradewind.shared.dynamo;

import java.util.List;

/** One page of a query and the opaque cursor to the next ({@code null} on the last page). */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
