package dev.tradewind.market.domain.provider;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.List;

/**
 * A source of OHLCV bars: Binance, Yahoo Finance, or the bundled history replayed. Implementations return what the
 * source published (the ingest run validates it) and throw {@link ProviderException} once their retries are spent.
 */
public interface MarketDataProvider {

    /** Short name used in configuration and in the run summary ({@code binance}, {@code yahoo}, {@code replay}). */
    String name();

    /**
     * One page of bars of {@code instrument} opening in [{@code from}, {@code to}), oldest first, at most
     * {@code limit}. {@link BarPage#next()} says where to continue, or is null once the range is exhausted.
     */
    BarPage fetch(Instrument instrument, Instant from, Instant to, int limit, Instant now, Deadline deadline);

    /** The tradable instruments the source lists (Binance's exchangeInfo); unsupported by sources without a listing. */
    default List<Instrument> listInstruments(AssetClass assetClass, Interval interval, String quoteAsset,
                                             Deadline deadline) {
        throw ProviderException.fatal(ProviderException.Reason.UNSUPPORTED, name() + " has no instrument listing");
    }
}
