package dev.tradewind.market.api;

import dev.tradewind.market.domain.ingest.ClosedSeries;
import dev.tradewind.market.service.CandleEvents;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code CandlesClosed.v1} (docs/realtime.md#events): one event per run and interval, its series in symbol order and
 * split over events of at most {@value #MAX_SERIES}, each with the newest candle written exactly as an item of
 * {@code GET /v1/assets/{symbol}/candles}.
 */
public final class CandleEventViews implements CandleEvents {

    public static final String SOURCE = "tradewind.market-ingest";
    public static final String CANDLES_CLOSED = "CandlesClosed.v1";
    /** About 300 bytes a series: 100 keep an event near 30 KB, far below EventBridge's 256 KB. */
    static final int MAX_SERIES = 100;

    public record CandlesClosed(Interval interval, List<Series> series) {
    }

    public record Series(String symbol, AssetClass assetClass, int candlesWritten, Views.Bar candle) {
    }

    private final EventPublisher publisher;

    public CandleEventViews(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void closed(List<ClosedSeries> series) {
        publisher.afterCommit(() -> events(series));
    }

    static List<DomainEvent> events(List<ClosedSeries> closed) {
        Map<Interval, List<Series>> byInterval = new TreeMap<>();
        closed.stream().sorted(Comparator.comparing(s -> s.instrument().symbol())).forEach(s -> byInterval
                .computeIfAbsent(s.instrument().interval(), interval -> new ArrayList<>())
                .add(new Series(s.instrument().symbol(), s.instrument().assetClass(), s.candlesWritten(),
                        Views.Bar.of(s.newest(), s.instrument().calendar()))));
        List<DomainEvent> events = new ArrayList<>();
        byInterval.forEach((interval, series) -> {
            for (int from = 0; from < series.size(); from += MAX_SERIES) {
                events.add(new DomainEvent(SOURCE, CANDLES_CLOSED, new CandlesClosed(interval,
                        List.copyOf(series.subList(from, Math.min(series.size(), from + MAX_SERIES))))));
            }
        });
        return events;
    }
}
