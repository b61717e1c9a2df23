package dev.tradewind.bench;

import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Market data for benchmarks that call the predict function: the catalog and the bars before the replay start. */
final class PredictSeed {

    static final Instant REPLAY_START = Instant.parse("2022-01-03T00:00:00Z");

    private PredictSeed() {
    }

    /** Every bundled instrument in the catalog, with its 200 bars before the replay start (enough for every model). */
    static void seed(DynamoDbLocalServer dynamo, SamTemplate template, Path root) {
        BundledHistory history = BundledHistory.load(root.resolve("data/market"));
        String table = tableName(template, "MarketDataTable");
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(dynamo.client());
        new InstrumentRepository(enhanced, table).putAll(history.instruments());
        CandleRepository candles = new CandleRepository(enhanced, table);
        for (var instrument : history.instruments()) {
            List<Candle> series = history.candles(instrument.symbol());
            int at = 0;
            while (at < series.size() && series.get(at).openTime().isBefore(REPLAY_START)) {
                at++;
            }
            candles.putAll(series.subList(Math.max(0, at - 200), at));
        }
    }

    /** Empties the predictions table, so the next forecast is computed, not served from the store. */
    static void clearPredictions(DynamoDbLocalServer dynamo, SamTemplate template) {
        DynamoDbClient client = dynamo.client();
        String table = tableName(template, "PredictionsTable");
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                client.deleteItem(b -> b.tableName(table).key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static String tableName(SamTemplate template, String logicalId) {
        return template.tables().stream().filter(t -> t.logicalId().equals(logicalId)).findFirst()
                .map(TableDefinition::tableName).orElseThrow();
    }
}
