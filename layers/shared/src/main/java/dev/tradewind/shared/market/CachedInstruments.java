package dev.tradewind.shared.market;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Instruments looked up by symbol, each found one kept in memory for {@value #TTL_SECONDS} seconds: what a request
 * needs of an instrument (asset class, interval, currency) changes rarely, and every market-data, forecast and order
 * request starts with this lookup. Symbols not found are not kept, so a newly listed instrument is served at once.
 */
public final class CachedInstruments {

    public static final long TTL_SECONDS = 300;
    private static final int MAX_KEPT = 20_000;

    private final InstrumentRepository repository;
    private final LongSupplier nanoTime;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(Instrument instrument, long loadedAt) {
    }

    public CachedInstruments(InstrumentRepository repository) {
        this(repository, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock the age is measured on (a duration, never market time) */
    public CachedInstruments(InstrumentRepository repository, LongSupplier nanoTime) {
        this.repository = repository;
        this.nanoTime = nanoTime;
    }

    public Optional<Instrument> find(String symbol) {
        long now = nanoTime.getAsLong();
        Kept known = kept.get(symbol);
        long age = known == null ? -1 : now - known.loadedAt();
        // A negative age is an entry from before a SnapStart restore, on another host's monotonic clock: read again.
        if (age >= 0 && age < TimeUnit.SECONDS.toNanos(TTL_SECONDS)) {
            return Optional.of(known.instrument());
        }
        Optional<Instrument> found = repository.find(symbol);
        if (found.isPresent()) {
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.put(symbol, new Kept(found.get(), now));
        } else {
            kept.remove(symbol);
        }
        return found;
    }

    /** Forgets every instrument kept, so each is read again (after a SnapStart restore). */
    public void forget() {
        kept.clear();
    }
}
