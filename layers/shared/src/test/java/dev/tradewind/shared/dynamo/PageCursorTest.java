package dev.tradewind.shared.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.http.ErrorMapping;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PageCursorTest {

    private static final Map<String, AttributeValue> KEY = Map.of(
            "pk", AttributeValue.fromS("USER#a"), "sk", AttributeValue.fromS("SESSION#01J"),
            "seq", AttributeValue.fromN("42"));

    @Test
    void encodeThenDecode_returnsTheSameKey() {
        String cursor = PageCursor.encode(KEY);
        assertTrue(cursor.startsWith("1."));
        assertEquals(KEY, PageCursor.decode(cursor, Map.of("pk", "USER#a")));
    }

    @Test
    void decode_cursorOfAnotherPartition_is400() {
        String cursor = PageCursor.encode(KEY);
        var error = assertThrows(InvalidInputException.class, () -> PageCursor.decode(cursor, Map.of("pk", "USER#b")));
        assertEquals(400, ErrorMapping.status(error));
        assertEquals("INVALID_CURSOR", error.code());
    }

    @Test
    void decode_garbage_is400() {
        for (String cursor : new String[] {"", "abc", "1.!!!", "1." + Base64.getUrlEncoder().encodeToString("[1]".getBytes()),
                "1." + Base64.getUrlEncoder().encodeToString("{\"pk\":[\"B\",\"x\"]}".getBytes()),
                "1." + Base64.getUrlEncoder().encodeToString("{\"pk\":[\"N\",\"1e999999999\"]}".getBytes())}) {
            assertEquals(400, ErrorMapping.status(
                    assertThrows(InvalidInputException.class, () -> PageCursor.decode(cursor, Map.of()))), cursor);
        }
    }
}
