package dev.tradewind.market;

import dev.tradewind.market.domain.ingest.IngestRequest;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.market.service.IngestService;
import dev.tradewind.market.store.SeriesStateRepository;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.market.Instrument;
import java.util.TreeSet;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming of the market-data and market-ingest functions, through the shared {@link Priming}. */
final class MarketPriming {

    private MarketPriming() {
    }

    /**
     * market-data: every sample event of events/market-ingest that is an HTTP request, as it is (all of them only
     * read: the catalog, an instrument, a page of candles, the indicators, the summary), then a GetItem on the market
     * table, five times over: the indicators compute over hundreds of candles, code the JIT compiles only once it has
     * run many times (the first indicators request after a restore took 24–31 ms primed once, 14–15 ms primed five
     * times; medians of 5 JVMs, four runs of each, alternated; docs/benchmarks.md).
     */
    static Priming forMarketData(MarketDataHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("market-data").rounds(5);
        for (String event : new String[] {"health.json", "list-assets.json", "get-asset.json", "list-candles.json",
            "indicators.json", "market-summary.json"}) {
            priming.request(handler, event);
        }
        // The instruments the primed requests kept would be served for minutes after a restore, days later.
        return priming.tableReads(dynamo, env, "MARKET_TABLE").afterRestore(handler.service::forgetCached).build();
    }

    /**
     * market-ingest: a run fetches from the venues and writes candles, so none is started. Each sample schedule
     * input is decoded and planned as a run plans it (universe, shard and state bucket of every configured
     * instrument), and the ingestion state of the planned buckets is read with the BatchGetItem a run starts with
     * (read-only). The venue's HTTP client and response decoding are not primed: a scheduled run has no caller
     * waiting on its first request.
     */
    static Priming forIngest(IngestHandler handler) {
        Priming.Builder priming = Priming.builder("market-ingest");
        for (String event : new String[] {"crypto-1h.json", "stocks-1d.json", "crypto-1h-backfill.json"}) {
            priming.step(event, () -> plan(handler.service, handler.dynamo, handler.table, event));
        }
        return priming.build();
    }

    /** Returns how many state buckets the planned shard reads. */
    private static int plan(IngestService service, DynamoDbEnhancedClient dynamo, String table, String event) {
        IngestRequest request = IngestRequest.parse(Priming.eventBytes(event));
        Universe universe = service.universes().find(request.universe()).orElseThrow(() ->
                new IllegalStateException("the sample event names an unknown universe: " + request.universe()));
        TreeSet<Integer> buckets = new TreeSet<>();
        for (Instrument instrument : universe.instruments()) {
            if (SeriesStateRepository.shardOf(instrument.symbol(), request.shards()) == request.shard()) {
                buckets.add(SeriesStateRepository.bucketOf(instrument.symbol()));
            }
        }
        new SeriesStateRepository(dynamo, table).load(universe.assetClass(), universe.interval(), buckets);
        return buckets.size();
    }
}
