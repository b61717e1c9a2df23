package dev.tradewind.market.store.provider;

import dev.tradewind.market.domain.provider.BarPage;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bundled real history (data/market) served as if it were live: only bars that have closed by the run's "now"
 * exist. With the local runtime's replay clock this makes a market-replay simulator that needs no internet; with a
 * wall clock past the bundle's end it simply has nothing new.
 */
public final class CsvReplayProvider implements MarketDataProvider {

    private final BundledHistory history;

    public CsvReplayProvider(BundledHistory history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public BarPage fetch(Instrument instrument, Instant from, Instant to, int limit, Instant now, Deadline deadline) {
        Optional<Instrument> bundled = history.instrument(instrument.symbol());
        if (bundled.isEmpty() || bundled.get().interval() != instrument.interval()) {
            throw ProviderException.fatal(ProviderException.Reason.UNKNOWN_SYMBOL, instrument.symbol() + " "
                    + instrument.interval().code() + " is not in the bundled history (" + history.directory() + ")");
        }
        MarketCalendar calendar = instrument.calendar();
        List<Candle> all = history.candles(instrument.symbol());
        int index = Candle.firstOpenedAtOrAfter(all, from);
        List<RawBar> bars = new ArrayList<>(Math.min(limit, 1024));
        while (index < all.size() && bars.size() < limit && servable(all.get(index), to, now, calendar)) {
            Candle c = all.get(index++);
            bars.add(new RawBar(c.openTime(), c.open(), c.high(), c.low(), c.close(), c.volume()));
        }
        Instant next = index < all.size() && servable(all.get(index), to, now, calendar) ? all.get(index).openTime() : null;
        return BarPage.of(bars, next);
    }

    @Override
    public List<Instrument> listInstruments(AssetClass assetClass, Interval interval, String quoteAsset, Deadline deadline) {
        return history.instruments().stream()
                .filter(i -> i.assetClass() == assetClass && i.interval() == interval)
                .filter(i -> quoteAsset == null || quoteAsset.equalsIgnoreCase(i.quoteCurrency()))
                .toList();
    }

    private static boolean servable(Candle candle, Instant to, Instant now, MarketCalendar calendar) {
        return candle.openTime().isBefore(to) && !calendar.closeTime(candle.interval(), candle.openTime()).isAfter(now);
    }
}
