package dev.tradewind.trading.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.trading.service.ModelForecasts;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LambdaModelForecastsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void aSeries_isReadByBarOpenTime_nullsLeftOut() throws Exception {
        ModelForecasts.Series series = LambdaModelForecasts.parse(json("""
                {"symbol":"BTCUSDT","interval":"1h","model":{"version":"crypto-1h-abc","family":"crypto-1h",
                 "trainedThrough":"2022-01-03T00:00:00Z","horizonBars":4,"lowConfidence":false},
                 "thresholds":{"buyAt":0.55,"sellAt":0.45,"lowConfidenceCeiling":0.05},
                 "openTimes":["2022-01-03T00:00:00Z","2022-01-03T01:00:00Z"],
                 "closeTimes":["2022-01-03T01:00:00Z","2022-01-03T02:00:00Z"],
                 "probabilityUp":[null,0.61],"volatility":[0.5,null],
                 "rangeLow":{"80":[null,45000.5],"95":[null,44000]}}"""));
        assertEquals("crypto-1h-abc", series.model().version());
        assertEquals(Instant.parse("2022-01-03T00:00:00Z"), series.model().trainedThrough());
        assertEquals(0.55, series.buyAt());
        assertEquals(Map.of(Instant.parse("2022-01-03T01:00:00Z"), 0.61), series.probabilityUp());
        assertEquals(Map.of(Instant.parse("2022-01-03T00:00:00Z"), 0.5), series.volatility());
        assertEquals(Map.of(Instant.parse("2022-01-03T01:00:00Z"), 45000.5), series.rangeLow().get("80"));
    }

    @Test
    void aRefusal_becomesTheSameErrorHere_andAnythingElseIsUnavailable() {
        DomainException noModel = assertThrows(DomainException.class, () -> LambdaModelForecasts.parse(json(
                "{\"error\":{\"code\":\"NO_MODEL\",\"message\":\"No model forecasts 1d crypto\"}}")));
        assertEquals("NO_MODEL", noModel.code());
        assertEquals("No model forecasts 1d crypto", noModel.getMessage());
        assertEquals("MODEL_UNAVAILABLE", assertThrows(UnavailableException.class, () -> LambdaModelForecasts
                .parse(json("{\"error\":{\"code\":\"MODEL_UNAVAILABLE\",\"message\":\"broken\"}}"))).code());
        // An HTTP answer (the event was not recognised as a direct invocation) is not a series.
        assertEquals("FORECASTS_UNAVAILABLE", assertThrows(UnavailableException.class, () -> LambdaModelForecasts
                .parse(json("{\"statusCode\":404,\"body\":\"{}\"}"))).code());
    }

    @Test
    void withALocalDynamoDbButNoLocalLambda_noClientIsEverBuilt() {
        Environment tests = new Environment(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"), Clock.systemUTC());
        assertTrue(LambdaClients.lazy(tests).isEmpty());
        assertSame(ModelForecasts.NONE, LambdaModelForecasts.from(Optional.of("PredictFunction"),
                LambdaClients.lazy(tests)));
        assertSame(ModelForecasts.NONE, LambdaModelForecasts.from(Optional.empty(), LambdaClients.lazy(tests)));
        Environment local = new Environment(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000", "LAMBDA_ENDPOINT",
                "http://127.0.0.1:3000"), Clock.systemUTC());
        assertTrue(LambdaClients.lazy(local).isPresent());
        assertFalse(LambdaModelForecasts.from(Optional.of("PredictFunction"), LambdaClients.lazy(local))
                == ModelForecasts.NONE);
    }
}
