package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.service.MarketDataService;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing and parameter validation; these answers come before any DynamoDB call (the client points nowhere). */
class MarketDataHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-01-03T10:00:00Z"), ZoneOffset.UTC);
    private static final MarketDataHandler HANDLER = new MarketDataHandler(new MarketDataService(
            DynamoDbClients.enhanced(DynamoDbClients.create(new Environment(Map.of(
                    "DYNAMODB_ENDPOINT", "http://127.0.0.1:9", "DYNAMODB_CALL_TIMEOUT", "PT0.2S"), CLOCK))),
            "MarketDataTable", CLOCK), CLOCK);

    private static HttpResult candles(String name, String value) {
        return HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/list-candles.json").user("u1")
                .query(name, value).bytes());
    }

    @Test
    void health_returns200NamingTheFunction() {
        HttpResult result = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/health.json").bytes());
        assertEquals(200, result.status());
        assertEquals("market-ingest", result.body().get("function").asText());
        assertEquals("2022-01-03T10:00:00Z", result.body().get("time").asText());
    }

    @Test
    void servesExactlyTheMarketRoutes() {
        assertEquals(Set.of("GET /v1/health/market", "GET /v1/assets", "GET /v1/assets/{symbol}",
                "GET /v1/assets/{symbol}/candles", "GET /v1/assets/{symbol}/indicators", "GET /v1/market/summary"),
                HANDLER.routeKeys());
    }

    @Test
    void everyRouteButHealth_withoutTheAuthorizersCaller_is401BeforeAnyRead() {
        for (String event : List.of("list-assets", "get-asset", "list-candles", "indicators", "market-summary")) {
            HttpResult result = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/" + event + ".json")
                    .anonymous().bytes());
            assertEquals(401, result.status(), event + ": " + result);
            assertEquals("UNAUTHORIZED", result.errorCode(), event);
        }
    }

    @Test
    void indicators_unknownNameOrPeriodOutOfRange_returns400NamingTheParameter() {
        HttpResult name = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/indicators.json").user("u1")
                .query("names", "rsi,stochastic").bytes());
        assertEquals(400, name.status());
        assertEquals("names must be a comma-separated list of sma,ema,rsi,macd,bollinger,atr",
                name.body().path("error").path("message").asText());
        HttpResult twice = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/indicators.json").user("u1")
                .query("names", "rsi,macd,rsi").bytes());
        assertEquals(400, twice.status());
        assertEquals("names must name each indicator once", twice.body().path("error").path("message").asText());
        HttpResult period = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/indicators.json").user("u1")
                .query("period", "1").bytes());
        assertEquals(400, period.status());
        assertEquals("period must be a whole number from 2 to 100", period.body().path("error").path("message").asText());
    }

    @Test
    void candles_badInterval_returns400NamingTheValidOnes() {
        HttpResult result = candles("interval", "5m");
        assertEquals(400, result.status());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertEquals("interval must be one of 1h, 1d", result.body().path("error").path("message").asText());
    }

    @Test
    void candles_invertedRange_returns400() {
        HttpResult result = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/list-candles.json").user("u1")
                .query("from", "2022-01-02T00:00:00Z").query("to", "2022-01-01").bytes());
        assertEquals(400, result.status());
        assertEquals("from must not be after to", result.body().path("error").path("message").asText());
    }

    /** Without "to" the range ends now: naming a "to" the caller did not send would send them looking for it. */
    @Test
    void candlesAndIndicators_fromInTheFutureWithoutTo_returns400SayingNotInTheFuture() {
        HttpResult candles = candles("from", "2022-01-04T00:00:00Z");
        HttpResult indicators = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/indicators.json").user("u1")
                .query("from", "2022-01-04").bytes());
        for (HttpResult result : new HttpResult[] {candles, indicators}) {
            assertEquals(400, result.status(), result.toString());
            assertEquals("VALIDATION_FAILED", result.errorCode(), result.toString());
            assertEquals("from", result.body().path("error").path("details").path(0).path("field").asText(),
                    result.toString());
            assertEquals("from must not be in the future", result.body().path("error").path("message").asText(),
                    result.toString());
        }
    }

    @Test
    void candlesAndIndicators_yearBeyond9999_returns400NamingTo() {
        HttpResult candles = candles("to", "+10000-01-01T00:00:00Z");
        HttpResult indicators = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/indicators.json").user("u1")
                .query("to", "+999999999-12-31T23:59:59Z").bytes());
        for (HttpResult result : new HttpResult[] {candles, indicators}) {
            assertEquals(400, result.status(), result.toString());
            assertEquals("to", result.body().path("error").path("details").path(0).path("field").asText(),
                    result.toString());
        }
    }

    @Test
    void candles_limitOutOfBounds_returns400() {
        assertEquals(400, candles("limit", "0").status());
        HttpResult tooMany = candles("limit", "1001");
        assertEquals(400, tooMany.status());
        assertEquals("limit must be a whole number from 1 to 1000", tooMany.body().path("error").path("message").asText());
        assertEquals(400, candles("limit", "ten").status());
    }

    @Test
    void candles_unparseableTimesAndOrder_return400WithEveryProblem() {
        HttpResult result = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/list-candles.json").user("u1")
                .query("from", "yesterday").query("order", "sideways").bytes());
        assertEquals(400, result.status());
        assertEquals(2, result.body().path("error").path("details").size(), result.toString());
    }

    @Test
    void badSymbolClassOrQuery_return400() {
        HttpResult symbol = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/get-asset.json").user("u1")
                .pathParameter("symbol", "BTC/USDT").bytes());
        assertEquals(400, symbol.status());
        HttpResult assetClass = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/market-summary.json").user("u1")
                .query("class", "bonds").bytes());
        assertEquals(400, assetClass.status());
        assertTrue(assetClass.body().path("error").path("message").asText().contains("crypto, stock"));
        HttpResult query = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/list-assets.json").user("u1")
                .query("query", "<script>").bytes());
        assertEquals(400, query.status());
        HttpResult limit = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/list-assets.json").user("u1")
                .query("limit", "101").bytes());
        assertEquals(400, limit.status());
    }

    @Test
    void assetRoutes_symbolIsTheSymbolRuleExactly_elseIs400NamingIt() {
        for (String event : new String[] {"market-ingest/get-asset.json", "market-ingest/list-candles.json"}) {
            for (String symbol : new String[] {"btcusdt", "BTCUSDT\u0000", " BTCUSDT", "BTC_USDT"}) {
                HttpResult result = HttpResult.invoke(HANDLER, HttpEvent.load(event).user("u1")
                        .pathParameter("symbol", symbol).bytes());
                assertEquals(400, result.status(), event + " " + symbol + " " + result);
                assertEquals("symbol", result.body().path("error").path("details").path(0).path("field").asText());
            }
        }
    }

    @Test
    void candles_queryValuesAreTakenAsSent() {
        assertEquals(400, candles("limit", " 5").status());
        assertEquals(400, candles("limit", "2.5").status());
        assertEquals(400, candles("order", "NEWEST").status());
        assertEquals(400, candles("interval", "1H").status());
        HttpResult nul = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/list-assets.json").user("u1")
                .query("cursor", "abc\u0000").bytes());
        assertEquals(400, nul.status());
        assertEquals("cursor must not contain control characters", nul.body().path("error").path("message").asText());
    }

    @Test
    void summary_assetClassIsMatchedExactly() {
        HttpResult result = HttpResult.invoke(HANDLER, HttpEvent.load("market-ingest/market-summary.json").user("u1")
                .query("class", "CRYPTO").bytes());
        assertEquals(400, result.status(), result.toString());
        assertEquals("class must be one of crypto, stock", result.body().path("error").path("message").asText());
    }
}
