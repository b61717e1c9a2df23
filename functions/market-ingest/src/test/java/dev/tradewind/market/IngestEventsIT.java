package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.service.MarketDataConfig;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.stub.Fault;
import dev.tradewind.stub.Fault.Endpoint;
import dev.tradewind.stub.MarketStubServer;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CandlesClosed after a run's candle writes (docs/realtime.md#events), against the stub venue and DynamoDB Local. */
class IngestEventsIT {

    private static MarketStubServer stub;
    private IngestFixture fixture;

    @BeforeAll
    static void startStub() {
        stub = IngestFixture.startStub();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        fixture = IngestFixture.fresh(stub);
    }

    /**
     * The newest candle of {@code symbol} as GET /v1/assets/{symbol}/candles answers it at {@code now}; compared as
     * text, since the test's reader and the functions' mapper read numbers into different node types.
     */
    private static JsonNode newestFromTheRoute(String symbol, Instant now) {
        Environment env = new Environment(LocalDynamoDb.environment("MarketDataFunction"),
                Clock.fixed(now, ZoneOffset.UTC));
        MarketDataHandler handler = new MarketDataHandler(MarketServices.createMarketData(MarketDataConfig.from(env),
                DynamoDbClients.enhanced(DynamoDbClients.create(env)), env.clock()), env.clock());
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("market-ingest/list-candles.json")
                .pathParameter("symbol", symbol).query("limit", "1").bytes());
        assertEquals(200, result.status(), result.toString());
        return result.body().get("candles").get(0);
    }

    /** The detail as the bus carries it: the JSON text, read back. */
    private static JsonNode detail(DomainEvent event) {
        try {
            return Json.mapper().readTree(Json.write(event.detail()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void run_publishesOneCandlesClosed_withEachSeriesNewestCandleExactlyAsTheCandlesRouteServesIt() {
        IngestSummary summary = fixture.run(fixture.handler(IngestStubIT.NOW), IngestStubIT.CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(1, fixture.events.size(), fixture.events.toString());
        DomainEvent event = fixture.events.getFirst();
        assertEquals("tradewind.market-ingest", event.source());
        assertEquals("CandlesClosed.v1", event.detailType());
        JsonNode detail = detail(event);
        assertEquals("1h", detail.get("interval").asText());
        assertEquals(List.of("interval", "series"), fieldNames(detail));
        assertEquals(IngestStubIT.CRYPTO, detail.get("series").findValuesAsText("symbol"));
        for (JsonNode series : detail.get("series")) {
            assertEquals(List.of("symbol", "assetClass", "candlesWritten", "candle"), fieldNames(series));
            assertEquals("crypto", series.get("assetClass").asText());
            assertEquals(239, series.get("candlesWritten").asInt());
            assertEquals(newestFromTheRoute(series.get("symbol").asText(), IngestStubIT.NOW).toString(),
                    series.get("candle").toString());
            assertEquals("2022-01-02T23:00:00Z", series.at("/candle/openTime").asText(), "the last closed bar");
        }
    }

    @Test
    void runThatWritesNothing_publishesNothing() {
        fixture.run(fixture.handler(IngestStubIT.NOW), IngestStubIT.CRYPTO_10D);
        fixture.events.clear();

        IngestSummary again = fixture.run(fixture.handler(IngestStubIT.NOW), IngestStubIT.CRYPTO_10D);

        assertEquals(0, again.candlesWritten());
        assertEquals(List.of(), fixture.events);
    }

    @Test
    void nextHour_publishesOnlyTheSeriesThatStoredCandles_withWhatTheyStored() {
        fixture.run(fixture.handler(IngestStubIT.NOW), IngestStubIT.CRYPTO_10D);
        fixture.events.clear();
        Instant later = IngestStubIT.NOW.plus(Duration.ofHours(2));
        fixture.set("PROVIDER_MAX_ATTEMPTS", "1");
        stub.faults().add(Fault.status(Endpoint.KLINES, "ETHUSDT", 500).times(-1));

        IngestSummary summary = fixture.run(fixture.handler(later), IngestStubIT.CRYPTO_10D);

        assertEquals(1, summary.failed(), summary.toString());
        assertEquals(1, fixture.events.size());
        JsonNode series = detail(fixture.events.getFirst()).get("series");
        assertEquals(List.of("BNBUSDT", "BTCUSDT"), series.findValuesAsText("symbol"));
        for (JsonNode one : series) {
            assertEquals(2, one.get("candlesWritten").asInt());
            assertEquals("2022-01-03T01:00:00Z", one.at("/candle/openTime").asText());
            assertEquals(newestFromTheRoute(one.get("symbol").asText(), later).toString(), one.get("candle").toString());
        }
    }

    @Test
    void aFailingPublisher_failsNothing_theRunCompletesAndItsCandlesAreStored() throws Exception {
        IngestHandler handler = new IngestHandler(IngestFixture.environment(Map.of(
                "BINANCE_BASE_URL", stub.baseUri().toString(), "INGEST_PAGE_LIMIT", "100"), IngestStubIT.NOW),
                fixture.ticker, fixture.reports::add, events -> {
                    throw new IllegalStateException("the bus is gone");
                });

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(IngestStubIT.CRYPTO_10D.getBytes(StandardCharsets.UTF_8)), out,
                new TestContext("MarketIngestFunction", 120_000));

        assertEquals("completed", Json.mapper().readTree(out.toByteArray()).get("status").asText());
        assertEquals(239, IngestFixture.stored("BTCUSDT", Interval.H1).size());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
