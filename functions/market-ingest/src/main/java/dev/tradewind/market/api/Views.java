package dev.tradewind.market.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.market.domain.AssetSnapshot;
import dev.tradewind.market.domain.IndicatorSeries;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the market-data routes (docs/api.md#routes). Prices are exact decimals, times ISO-8601 UTC. */
public final class Views {

    private Views() {
    }

    public record Asset(String symbol, String name, @JsonProperty("class") AssetClass assetClass, String exchange,
                        String quoteCurrency, Interval interval) {

        public static Asset of(Instrument i) {
            return new Asset(i.symbol(), i.name(), i.assetClass(), i.exchange(), i.quoteCurrency(), i.interval());
        }
    }

    public record Bar(Instant openTime, Instant closeTime, BigDecimal open, BigDecimal high, BigDecimal low,
                      BigDecimal close, BigDecimal volume) {

        static Bar of(Candle c, MarketCalendar calendar) {
            return new Bar(c.openTime(), calendar.closeTime(c.interval(), c.openTime()), c.open(), c.high(), c.low(),
                    c.close(), c.volume());
        }
    }

    /** Change of the latest close against the close {@code period} earlier (24 h for hourly bars, the previous session for daily). */
    public record Change(String period, Instant referenceOpenTime, BigDecimal referenceClose, BigDecimal absolute,
                         BigDecimal percent) {

        static Change of(dev.tradewind.market.domain.Change c) {
            return c == null ? null
                    : new Change(c.period(), c.referenceOpenTime(), c.referenceClose(), c.absolute(), c.percent());
        }
    }

    public record AssetDetail(String symbol, String name, @JsonProperty("class") AssetClass assetClass, String exchange,
                              String quoteCurrency, Interval interval, BigDecimal price, Bar latestCandle,
                              Instant latestCandleTime, Change change, boolean stale, Instant staleAfter, Instant asOf) {

        public static AssetDetail of(AssetSnapshot s) {
            Instrument i = s.instrument();
            Candle latest = s.latest();
            return new AssetDetail(i.symbol(), i.name(), i.assetClass(), i.exchange(), i.quoteCurrency(), i.interval(),
                    latest == null ? null : latest.close(), latest == null ? null : Bar.of(latest, i.calendar()),
                    latest == null ? null : latest.openTime(), Change.of(s.change()), s.stale(), s.staleAfter(),
                    s.asOf());
        }
    }

    public record CandlePage(String symbol, Interval interval, String order, List<Bar> candles, String nextCursor) {

        public static CandlePage of(Instrument instrument, boolean newestFirst, Page<Candle> page) {
            MarketCalendar calendar = instrument.calendar();
            return new CandlePage(instrument.symbol(), instrument.interval(), newestFirst ? "newest" : "oldest",
                    page.items().stream().map(c -> Bar.of(c, calendar)).toList(), page.nextCursor());
        }
    }

    public record Quote(String symbol, Interval interval, BigDecimal price, BigDecimal changePercent,
                        Instant latestCandleTime, boolean stale, String lastFailure) {

        static Quote of(dev.tradewind.market.domain.MarketSummary.Quote q) {
            return new Quote(q.symbol(), q.interval(), q.price(), q.changePercent(), q.latestCandleTime(), q.stale(),
                    q.lastFailure());
        }
    }

    public record ClassSummary(@JsonProperty("class") AssetClass assetClass, int instruments, int stale, int failing,
                               List<Quote> prices, boolean pricesTruncated, List<Quote> topGainers,
                               List<Quote> topLosers) {

        static ClassSummary of(dev.tradewind.market.domain.MarketSummary.ClassSummary c) {
            return new ClassSummary(c.assetClass(), c.instruments(), c.stale(), c.failing(),
                    c.prices().stream().map(Quote::of).toList(), c.pricesTruncated(),
                    c.topGainers().stream().map(Quote::of).toList(), c.topLosers().stream().map(Quote::of).toList());
        }
    }

    public record MarketSummary(Instant asOf, List<ClassSummary> classes) {

        public static MarketSummary of(dev.tradewind.market.domain.MarketSummary s) {
            return new MarketSummary(s.asOf(), s.classes().stream().map(ClassSummary::of).toList());
        }
    }

    /**
     * The indicators of a series' closed bars, oldest first: each point is its bar's times and close and one field
     * per indicator (an object for MACD and Bollinger), null where the indicator is not yet defined. Points are JSON
     * trees so that those nulls are written (the mapper leaves null properties out elsewhere).
     */
    public record IndicatorPage(String symbol, Interval interval, Map<String, Map<String, Number>> parameters,
                                int windowBars, boolean truncated, List<ObjectNode> points) {

        public static IndicatorPage of(Instrument instrument, IndicatorSeries series) {
            MarketCalendar calendar = instrument.calendar();
            Map<String, Map<String, Number>> parameters = new LinkedHashMap<>();
            series.parameters().forEach((name, values) -> parameters.put(name.code(), new TreeMap<>(values)));
            List<ObjectNode> points = series.points().stream().map(p -> {
                ObjectNode point = JsonNodeFactory.instance.objectNode();
                point.put("openTime", p.openTime().toString());
                point.put("closeTime", calendar.closeTime(instrument.interval(), p.openTime()).toString());
                point.put("close", p.close());
                p.values().forEach((name, value) -> point.set(name, tree(value)));
                return point;
            }).toList();
            return new IndicatorPage(instrument.symbol(), instrument.interval(), parameters, series.windowBars(),
                    series.truncated(), points);
        }

        private static JsonNode tree(Object value) {
            if (value instanceof Map<?, ?> fields) {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                fields.forEach((name, field) -> object.set((String) name, tree(field)));
                return object;
            }
            return value == null ? NullNode.instance : DoubleNode.valueOf((Double) value);
        }
    }
}
