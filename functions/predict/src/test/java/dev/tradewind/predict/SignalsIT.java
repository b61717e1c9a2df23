package dev.tradewind.predict;

import static dev.tradewind.predict.PredictFixture.indexAt;
import static dev.tradewind.predict.PredictFixture.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signals route over the catalog: every instrument forecast at its own interval, then ranked. */
class SignalsIT {

    private static final Instant NOW = Instant.parse("2022-01-05T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private PredictHandler handler;

    @BeforeEach
    void seedTheUniverse() {
        LocalDynamoDb.truncateAll();
        handler = PredictFixture.handler(clock);
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "AAPL", "MSFT")) {
            int now = indexAt(symbol, NOW);
            seed(symbol, now - 105, now);
        }
        int amzn = indexAt("AMZN", NOW);
        seed("AMZN", amzn - 20, amzn);
    }

    private HttpResult signals(String... query) {
        HttpEvent event = HttpEvent.load("predict/signals.json");
        for (int i = 0; i < query.length; i += 2) {
            event.query(query[i], query[i + 1]);
        }
        return HttpResult.invoke(handler, event.bytes());
    }

    @Test
    void signals_rankEveryInstrumentOfTheCatalog_lowConfidenceModelsLast_eachByConfidence() {
        HttpResult result = signals();

        assertEquals(200, result.status(), result.toString());
        JsonNode body = result.body();
        assertEquals(6, body.get("universe").asInt());
        assertEquals(5, body.get("ranked").asInt());
        List<String> symbols = new ArrayList<>();
        double previous = Double.MAX_VALUE;
        boolean lowConfidenceSeen = false;
        int rank = 1;
        for (JsonNode signal : body.get("signals")) {
            symbols.add(signal.get("symbol").asText());
            assertEquals(rank++, signal.get("rank").asInt());
            if (signal.get("lowConfidence").asBoolean() && !lowConfidenceSeen) {
                lowConfidenceSeen = true;
                previous = Double.MAX_VALUE;
            }
            assertEquals(lowConfidenceSeen, signal.get("lowConfidence").asBoolean(), body.toString());
            assertTrue(signal.get("confidence").asDouble() <= previous, body.toString());
            previous = signal.get("confidence").asDouble();
            if (signal.get("assetClass").asText().equals("stock")) {
                assertTrue(signal.get("confidence").asDouble() <= 0.05, "low-confidence model: " + signal);
                assertEquals("1d", signal.get("interval").asText());
            } else {
                assertEquals("1h", signal.get("interval").asText());
            }
        }
        assertEquals(List.of("AAPL", "BNBUSDT", "BTCUSDT", "ETHUSDT", "MSFT"), symbols.stream().sorted().toList());
        assertEquals("AMZN", body.path("excluded").get(0).get("symbol").asText());
        assertEquals("INSUFFICIENT_HISTORY", body.path("excluded").get(0).get("code").asText());
        assertEquals(0.55, body.path("thresholds").get("buyAt").asDouble());
    }

    @Test
    void signals_agreeWithTheForecastRoute_andReuseItsStoredPredictions() {
        JsonNode first = signals("class", "crypto").body();
        for (JsonNode signal : first.get("signals")) {
            assertTrue(!signal.get("cached").asBoolean());
            HttpResult forecast = HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json")
                    .pathParameter("symbol", signal.get("symbol").asText()).bytes());
            assertTrue(forecast.body().get("cached").asBoolean(), forecast.toString());
            assertEquals(signal.get("probabilityUp"), forecast.body().get("probabilityUp"));
            assertEquals(signal.get("signal"), forecast.body().get("signal"));
        }
        JsonNode second = signals("class", "crypto").body();
        second.get("signals").forEach(s -> assertTrue(s.get("cached").asBoolean()));
    }

    @Test
    void signals_filterByClassAndInterval_andHonourTheLimit() {
        JsonNode crypto = signals("class", "crypto").body();
        JsonNode daily = signals("interval", "1d").body();
        JsonNode top2 = signals("limit", "2").body();

        assertEquals(3, crypto.get("universe").asInt());
        crypto.get("signals").forEach(s -> assertEquals("crypto", s.get("assetClass").asText()));
        assertEquals(3, daily.get("universe").asInt());
        daily.get("signals").forEach(s -> assertEquals("1d", s.get("interval").asText()));
        assertEquals(2, top2.get("signals").size());
        assertEquals(5, top2.get("ranked").asInt());
    }

    @Test
    void signals_badParameters_are400() {
        assertEquals(400, signals("class", "forex").status());
        assertEquals(400, signals("interval", "1w").status());
        assertEquals(400, signals("limit", "0").status());
        assertEquals(400, signals("limit", "101").status());
    }

    @Test
    void signals_withoutTheAuthorizersCaller_is401() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("predict/signals.json").anonymous().bytes());
        assertEquals(401, result.status());
    }
}
