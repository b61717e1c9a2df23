package dev.tradewind.predict.store;

import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Predictions held in memory, with the DynamoDB store's semantics: SnapStart priming serves its dummy requests from
 * it, so priming writes nothing anywhere that outlives it.
 */
public final class InMemoryPredictionStore implements PredictionStore {

    private static final Comparator<PredictionKey> ORDER = Comparator.comparing(PredictionKey::symbol)
            .thenComparing(PredictionKey::interval).thenComparing(PredictionKey::asOf)
            .thenComparing(PredictionKey::modelVersion);

    private final ConcurrentSkipListMap<PredictionKey, Prediction> items = new ConcurrentSkipListMap<>(ORDER);

    @Override
    public Optional<Prediction> find(PredictionKey key) {
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public Prediction putIfAbsent(Prediction prediction) {
        Prediction existing = items.putIfAbsent(prediction.key(), prediction);
        return existing == null ? prediction : existing;
    }

    @Override
    public List<Prediction> series(String symbol, Interval interval, Instant from, Instant to, boolean withFeatures) {
        return items.values().stream()
                .filter(p -> p.symbol().equals(symbol) && p.interval() == interval)
                .filter(p -> !p.asOf().isBefore(from) && !p.asOf().isAfter(to))
                .toList();
    }

    @Override
    public List<Prediction> pendingDue(Interval interval, Instant now, int limit) {
        List<Prediction> due = new ArrayList<>();
        for (Prediction p : items.values()) {
            if (p.interval() == interval && p.isPending() && !p.nextCheckAt().isAfter(now)) {
                due.add(p);
            }
        }
        due.sort(Comparator.comparing(Prediction::nextCheckAt).thenComparing(Prediction::symbol));
        return List.copyOf(due.subList(0, Math.min(limit, due.size())));
    }

    @Override
    public boolean updatePending(Prediction before, Prediction updated) {
        Prediction current = items.get(updated.key());
        if (current == null || !current.isPending()) {
            return false;
        }
        boolean directionNew = updated.outcome() != null && (before == null || before.outcome() == null);
        if (directionNew && current.outcome() != null) {
            return false;
        }
        VolatilityPrediction now = current.volatility();
        VolatilityPrediction next = updated.volatility();
        VolatilityPrediction was = before == null ? null : before.volatility();
        if (next != null && now != null) {
            if (next.range() != null && (was == null || was.range() == null) && now.range() != null
                    || next.outcome() != null && (was == null || was.outcome() == null) && now.outcome() != null) {
                return false;
            }
        }
        return items.replace(updated.key(), current, updated);
    }

    public int size() {
        return items.size();
    }
}
