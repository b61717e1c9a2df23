package dev.tradewind.market.domain.provider;

import java.time.Instant;
import java.util.List;

/**
 * One answer of a venue: bars oldest first as published, where the next page starts ({@code null} once the
 * requested range is exhausted), and how many placeholder bars (Yahoo's all-null rows) were dropped.
 */
public record BarPage(List<RawBar> bars, Instant next, int placeholders) {

    public BarPage {
        bars = List.copyOf(bars);
    }

    public static BarPage of(List<RawBar> bars, Instant next) {
        return new BarPage(bars, next, 0);
    }
}
