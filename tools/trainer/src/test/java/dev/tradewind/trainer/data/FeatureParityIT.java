package dev.tradewind.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Training/serving skew, tested: the trainer's rows (features from BundledHistory slices) against the vectors the
 * predict function computes from candles written to DynamoDB Local and read back with {@link CandleRepository#window},
 * bit for bit.
 */
class FeatureParityIT {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));

    @Test
    void trainingAndServing_computeIdenticalFeatureVectors() {
        LocalDynamoDb.truncate("MarketDataTable");
        Environment env = new Environment(LocalDynamoDb.environment("PredictFunction"), Clock.systemUTC());
        CandleRepository repository = new CandleRepository(DynamoDbClients.enhanced(DynamoDbClients.create(env)),
                env.require("MARKET_TABLE"));

        int compared = 0;
        for (FamilySpec family : List.of(FamilySpec.CRYPTO_1H, FamilySpec.STOCKS_1D)) {
            String symbol = family.symbols().getFirst();
            Instant from = family == FamilySpec.CRYPTO_1H ? Instant.parse("2021-12-20T00:00:00Z")
                    : Instant.parse("2021-06-01T00:00:00Z");
            Instant to = family == FamilySpec.CRYPTO_1H ? Instant.parse("2022-01-05T00:00:00Z")
                    : Instant.parse("2022-03-01T00:00:00Z");
            FamilySpec slice = new FamilySpec(family.name(), family.interval(), family.assetClass(), List.of(symbol),
                    family.horizonBars(), family.cutoff(), 1, 0.5, 0, family.params(), Optional.of(from),
                    Optional.of(to), "test");
            List<Candle> candles = HISTORY.candles(symbol, from, to);
            repository.putAll(candles);

            Dataset training = DatasetBuilder.build(slice, HISTORY, Progress.silent());
            FeatureSet features = FeatureSet.forInterval(family.interval());
            for (int i = 0; i < training.rows().size(); i += 2) {
                Row row = training.rows().get(i);
                List<Candle> window = repository.window(symbol, family.interval(), row.time(),
                        features.windowLength());
                assertEquals(features.windowLength(), window.size());
                assertArrayEquals(row.features(), features.compute(window), symbol + " at " + row.time());
                compared++;
            }
        }
        assertTrue(compared > 100, "compared " + compared + " vectors");
    }
}
