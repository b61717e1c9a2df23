package dev.tradewind.market.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Latest prices, top movers and stale counts per asset class. */
public record MarketSummary(Instant asOf, List<ClassSummary> classes) {

    /** The latest price of one series and its change in percent ({@code null} without a reference bar). */
    public record Quote(String symbol, Interval interval, BigDecimal price, BigDecimal changePercent,
                        Instant latestCandleTime, boolean stale, String lastFailure) {
    }

    public record ClassSummary(AssetClass assetClass, int instruments, int stale, int failing, List<Quote> prices,
                               boolean pricesTruncated, List<Quote> topGainers, List<Quote> topLosers) {

        /** Quotes by symbol, the first {@code maxPrices} of them, and the {@code movers} biggest gains and losses. */
        public static ClassSummary of(AssetClass assetClass, List<Quote> quotes, int maxPrices, int movers) {
            List<Quote> bySymbol = quotes.stream().sorted(Comparator.comparing(Quote::symbol)).toList();
            List<Quote> moving = bySymbol.stream().filter(q -> q.changePercent() != null).toList();
            return new ClassSummary(assetClass, bySymbol.size(), (int) bySymbol.stream().filter(Quote::stale).count(),
                    (int) bySymbol.stream().filter(q -> q.lastFailure() != null).count(),
                    bySymbol.subList(0, Math.min(maxPrices, bySymbol.size())), bySymbol.size() > maxPrices,
                    moving.stream().filter(q -> q.changePercent().signum() > 0)
                            .sorted(Comparator.comparing(Quote::changePercent).reversed()).limit(movers).toList(),
                    moving.stream().filter(q -> q.changePercent().signum() < 0)
                            .sorted(Comparator.comparing(Quote::changePercent)).limit(movers).toList());
        }
    }
}
