package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Counts instances found in time order but builds the evidence (sentences, value maps) only for the most recent
 * {@link Finding#MAX_EVIDENCE}: a long history can hold thousands of instances, and a report shows 25.
 */
final class EvidenceTail {

    private final Deque<Supplier<Evidence>> kept = new ArrayDeque<>();
    private int count;

    void add(Supplier<Evidence> evidence) {
        count++;
        kept.addLast(evidence);
        if (kept.size() > Finding.MAX_EVIDENCE) {
            kept.removeFirst();
        }
    }

    int count() {
        return count;
    }

    List<Evidence> build() {
        List<Evidence> built = new ArrayList<>(kept.size());
        kept.forEach(s -> built.add(s.get()));
        return built;
    }
}
