package dev.tradewind.shared.http;

import dev.tradewind.shared.dynamo.Page;
import java.util.List;
import java.util.function.Function;

/** A page of a list route and the opaque cursor to the next one (absent on the last page). */
public record PageView<T>(List<T> items, String nextCursor) {

    public PageView {
        items = List.copyOf(items);
    }

    public static <S, T> PageView<T> of(Page<S> page, Function<S, T> view) {
        return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor());
    }
}
