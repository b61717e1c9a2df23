package dev.tradewind.trading.store;

import dev.tradewind.shared.market.CachedInstruments;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The market data trading reads: instruments ({@link CachedInstruments}) and closed candles, judged closed by each
 * instrument's trading calendar.
 */
public final class MarketData {

    private final CachedInstruments instruments;
    private final CandleRepository candles;

    public MarketData(InstrumentRepository instruments, CandleRepository candles) {
        this.instruments = new CachedInstruments(instruments);
        this.candles = candles;
    }

    /** Forgets the instruments kept in memory, so each is read again (after a SnapStart restore). */
    public void forgetCached() {
        instruments.forget();
    }

    public Optional<Instrument> instrument(String symbol) {
        return instruments.find(symbol);
    }

    /** The newest candle closed by {@code now}. */
    public Optional<Candle> latestClosed(Instrument instrument, Instant now) {
        return candles.latestClosed(instrument.symbol(), instrument.interval(), instrument.calendar(), now);
    }

    public boolean isStale(Instrument instrument, Candle latest, Instant now) {
        return instrument.calendar().isStale(instrument.interval(), latest.openTime(), now);
    }

    public Instant closeTime(Instrument instrument, Candle candle) {
        return instrument.calendar().closeTime(candle.interval(), candle.openTime());
    }

    /**
     * The open time of the newest bar the calendar has closed by {@code now}: {@code latest} (the newest stored one),
     * or a later bar that has closed but is not stored yet, as in the minutes before ingestion stores it.
     */
    public Instant newestClosedOpen(Instrument instrument, Candle latest, Instant now) {
        var calendar = instrument.calendar();
        Instant open = latest.openTime();
        Instant next = calendar.nextOpenTime(instrument.interval(), open);
        while (!calendar.closeTime(instrument.interval(), next).isAfter(now)) {
            open = next;
            next = calendar.nextOpenTime(instrument.interval(), open);
        }
        return open;
    }

    /**
     * Candles that opened after {@code afterOpen} and closed by {@code now}, oldest first. Asks DynamoDB only when
     * the calendar says a candle after {@code afterOpen} can have closed by now: most reads of a session happen
     * between two candle closes and need no query at all.
     */
    public List<Candle> closedAfter(Instrument instrument, Instant afterOpen, Instant now) {
        Instant from = afterOpen.plusSeconds(1);
        var calendar = instrument.calendar();
        Instant nextClose = calendar.closeTime(instrument.interval(),
                calendar.nextOpenTime(instrument.interval(), afterOpen));
        if (from.isAfter(now) || nextClose.isAfter(now)) {
            return List.of();
        }
        return candles.between(instrument.symbol(), instrument.interval(), from, now).stream()
                .filter(c -> c.openTime().isAfter(afterOpen) && instrument.calendar().isClosed(c, now))
                .toList();
    }

    /** Up to {@code count} of the newest candles, oldest first, without the one still forming at {@code now}. */
    public List<Candle> closedWindow(Instrument instrument, Instant now, int count) {
        return closedWindow(instrument, now, now, count);
    }

    /** Up to {@code count} candles opened at or before {@code openedAtOrBefore} and closed by {@code now}. */
    public List<Candle> closedWindow(Instrument instrument, Instant openedAtOrBefore, Instant now, int count) {
        return candles.window(instrument.symbol(), instrument.interval(), openedAtOrBefore, count).stream()
                .filter(c -> instrument.calendar().isClosed(c, now)).toList();
    }

    /**
     * The bars opened in [{@code from}, {@code to}] that closed by both {@code to} and {@code now}, oldest first, at
     * most {@code limit} of them (one more than a caller allows tells it the range is too long).
     */
    public List<Candle> closedBetween(Instrument instrument, Instant from, Instant to, Instant now, int limit) {
        Instant until = to.isBefore(now) ? to : now;
        List<Candle> out = new ArrayList<>();
        String cursor = null;
        do {
            CandleRepository.CandlePage page = candles.page(instrument.symbol(), instrument.interval(), from, until,
                    1000, cursor, false);
            for (Candle candle : page.candles()) {
                if (instrument.calendar().isClosed(candle, until) && out.size() < limit) {
                    out.add(candle);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null && out.size() < limit);
        return out;
    }
}
