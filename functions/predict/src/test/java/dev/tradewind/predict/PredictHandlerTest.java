package dev.tradewind.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PredictHandlerTest {

    @Test
    void health_returns200NamingTheFunction() {
        var handler = new PredictHandler(Clock.fixed(Instant.parse("2022-01-03T10:00:00Z"), ZoneOffset.UTC));
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("predict/health.json").bytes());
        assertEquals(200, result.status());
        assertEquals("predict", result.body().get("function").asText());
        assertEquals("2022-01-03T10:00:00Z", result.body().get("time").asText());
    }
}
