package dev.tradewind.predict.service;

import dev.tradewind.predict.domain.Forecast;
import dev.tradewind.predict.domain.Signals;
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
 * {@code ForecastsComputed.v1} (docs/realtime.md#events), once for every forecast, by whichever request or event
 * stored it first: each forecast as {@code GET /v1/assets/{symbol}/forecast} answers it and its signal as an item of
 * {@code GET /v1/signals}, with {@code rank} 0: a forecast on its own has no place in a ranking. One event per
 * interval, forecasts in symbol order, at most {@value #MAX_FORECASTS} an event.
 */
public final class ForecastEvents {

    public static final String SOURCE = "tradewind.predict";
    public static final String FORECASTS_COMPUTED = "ForecastsComputed.v1";
    /** A forecast and its signal are about 2 KB: 50 keep an event near 100 KB, below EventBridge's 256 KB. */
    static final int MAX_FORECASTS = 50;

    public record ForecastsComputed(Interval interval, List<Computed> forecasts) {
    }

    public record Computed(String symbol, AssetClass assetClass, Forecast forecast, Signals.Entry signal) {
    }

    private final EventPublisher publisher;

    ForecastEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Publishes the forecasts this call stored; nothing when it stored none. Never throws. */
    void stored(List<Forecast> forecasts) {
        if (!forecasts.isEmpty()) {
            publisher.afterCommit(() -> events(forecasts));
        }
    }

    static List<DomainEvent> events(List<Forecast> forecasts) {
        Map<Interval, List<Computed>> byInterval = new TreeMap<>();
        forecasts.stream().sorted(Comparator.comparing(Forecast::symbol)).forEach(f -> byInterval
                .computeIfAbsent(f.interval(), interval -> new ArrayList<>())
                .add(new Computed(f.symbol(), f.assetClass(), f, Signals.Entry.of(f))));
        List<DomainEvent> events = new ArrayList<>();
        byInterval.forEach((interval, computed) -> {
            for (int from = 0; from < computed.size(); from += MAX_FORECASTS) {
                events.add(new DomainEvent(SOURCE, FORECASTS_COMPUTED, new ForecastsComputed(interval,
                        List.copyOf(computed.subList(from, Math.min(computed.size(), from + MAX_FORECASTS))))));
            }
        });
        return events;
    }
}
