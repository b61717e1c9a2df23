package dev.tradewind.market.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.market.domain.ingest.ClosedSeries;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CandleEventViewsTest {

    private static final Instant OPEN = Instant.parse("2022-01-04T14:00:00Z");

    private static ClosedSeries series(String symbol, Interval interval) {
        Instrument instrument = new Instrument(symbol, symbol, AssetClass.CRYPTO, "BINANCE", "USDT", interval);
        BigDecimal price = new BigDecimal("100.5");
        return new ClosedSeries(instrument, 3, new Candle(symbol, interval, OPEN, price, price, price, price,
                BigDecimal.TEN));
    }

    private static JsonNode detail(DomainEvent event) {
        return Json.mapper().valueToTree(event.detail());
    }

    @Test
    void events_twoHundredFiftySeries_areSplitOverThreeEventsOfAtMostAHundred_inSymbolOrder() {
        List<ClosedSeries> closed = new ArrayList<>(IntStream.range(0, 250)
                .mapToObj(i -> series(String.format("S%03dUSDT", 249 - i), Interval.H1)).toList());

        List<DomainEvent> events = CandleEventViews.events(closed);

        assertEquals(List.of(100, 100, 50), events.stream().map(e -> detail(e).get("series").size()).toList());
        assertEquals("S000USDT", detail(events.get(0)).at("/series/0/symbol").asText());
        assertEquals("S100USDT", detail(events.get(1)).at("/series/0/symbol").asText());
        assertEquals("S249USDT", detail(events.get(2)).at("/series/49/symbol").asText());
    }

    @Test
    void events_ofTwoIntervals_areOneEventPerInterval() {
        List<DomainEvent> events = CandleEventViews.events(List.of(series("BTCUSDT", Interval.H1),
                series("AAPL", Interval.D1)));

        assertEquals(List.of("1h", "1d"), events.stream().map(e -> detail(e).get("interval").asText()).toList());
    }

    @Test
    void events_serialiseTheCandleAsTheCandlesRouteDoes() {
        DomainEvent event = CandleEventViews.events(List.of(series("BTCUSDT", Interval.H1))).getFirst();

        assertEquals("{\"interval\":\"1h\",\"series\":[{\"symbol\":\"BTCUSDT\",\"assetClass\":\"crypto\","
                + "\"candlesWritten\":3,\"candle\":{\"openTime\":\"2022-01-04T14:00:00Z\","
                + "\"closeTime\":\"2022-01-04T15:00:00Z\",\"open\":100.5,\"high\":100.5,\"low\":100.5,"
                + "\"close\":100.5,\"volume\":10}}]}", Json.write(event.detail()));
    }
}
