package dev.tradewind.market.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.domain.series.Gap;
import dev.tradewind.market.domain.series.SeriesState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SeriesMapConverterTest {

    private final SeriesMapConverter converter = new SeriesMapConverter();

    private static SeriesState state(String symbol, long latestHour) {
        return new SeriesState(symbol, Instant.parse("2021-12-01T00:00:00Z"),
                Instant.parse("2022-01-02T00:00:00Z").plusSeconds(3600 * latestHour), new BigDecimal("47303.01"),
                List.of(new Gap(Instant.parse("2021-12-05T00:00:00Z"), Instant.parse("2021-12-05T03:00:00Z"), 2)),
                false, "1a2b3c4d", latestHour % 2 == 0 ? null : "TIMEOUT");
    }

    /** A bucket as large as the ingest benchmark's: 10,258 series over 64 buckets. */
    private static Map<String, SeriesState> bucketOf160() {
        Map<String, SeriesState> series = new TreeMap<>();
        for (int i = 0; i < 160; i++) {
            String symbol = String.format("SYN%05dUSDT", i * 64);
            series.put(symbol, state(symbol, i % 7));
        }
        return series;
    }

    @Test
    void transformFrom_storesCompressedBinary_thatReadsBackEveryField() {
        Map<String, SeriesState> series = bucketOf160();
        AttributeValue stored = converter.transformFrom(series);

        assertNull(stored.s());
        assertNotNull(stored.b());
        assertEquals(series, converter.transformTo(stored));
    }

    @Test
    void transformFrom_bucketOf160Series_isUnderAQuarterOfItsJson() {
        Map<String, SeriesState> series = bucketOf160();
        int compressed = converter.transformFrom(series).b().asByteArrayUnsafe().length;
        int json = legacyJson(series).length();
        assertTrue(compressed * 4 < json, compressed + " bytes compressed against " + json + " of JSON");
    }

    @Test
    void transformTo_readsABucketStoredAsAJsonString_beforeCompression() {
        SeriesState state = state("BTCUSDT", 1);
        AttributeValue stored = AttributeValue.fromS(legacyJson(Map.of("BTCUSDT", state)));
        Map<String, SeriesState> read = converter.transformTo(stored);
        assertEquals(Map.of("BTCUSDT", state), read);
    }

    /** The string attribute buckets were stored as before they were compressed, written out by hand. */
    private static String legacyJson(Map<String, SeriesState> series) {
        StringBuilder json = new StringBuilder("{");
        series.forEach((symbol, s) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            Gap gap = s.gaps().getFirst();
            json.append('"').append(symbol).append("\":{\"e\":").append(s.earliest().getEpochSecond())
                    .append(",\"l\":").append(s.latest().getEpochSecond())
                    .append(",\"c\":").append(s.lastClose().toPlainString())
                    .append(",\"g\":[").append(gap.from().getEpochSecond()).append(',')
                    .append(gap.to().getEpochSecond()).append(',').append(gap.attempts()).append(']')
                    .append(",\"s\":").append(s.stale())
                    .append(",\"h\":\"").append(s.catalogHash()).append('"');
            if (s.lastFailure() != null) {
                json.append(",\"f\":\"").append(s.lastFailure()).append('"');
            }
            json.append('}');
        });
        return json.append('}').toString();
    }
}
