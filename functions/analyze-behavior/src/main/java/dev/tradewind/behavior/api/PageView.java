package dev.tradewind.behavior.api;

import java.util.List;

/** A page of a list route and the opaque cursor to the next one (absent on the last page). */
public record PageView<T>(List<T> items, String nextCursor) {

    public PageView {
        items = List.copyOf(items);
    }
}
