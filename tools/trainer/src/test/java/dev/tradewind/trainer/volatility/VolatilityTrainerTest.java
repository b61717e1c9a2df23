package dev.tradewind.trainer.volatility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.trainer.FamilySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolatilityTrainerTest {

    private static final Instant START = Instant.parse("2021-01-01T00:00:00Z");

    @TempDir
    Path data;

    /** Hourly bars in the CryptoDataDownload layout (newest first), with the bar at {@code missing} left out. */
    private BundledHistory history(int bars, int missing) throws Exception {
        List<String> lines = new ArrayList<>();
        double price = 100;
        for (int i = 0; i < bars; i++) {
            double next = price * Math.exp(0.01 * Math.sin(i * 0.7) + 0.002 * Math.cos(i * 2.3));
            if (i != missing) {
                long ms = START.plusSeconds(3600L * i).toEpochMilli();
                lines.add(String.format(java.util.Locale.ROOT, "%d,x,X/USDT,%.6f,%.6f,%.6f,%.6f,%d,1,1", ms, price,
                        Math.max(price, next) * 1.003, Math.min(price, next) * 0.996, next, 100 + i % 7));
            }
            price = next;
        }
        java.util.Collections.reverse(lines);
        lines.addFirst("unix,date,symbol,open,high,low,close,Volume X,Volume USDT,tradecount");
        lines.addFirst("https://www.CryptoDataDownload.com");
        Files.write(data.resolve("X.csv"), lines);
        Files.writeString(data.resolve("instruments.csv"),
                "symbol,name,class,exchange,quote,interval,file\nXUSDT,X,crypto,BINANCE,USDT,1h,X.csv\n");
        return BundledHistory.load(data);
    }

    private static FamilySpec spec(Instant cutoff) {
        FamilySpec c = FamilySpec.CRYPTO_1H;
        return new FamilySpec("test-1h", c.interval(), c.assetClass(), List.of("XUSDT"), 4, cutoff, 2, 0.5,
                0.001, c.params(), Optional.empty(), Optional.empty(), "synthetic");
    }

    @Test
    void rows_areByTime_aGapExcludesEveryRowWhoseLookBackOrTargetCrossesIt() throws Exception {
        int missing = 400;
        Instant gap = START.plusSeconds(3600L * missing);
        VolatilityTrainer t = VolatilityTrainer.prepare(spec(START.plusSeconds(3600L * 700)), history(900, missing),
                Optional.empty());
        List<VolatilityTrainer.Row> rows = t.rows();
        assertFalse(rows.isEmpty());
        boolean before = false;
        boolean after = false;
        for (VolatilityTrainer.Row row : rows) {
            assertEquals(Duration.ofHours(24), Duration.between(row.time(), row.labelTime()), "H = 24 bars by time");
            Instant lookBackStart = row.time().minus(Duration.ofHours(168));
            assertTrue(row.labelTime().isBefore(gap) || lookBackStart.isAfter(gap),
                    "no window crosses the missing bar: " + row.time());
            before |= row.labelTime().isBefore(gap);
            after |= lookBackStart.isAfter(gap);
        }
        assertTrue(before && after, "rows on both sides of the gap");
        // the realised variance is the sum of the next 24 squared log returns
        VolatilityTrainer.Series s = t.series().getFirst();
        VolatilityTrainer.Row row = rows.getFirst();
        double rv = 0;
        for (int k = 1; k <= 24; k++) {
            rv += Math.pow(Math.log(s.c()[row.bar() + k] / s.c()[row.bar() + k - 1]), 2);
        }
        assertEquals(rv, row.rv(), rv * 1e-12);
    }

    @Test
    void folds_areTheDirectionModelsBoundaries_andTrainingRowsEndBeforeThem() throws Exception {
        Instant cutoff = START.plusSeconds(3600L * 700);
        VolatilityTrainer t = VolatilityTrainer.prepare(spec(cutoff), history(900, -1), Optional.empty());
        Instant[] b = t.boundaries();
        assertEquals(3, b.length);
        assertEquals(cutoff, b[2]);
        // the direction model's first row is bar 99 (its 100-bar window); half the development span is tested
        Instant first = START.plusSeconds(3600L * 99);
        long span = Duration.between(first, cutoff).toSeconds();
        assertEquals(first.plusSeconds((long) (span * 0.5)), b[0]);
        for (int r = 0; r < t.rows().size(); r++) {
            VolatilityTrainer.Row row = t.rows().get(r);
            int segment = t.segment()[r];
            for (int k = 0; k < b.length; k++) {
                assertEquals(row.labelTime().isBefore(b[k]), segment <= k, "segment of " + row.time());
            }
            if (t.fold()[r] == 2) {
                assertFalse(row.time().isBefore(cutoff));
            }
        }
    }

    /**
     * Fold k's forecasts are made from its first bar on, so its conformal quantiles may only use earlier folds' rows
     * whose h-bar outcome is known by then: the bar whose close decides ln(C_{t+h}/C_t) opens before fold k starts
     * (the direction model's purge, labelTime &lt; fold start).
     */
    @Test
    void conformalCalibration_ofFoldK_usesOnlyRowsWhoseOutcomeIsKnownBeforeFoldKStarts() throws Exception {
        FamilySpec spec = spec(START.plusSeconds(3600L * 700));
        VolatilityTrainer t = VolatilityTrainer.prepare(spec, history(900, -1), Optional.empty());
        Evaluator evaluator = new Evaluator(t);
        int purged = 0;
        int used = 0;
        for (int r = 0; r < t.rows().size(); r++) {
            VolatilityTrainer.Row row = t.rows().get(r);
            Instant outcomeBar = t.series().get(row.inst()).open()[row.bar() + spec.horizonBars()];
            for (int k = 1; k <= spec.folds(); k++) {
                boolean earlierFold = t.fold()[r] >= 0 && t.fold()[r] < k;
                boolean known = outcomeBar.isBefore(t.boundaries()[k]);
                assertEquals(earlierFold && known, evaluator.calibrates(r, k), "row at " + row.time() + ", fold " + k);
                purged += earlierFold && !known ? 1 : 0;
                used += earlierFold && known ? 1 : 0;
            }
        }
        assertEquals(spec.horizonBars(), purged, "the last h rows before fold 2, whose outcome falls inside it");
        assertTrue(used > 0);
    }

    /**
     * The tree ensemble's s² (its log-normal mean) must be out of sample: boosted trees fit part of the noise of
     * their own rows, so their in-sample residuals understate the ones they make on new rows. Every training row is
     * predicted once, by a fit on rows that are neither it nor share any bar of its target window.
     */
    @Test
    void xgboostResidualVariance_comesFromRowsTheFitNeverSaw() throws Exception {
        VolatilityTrainer t = VolatilityTrainer.prepare(spec(START.plusSeconds(3600L * 700)), history(900, -1),
                Optional.empty());
        List<VolatilityTrainer.Row> rows = t.rows();
        List<Integer> train = IntStream.range(0, rows.size()).boxed().toList();
        Set<Integer> predicted = new HashSet<>();
        double s2 = Evaluator.outOfSampleResidualVariance(rows, train, (fit, validation) -> {
            Set<Integer> fitted = Set.copyOf(fit);
            assertFalse(fit.isEmpty());
            float[] predictions = new float[validation.size()];
            for (int j = 0; j < predictions.length; j++) {
                VolatilityTrainer.Row v = rows.get(validation.get(j));
                assertFalse(fitted.contains(validation.get(j)), "row at " + v.time() + " predicted by a fit on it");
                for (int f : fit) {
                    VolatilityTrainer.Row row = rows.get(f);
                    assertFalse(row.time().isBefore(v.labelTime()) && v.time().isBefore(row.labelTime()),
                            "target windows of " + row.time() + " (fit) and " + v.time() + " overlap");
                }
                assertTrue(predicted.add(validation.get(j)), "row at " + v.time() + " predicted twice");
                predictions[j] = (float) (Math.log(v.rv()) - 2);
            }
            return predictions;
        });
        assertEquals(rows.size(), predicted.size(), "every training row predicted once");
        assertEquals(4, s2, 1e-5, "the mean squared residual of the predicted rows");
    }
}
