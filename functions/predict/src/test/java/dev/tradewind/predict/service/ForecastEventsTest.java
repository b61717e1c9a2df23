package dev.tradewind.predict.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.predict.domain.Forecast;
import dev.tradewind.predict.domain.Signal;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ForecastEventsTest {

    private static final Instant AS_OF = Instant.parse("2022-01-04T14:00:00Z");

    private static Forecast forecast(String symbol, Interval interval) {
        return new Forecast(symbol, AssetClass.CRYPTO, interval, AS_OF, AS_OF.plus(interval.duration()),
                new BigDecimal("100.5"), 0.55f, Signal.HOLD, 0.1, false, false,
                new Forecast.Horizon(4, interval, AS_OF.plus(interval.duration().multipliedBy(5))),
                new Forecast.ModelRef("m-1", "crypto-1h", false), Map.of("rsi_14", 50f), false,
                AS_OF.plusSeconds(3600 + 30), null, null, null);
    }

    private static JsonNode detail(DomainEvent event) {
        return Json.mapper().valueToTree(event.detail());
    }

    @Test
    void events_splitEachIntervalIntoEventsOfAtMostFifty_inSymbolOrder() {
        List<Forecast> forecasts = new ArrayList<>(IntStream.range(0, 120)
                .mapToObj(i -> forecast(String.format("S%03dUSDT", 119 - i), Interval.H1)).toList());
        forecasts.add(forecast("AAPL", Interval.D1));

        List<DomainEvent> events = ForecastEvents.events(forecasts);

        assertEquals(List.of("1h", "1h", "1h", "1d"), events.stream().map(e -> detail(e).get("interval").asText())
                .toList());
        assertEquals(List.of(50, 50, 20, 1), events.stream().map(e -> detail(e).get("forecasts").size()).toList());
        assertEquals("S000USDT", detail(events.getFirst()).at("/forecasts/0/symbol").asText());
        assertEquals("S119USDT", detail(events.get(2)).at("/forecasts/19/symbol").asText());
        events.forEach(e -> {
            assertEquals("tradewind.predict", e.source());
            assertEquals("ForecastsComputed.v1", e.detailType());
        });
    }

    @Test
    void events_carryTheForecastAsServed_andItsSignalWithRankZero() {
        Forecast forecast = forecast("BTCUSDT", Interval.H1);

        JsonNode computed = detail(ForecastEvents.events(List.of(forecast)).getFirst()).at("/forecasts/0");

        assertEquals(Json.mapper().valueToTree(forecast), computed.get("forecast"));
        assertEquals("crypto", computed.get("assetClass").asText());
        assertEquals(0, computed.at("/signal/rank").asInt(), "unranked");
        assertEquals("HOLD", computed.at("/signal/signal").asText());
        assertEquals(AS_OF.toString(), computed.at("/signal/asOf").asText());
    }

    @Test
    void stored_none_publishesNothing() {
        List<DomainEvent> published = new ArrayList<>();
        new ForecastEvents(published::addAll).stored(List.of());
        assertEquals(List.of(), published);
    }
}
