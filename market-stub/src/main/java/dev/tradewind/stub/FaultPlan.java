package dev.tradewind.stub;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The faults waiting to be injected, checked in the order they were added; the first match with uses left wins. */
public final class FaultPlan {

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    public FaultPlan add(Fault fault) {
        faults.add(fault);
        return this;
    }

    public void clear() {
        faults.clear();
    }

    public List<Fault> active() {
        return faults.stream().filter(f -> f.remaining() != 0).toList();
    }

    Optional<Fault> take(Fault.Endpoint endpoint, String symbol) {
        for (Fault fault : faults) {
            if (fault.matches(endpoint, symbol) && fault.consume()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
