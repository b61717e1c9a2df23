package dev.tradewind.auth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.auth.domain.Account;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UserExportTest {

    private static final Account ACCOUNT = new Account("01JDZ0000000000000000000AB", "ada@example.com", "Ada",
            Instant.parse("2026-01-05T10:00:00Z"));

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
}
