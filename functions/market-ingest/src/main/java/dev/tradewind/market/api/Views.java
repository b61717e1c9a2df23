package dev.tradewind.market.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the market-data routes (README, "Routes"). Prices are exact decimals, times ISO-8601 UTC. */
public final class Views {

    private Views() {
    }

    public record Asset(String symbol, String name, @JsonProperty("class") AssetClass assetClass, String exchange,
                        String quoteCurrency, Interval interval) {

        public static Asset of(Instrument i) {
            return new Asset(i.symbol(), i.name(), i.assetClass(), i.exchange(), i.quoteCurrency(), i.interval());
        }
    }

    public record AssetPage(List<Asset> items, String nextCursor) {
    }

    public record Bar(Instant openTime, Instant closeTime, BigDecimal open, BigDecimal high, BigDecimal low,
                      BigDecimal close, BigDecimal volume) {

        public static Bar of(Candle c, MarketCalendar calendar) {
            return new Bar(c.openTime(), calendar.closeTime(c.interval(), c.openTime()), c.open(), c.high(), c.low(),
                    c.close(), c.volume());
        }
    }

    /** Change of the latest close against the close {@code period} earlier (24 h for hourly bars, the previous session for daily). */
    public record Change(String period, Instant referenceOpenTime, BigDecimal referenceClose, BigDecimal absolute,
                         BigDecimal percent) {
    }

    public record AssetDetail(String symbol, String name, @JsonProperty("class") AssetClass assetClass, String exchange,
                              String quoteCurrency, Interval interval, BigDecimal price, Bar latestCandle,
                              Instant latestCandleTime, Change change, boolean stale, Instant staleAfter, Instant asOf) {
    }

    public record CandlePage(String symbol, Interval interval, String order, List<Bar> candles, String nextCursor) {
    }

    public record Quote(String symbol, Interval interval, BigDecimal price, BigDecimal changePercent,
                        Instant latestCandleTime, boolean stale, String lastFailure) {
    }

    public record ClassSummary(@JsonProperty("class") AssetClass assetClass, int instruments, int stale, int failing,
                               List<Quote> prices, boolean pricesTruncated, List<Quote> topGainers,
                               List<Quote> topLosers) {
    }

    public record MarketSummary(Instant asOf, List<ClassSummary> classes) {
    }
}
