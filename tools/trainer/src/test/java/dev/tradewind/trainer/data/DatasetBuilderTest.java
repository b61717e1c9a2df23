package dev.tradewind.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.Repository;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetBuilderTest {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));
    private static final FamilySpec SPEC = new FamilySpec("crypto-1h", FamilySpec.CRYPTO_1H.interval(),
            FamilySpec.CRYPTO_1H.assetClass(), List.of("BTCUSDT", "ETHUSDT"), 4, FamilySpec.CUTOFF, 2, 0.5, 0.2,
            0.001, FamilySpec.CRYPTO_1H.params(), Optional.of(Instant.parse("2021-12-20T00:00:00Z")),
            Optional.of(Instant.parse("2022-01-20T00:00:00Z")), "test");
    private static Dataset data;

    @BeforeAll
    static void build() {
        data = DatasetBuilder.build(SPEC, HISTORY, Progress.silent());
    }

    @Test
    void rows_areTheFeatureSetOfEachWindow_withTheHorizonLabel() {
        List<Candle> btc = HISTORY.candles("BTCUSDT").stream()
                .filter(c -> !c.openTime().isBefore(Instant.parse("2021-12-20T00:00:00Z"))).toList();
        Row first = data.rows().stream().filter(r -> r.symbol() == 0).findFirst().orElseThrow();
        assertEquals(btc.get(99).openTime(), first.time(), "the first row needs a full window");
        assertArrayEquals(SPEC.features().compute(btc.subList(0, 100)), first.features());
        assertEquals(btc.get(103).openTime(), first.labelTime());
        assertEquals(btc.get(103).close().compareTo(btc.get(99).close()) > 0 ? 1 : 0, first.label());
        assertEquals(btc.get(100).close().doubleValue() / btc.get(99).close().doubleValue() - 1, first.nextReturn());
    }

    @Test
    void rows_arePooledInTimeOrder_andEveryLabelExists() {
        for (int i = 1; i < data.rows().size(); i++) {
            Row previous = data.rows().get(i - 1);
            Row row = data.rows().get(i);
            assertTrue(previous.time().isBefore(row.time())
                    || previous.time().equals(row.time()) && previous.symbol() < row.symbol());
        }
        Instant lastCandle = Instant.parse("2022-01-19T23:00:00Z");
        assertEquals(lastCandle, data.rows().getLast().labelTime());
        assertEquals(2, data.sources().size());
        assertEquals(64, data.sources().getFirst().sha256().length());
    }

    @Test
    void purge_keepsOnlyLabelsDecidedBeforeTheBoundary() {
        List<Row> training = data.select(Dataset.labelledBefore(FamilySpec.CUTOFF));
        assertTrue(training.stream().allMatch(r -> r.labelTime().isBefore(FamilySpec.CUTOFF)));
        Row last = training.getLast();
        assertEquals(Instant.parse("2022-01-02T19:00:00Z"), last.time(), "4 bars purged before the cutoff");
    }
}
