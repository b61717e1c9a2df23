package dev.tradewind.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Crafted page cursors, as a client that edits one would make them: a real cursor's key with attributes removed.
 * Works on any cursor of the form {@code <version>.<base64url(JSON)>} whatever the JSON's layout, so a test written
 * with it means the same against every cursor format.
 */
public final class CursorTampering {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CursorTampering() {
    }

    /** The cursor with the named fields removed wherever they occur in its JSON. */
    public static String without(String cursor, String... fields) {
        int dot = cursor.indexOf('.');
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(cursor.substring(dot + 1)));
            remove(payload, List.of(fields));
            return cursor.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void remove(JsonNode node, List<String> fields) {
        if (node instanceof ObjectNode object) {
            object.remove(fields);
        }
        node.forEach(child -> remove(child, fields));
    }
}
