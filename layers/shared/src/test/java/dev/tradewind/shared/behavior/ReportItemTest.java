package dev.tradewind.shared.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ReportItemTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T12:00:00Z");
    private static final String REPORT = "{\"riskScore\":61.0,\"findings\":[{\"code\":\"OVERTRADING\","
            + "\"confidence\":0.8},{\"code\":\"REVENGE_TRADING\",\"confidence\":0.7},{\"code\":\"LOSS_AVERSION\","
            + "\"confidence\":0.6}]}";

    @Test
    void of_keysTheItemByItsOwner_andIndexesItUnderItsSession() {
        ReportItem item = ReportItem.of("u1", "01JNQ0000000000000000000AA", "01JNQ0000000000000000000SS", CREATED,
                "hash", "{\"riskScore\":61.0}", REPORT, CREATED.plusSeconds(3600));

        Map<String, AttributeValue> stored = ReportItem.SCHEMA.itemToMap(item, true);

        assertEquals("USER#u1", stored.get("pk").s());
        assertEquals("REPORT#01JNQ0000000000000000000AA", stored.get("sk").s());
        assertEquals("USER#u1#SESSION#01JNQ0000000000000000000SS#REPORT", stored.get("gsi1pk").s());
        assertEquals("01JNQ0000000000000000000AA", stored.get("gsi1sk").s());
        assertEquals(AttributeValue.Type.B, stored.get(ReportItem.BODY).type());
        assertTrue(stored.get(ReportItem.BODY).b().asByteArray().length < REPORT.length(), "the body is compressed");
        assertEquals(Long.toString(CREATED.plusSeconds(3600).getEpochSecond()), stored.get("expiresAt").n());
        assertEquals(REPORT, ReportItem.SCHEMA.mapToItem(stored).reportJson());
    }

    @Test
    void of_aReportAboutNoSession_hasNoIndexEntry() {
        Map<String, AttributeValue> stored = ReportItem.SCHEMA.itemToMap(ReportItem.of("u1",
                "01JNQ0000000000000000000AA", null, CREATED, "hash", "{}", REPORT, CREATED.plusSeconds(60)), true);

        assertFalse(stored.containsKey("gsi1pk"));
        assertFalse(stored.containsKey("gsi1sk"));
    }

    @Test
    void reportJson_readsTheOlderLayouts_andNothingFromAListing() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(REPORT.getBytes(StandardCharsets.UTF_8));
        }
        String base64 = Base64.getEncoder().encodeToString(gzipped.toByteArray());

        assertEquals(REPORT, new ReportItem("u1", "r", null, CREATED, "{}", null, REPORT, null, null, null)
                .reportJson());
        assertEquals(REPORT, new ReportItem("u1", "r", null, CREATED, "{}", null, null, base64, null, null)
                .reportJson());
        assertNull(new ReportItem("u1", "r", null, CREATED, "{}", null, null, null, null, null).reportJson());
    }

    @Test
    void expiredAt_isTrueFromTheTtlSecondOn_andNeverWithoutOne() {
        ReportItem item = ReportItem.of("u1", "r", null, CREATED, "hash", "{}", REPORT, CREATED.plusSeconds(10));

        assertFalse(item.expiredAt(CREATED.plusSeconds(9)));
        assertTrue(item.expiredAt(CREATED.plusSeconds(10)));
        assertFalse(new ReportItem("u1", "r", null, CREATED, "{}", null, REPORT, null, null, null)
                .expiredAt(Instant.MAX));
    }
}
