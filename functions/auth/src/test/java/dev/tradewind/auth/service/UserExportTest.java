package dev.tradewind.auth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.auth.domain.Account;
import dev.tradewind.shared.dynamo.CompressedJson;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.json.Json;
import dev.tradewind.testing.HttpEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UserExportTest {

    private static final Account ACCOUNT = new Account("01JDZ0000000000000000000AB", "ada@example.com", "Ada",
            Instant.parse("2026-01-05T10:00:00Z"));

    /** What Lambda lets a function answer: 6 MB, counted in the serialized response event. */
    private static final int LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
    /**
     * A journal note as long as notes may be (2,000 characters, docs/trading.md), all quotes and backslashes: each
     * takes two bytes in the export, and four once the export is the response event's {@code body} string.
     */
    private static final String ESCAPED_NOTE = "\"\\".repeat(1000);

    private static Map<String, AttributeValue> journalEntry(String note) {
        return Map.of("pk", AttributeValue.fromS("USER#u#SESSION#s"), "sk", AttributeValue.fromS("JOURNAL#1"),
                "note", AttributeValue.fromS(note));
    }

    @Test
    void add_itemWithinTheLimit_isExportedWithItsAttributes() throws Exception {
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));

        export.add("trading", journalEntry("€".repeat(1_000_000)));

        JsonNode document = Json.mapper().readTree(export.toJson());
        assertEquals(1_000_000, document.at("/tables/trading/0/attributes/note").asText().length());
        assertEquals("journal", document.at("/tables/trading/0/kind").asText());
        assertEquals("ada@example.com", document.at("/account/email").asText());
    }

    @Test
    void add_reportStoredGzippedAsBase64Text_isExportedAsTheJsonItHolds() throws Exception {
        // Reports above 64 KB were once stored gzipped and base64-encoded in "reportGzip"; they live a year.
        String report = "{\"riskScore\":42,\"patterns\":[\"revenge\"]}";
        String gzipped = Base64.getEncoder().encodeToString(CompressedJson.gzip(report).asByteArray());
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));

        export.add("behavior", Map.of("pk", AttributeValue.fromS("USER#u"), "sk", AttributeValue.fromS("REPORT#1"),
                "reportGzip", AttributeValue.fromS(gzipped)));

        JsonNode exported = Json.mapper().readTree(export.toJson()).at("/tables/behavior/0/attributes/reportGzip");
        assertEquals(Json.mapper().readTree(report), exported);
    }

    @Test
    void toJson_groupsTheItemsByTable_inTheOrderTheTablesCame() throws Exception {
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));

        export.add("users", Map.of("pk", AttributeValue.fromS("USER#u"), "sk", AttributeValue.fromS("PROFILE"),
                "passwordHash", AttributeValue.fromS("secret")));
        export.add("trading", journalEntry("first"));
        export.add("trading", journalEntry("second"));

        JsonNode tables = Json.mapper().readTree(export.toJson()).get("tables");
        assertEquals(List.of("users", "trading"), tables.properties().stream().map(Map.Entry::getKey).toList());
        assertEquals("second", tables.at("/trading/1/attributes/note").asText());
        assertFalse(tables.at("/users/0/attributes").has("passwordHash"));
    }

    @Test
    void add_aTableAgainAfterAnother_isRefused() {
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));
        export.add("trading", journalEntry("first"));
        export.add("behavior", journalEntry("report"));

        assertThrows(IllegalStateException.class, () -> export.add("trading", journalEntry("late")));
    }

    @Test
    void add_itemsOverTheLimitInUtf8Bytes_isA422_evenWithFewerCharactersThanTheLimit() {
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));
        // 1.8 million characters, 5.4 MB in UTF-8 ("€" takes three bytes): over the 5 MB an answer may carry.
        String note = "€".repeat(1_800_000);

        UnprocessableException refused = assertThrows(UnprocessableException.class,
                () -> export.add("trading", journalEntry(note)));

        assertEquals("EXPORT_TOO_LARGE", refused.code());
    }

    @Test
    void add_notesThatDoubleAgainInTheResponse_areA422_thoughTheDocumentAloneFitsTheLimit() {
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));
        // About 4,050 bytes each in the document, under 5 MiB all together; 8,000 more once escaped into the answer.
        int items = (UserExport.MAX_BYTES - 1024) / 4100;

        UnprocessableException refused = assertThrows(UnprocessableException.class, () -> {
            for (int i = 0; i < items; i++) {
                export.add("trading", journalEntry(ESCAPED_NOTE));
            }
        });

        assertEquals("EXPORT_TOO_LARGE", refused.code());
    }

    @Test
    void toJson_theLargestExportTheLimitAccepts_fitsOneLambdaResponse() throws IOException {
        int accepted = 0;
        UserExport probe = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));
        try {
            while (true) {
                probe.add("trading", journalEntry(ESCAPED_NOTE));
                accepted++;
            }
        } catch (UnprocessableException e) {
            assertEquals("EXPORT_TOO_LARGE", e.code());
        }
        UserExport export = new UserExport(ACCOUNT, Instant.parse("2026-12-05T00:00:00Z"));
        for (int i = 0; i < accepted; i++) {
            export.add("trading", journalEntry(ESCAPED_NOTE));
        }

        byte[] response = answered(export.toJson());

        assertTrue(response.length <= LAMBDA_RESPONSE_BYTES, accepted + " items: a response of " + response.length);
        assertEquals(accepted, Json.mapper().readTree(Json.mapper().readTree(response).get("body").asText())
                .at("/tables/trading").size());
    }

    /** The response event the shared HttpApiHandler writes for the export route answering {@code document}. */
    private static byte[] answered(String document) throws IOException {
        HttpApiHandler handler = new HttpApiHandler(Router.builder().get("/v1/auth/me/export",
                request -> ApiResponse.text(200, "application/json; charset=utf-8", document)).build()) {
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(HttpEvent.load("auth/export-me.json").bytes()), out, null);
        return out.toByteArray();
    }
}
