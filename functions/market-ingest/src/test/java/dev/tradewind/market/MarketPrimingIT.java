package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.service.MarketDataConfig;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming of market-data and market-ingest reads what a request or a run reads, and writes nothing. */
class MarketPrimingIT {

    private final ReplayFixture replay = new ReplayFixture();

    @Test
    void prime_marketDataAndIngest_runTheirRoutesAndPlans_andLeaveTheTableUnchanged() {
        IngestHandler ingest = replay.handler(ReplayFixture.REPLAY_NOW);
        replay.run(ingest, "market-ingest/crypto-1h.json");
        Environment env = new Environment(LocalDynamoDb.environment("MarketDataFunction"),
                Clock.fixed(ReplayFixture.REPLAY_NOW, ZoneOffset.UTC));
        MarketDataHandler marketData = new MarketDataHandler(MarketServices.createMarketData(
                MarketDataConfig.from(env), DynamoDbClients.enhanced(DynamoDbClients.create(env)), env.clock()),
                env.clock());
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report served = MarketPriming.forMarketData(marketData, LocalDynamoDb.client(), env).prime();
        Priming.Report planned = MarketPriming.forIngest(ingest).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), served.failed(), served.toString());
        for (String route : List.of("health.json", "list-assets.json", "get-asset.json", "list-candles.json",
                "market-summary.json")) {
            assertEquals(200, served.outcome(route), route + ": " + served);
        }
        assertEquals(404, served.outcome("GetItem " + env.require("MARKET_TABLE")));
        assertEquals(List.of(), planned.failed(), planned.toString());
        for (String schedule : List.of("crypto-1h.json", "stocks-1d.json", "crypto-1h-backfill.json")) {
            assertTrue(planned.outcome(schedule) > 0, "buckets planned for " + schedule + ": " + planned);
        }
    }

    @Test
    void afterRestore_readsTheCatalogAgain_ratherThanWhatThePrimingKept() {
        replay.run(replay.handler(ReplayFixture.REPLAY_NOW), "market-ingest/crypto-1h.json");
        Environment env = new Environment(LocalDynamoDb.environment("MarketDataFunction"),
                Clock.fixed(ReplayFixture.REPLAY_NOW, ZoneOffset.UTC));
        MarketDataHandler marketData = new MarketDataHandler(MarketServices.createMarketData(
                MarketDataConfig.from(env), DynamoDbClients.enhanced(DynamoDbClients.create(env)), env.clock()),
                env.clock());
        Priming priming = MarketPriming.forMarketData(marketData, LocalDynamoDb.client(), env);
        priming.prime();
        // The snapshot may wait days before a restore; the catalog changes meanwhile.
        InstrumentRepository catalog = new InstrumentRepository(DynamoDbClients.enhanced(LocalDynamoDb.client()),
                env.require("MARKET_TABLE"));
        Instrument kept = catalog.find("BTCUSDT").orElseThrow();
        catalog.put(new Instrument(kept.symbol(), "Bitcoin (renamed)", kept.assetClass(), kept.exchange(),
                kept.quoteCurrency(), kept.interval()));

        priming.afterRestore(null);
        HttpResult asset = HttpResult.invoke(marketData, HttpEvent.load("market-ingest/get-asset.json")
                .user("01JGXQ5V8K3M2N4P6R8T0V2X4Z").bytes());

        assertEquals(200, asset.status(), asset.toString());
        assertEquals("Bitcoin (renamed)", asset.body().get("name").asText(), asset.toString());
    }
}
