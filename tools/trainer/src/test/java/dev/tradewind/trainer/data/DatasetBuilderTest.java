package dev.tradewind.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.Repository;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));
    private static final FamilySpec SPEC = new FamilySpec("crypto-1h", FamilySpec.CRYPTO_1H.interval(),
            FamilySpec.CRYPTO_1H.assetClass(), List.of("BTCUSDT", "ETHUSDT"), 4, FamilySpec.CUTOFF, 2, 0.5,
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
        assertEquals(btc.get(103).close().doubleValue() / btc.get(99).close().doubleValue() - 1,
                first.horizonReturn(), "the return over the label's horizon");
    }

    @Test
    void labels_areByTime_aMissingBarDropsEveryRowWhoseHorizonSpansIt(@TempDir Path folder) throws Exception {
        Instant start = Instant.parse("2021-01-01T00:00:00Z");
        int missing = 300;
        List<String> lines = new ArrayList<>();
        double price = 100;
        for (int i = 0; i < 400; i++) {
            double next = price * Math.exp(0.01 * Math.sin(i * 0.7));
            if (i != missing) {
                lines.add(String.format(Locale.ROOT, "%d,x,X/USDT,%.6f,%.6f,%.6f,%.6f,%d,1,1",
                        start.plusSeconds(3600L * i).toEpochMilli(), price, Math.max(price, next) * 1.003,
                        Math.min(price, next) * 0.996, next, 100 + i % 7));
            }
            price = next;
        }
        Collections.reverse(lines);
        lines.addFirst("unix,date,symbol,open,high,low,close,Volume X,Volume USDT,tradecount");
        lines.addFirst("https://www.CryptoDataDownload.com");
        Files.write(folder.resolve("X.csv"), lines);
        Files.writeString(folder.resolve("instruments.csv"),
                "symbol,name,class,exchange,quote,interval,file\nXUSDT,X,crypto,BINANCE,USDT,1h,X.csv\n");
        FamilySpec spec = new FamilySpec("test-1h", SPEC.interval(), SPEC.assetClass(), List.of("XUSDT"), 4,
                start.plusSeconds(3600L * 350), 2, 0.5, 0.001, SPEC.params(), Optional.empty(), Optional.empty(),
                "synthetic");
        List<Row> rows = DatasetBuilder.build(spec, BundledHistory.load(folder), Progress.silent()).rows();
        Instant gap = start.plusSeconds(3600L * missing);
        for (Row row : rows) {
            assertEquals(Duration.ofHours(4), Duration.between(row.time(), row.labelTime()), "4 bars by time");
            assertFalse(row.time().isBefore(gap) && !row.labelTime().isBefore(gap), "spans the gap: " + row.time());
        }
        // bars 99..299 minus the 4 whose label would need bar 300, then 301.. (the feature window may span the gap:
        // serving computes features on whatever candles it has, so training does too)
        assertEquals((296 - 99) + (400 - 4 - 301), rows.size());
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
