package dev.tradewind.predict.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.predict.domain.Outcome;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
import dev.tradewind.predict.domain.Signal;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.LocalDynamoDb;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamoPredictionStoreIT {

    private static int testNumber;

    /** Fresh keys per test (see AccuracyIT: index clean-up from one test must not meet the next test's items). */
    private Instant t0;
    private DynamoPredictionStore store;

    @BeforeEach
    void emptyTable() {
        LocalDynamoDb.truncateAll();
        t0 = Instant.parse("2022-01-03T00:00:00Z").plus(Duration.ofDays(testNumber++));
        String table = LocalDynamoDb.environment("PredictFunction").get("PREDICTIONS_TABLE");
        store = new DynamoPredictionStore(LocalDynamoDb.client(), DynamoDbClients.enhanced(LocalDynamoDb.client()),
                table, new Ulid(Clock.systemUTC()));
    }

    private static Prediction prediction(String symbol, Instant asOf, float p, float[] features) {
        Instant due = asOf.plus(Duration.ofHours(5));
        return new Prediction(new PredictionKey(symbol, Interval.H1, asOf, "crypto-1h-test"), AssetClass.CRYPTO,
                asOf.plusSeconds(3600), p, features, new BigDecimal("41234.56"), new BigDecimal("41000"), 4, due,
                Signal.HOLD, 0.04, false, false, due, null, 1_700_000_000L);
    }

    @Test
    void roundTrip_keepsEveryField_includingMissingFeatureValues() {
        float[] features = {0.001f, Float.NaN, -3.5f, Float.MIN_VALUE};
        Prediction written = prediction("BTCUSDT", t0, 0.5123f, features);
        store.putIfAbsent(written);

        Prediction read = store.find(written.key()).orElseThrow();

        assertArrayEquals(features, read.features());
        assertEquals(written.probabilityUp(), read.probabilityUp());
        assertEquals(written.close(), read.close());
        assertEquals(written.previousClose(), read.previousClose());
        assertEquals(written.dueAt(), read.dueAt());
        assertEquals(written.nextCheckAt(), read.nextCheckAt());
        assertEquals(written.createdAt(), read.createdAt());
        assertEquals(written.expiresAt(), read.expiresAt());
        assertEquals(written.key(), read.key());
        assertTrue(read.isPending());
    }

    @Test
    void putIfAbsent_keepsTheFirst() {
        Prediction first = prediction("BTCUSDT", t0, 0.6f, new float[] {1f});
        Prediction second = prediction("BTCUSDT", t0, 0.4f, new float[] {2f});
        assertSame(first, store.putIfAbsent(first));
        Prediction kept = store.putIfAbsent(second);
        assertEquals(0.6f, kept.probabilityUp());
    }

    @Test
    void series_isOneSeriesInTimeOrder_optionallyWithoutFeatures() {
        for (int i = 0; i < 5; i++) {
            store.putIfAbsent(prediction("BTCUSDT", t0.plus(Duration.ofHours(i)), 0.5f, new float[] {i}));
        }
        store.putIfAbsent(prediction("ETHUSDT", t0, 0.5f, new float[] {9}));

        List<Prediction> series = store.series("BTCUSDT", Interval.H1, t0.plus(Duration.ofHours(1)),
                t0.plus(Duration.ofHours(3)), false);

        assertEquals(List.of(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2)), t0.plus(Duration.ofHours(3))),
                series.stream().map(Prediction::asOf).toList());
        assertNull(series.getFirst().features());
        assertEquals(1f, store.series("BTCUSDT", Interval.H1, t0, t0.plus(Duration.ofHours(1)), true).get(1)
                .features()[0]);
    }

    @Test
    void seriesAfterWrites_isTheSameSeriesWithoutFeatures() {
        for (int i = 0; i < 3; i++) {
            store.putIfAbsent(prediction("BTCUSDT", t0.plus(Duration.ofHours(i)), 0.5f, new float[] {i}));
        }

        List<Prediction> read = store.seriesAfterWrites("BTCUSDT", Interval.H1, t0.plus(Duration.ofHours(1)),
                t0.plus(Duration.ofHours(2)));

        assertEquals(store.series("BTCUSDT", Interval.H1, t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2)),
                false), read);
        assertEquals(2, read.size());
        assertNull(read.getFirst().features());
    }

    @Test
    void pendingIndex_holdsOnlyUnresolved_earliestFirst_andUpdatesAreConditional() {
        Prediction early = store.putIfAbsent(prediction("ETHUSDT", t0, 0.5f, new float[] {0}));
        Prediction late = store.putIfAbsent(prediction("BTCUSDT", t0.plus(Duration.ofHours(1)), 0.5f,
                new float[] {0}));
        Instant now = late.dueAt();

        eventually(() -> assertEquals(List.of("ETHUSDT", "BTCUSDT"), store.pendingDue(Interval.H1, now, 10).stream()
                .map(Prediction::symbol).toList()));
        assertEquals(List.of(), store.pendingDue(Interval.D1, now, 10));
        assertEquals(1, store.pendingDue(Interval.H1, early.dueAt(), 10).size());

        Prediction resolved = early.withOutcome(Outcome.resolved(now, t0.plus(Duration.ofHours(4)),
                new BigDecimal("42000"), early.close()));
        assertTrue(store.updatePending(resolved));
        assertFalse(store.updatePending(resolved), "a second resolver changes nothing");
        eventually(() -> assertEquals(List.of("BTCUSDT"), store.pendingDue(Interval.H1, now, 10).stream()
                .map(Prediction::symbol).toList()));
        Prediction read = store.find(early.key()).orElseThrow();
        assertTrue(read.outcome().up());
        assertEquals(new float[] {0f}[0], read.features()[0], "an update keeps the features");

        assertTrue(store.updatePending(late.withNextCheckAt(now.plus(Duration.ofHours(2)))));
        eventually(() -> assertEquals(List.of(), store.pendingDue(Interval.H1, now, 10)));
    }

    /** A global secondary index is eventually consistent (DynamoDB Local's too): retry for a while. */
    private static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
