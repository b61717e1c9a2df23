package dev.tradewind.auth.service;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.domain.Account;
import dev.tradewind.auth.store.UserDataStore;
import dev.tradewind.shared.dynamo.CompressedJson;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's data as one JSON document: the account, then every stored item table by table, each as its {@code kind}
 * (the sort key's prefix) and its {@code attributes} as stored, except that a compressed {@code body} (a behaviour
 * report's, a backtest's) is the JSON it holds: one of them needs a dictionary only this code has. So is an older
 * report's {@code reportGzip} (gzipped, base64-encoded). Keys are dropped (they repeat the ids the items carry), and so
 * are the secrets: token hashes and the seed a session derives its next refresh token from.
 *
 * <p>The document is written as the items come, once, in the UTF-8 bytes the answer carries, so its size is known at
 * every item without serializing anything twice; a table's items must therefore come together.
 */
public final class UserExport {

    /**
     * Lambda answers at most 6 MB, counted in the response event, where the document is the {@code body} string and
     * so escaped once more: the limit is on that escaped size, and the event's status and headers need far less than
     * the 1 MiB left.
     */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final Set<String> NOT_EXPORTED = Set.of("pk", "sk", "gsi1pk", "gsi1sk", "passwordHash",
            "currentTokenHash", "previousTokenHash", "successorSeed");
    /** The binary attribute that holds a {@link CompressedJson} body. */
    private static final String COMPRESSED_BODY = "body";
    /** Where a behaviour report above 64 KB was once stored: gzipped, then base64-encoded as text. */
    private static final String GZIPPED_REPORT_TEXT = "reportGzip";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final Document bytes = new Document();
    private final JsonGenerator out;
    private final Set<String> tablesWritten = new HashSet<>();
    private String openTable;

    UserExport(Account account, Instant exportedAt) {
        try {
            out = Json.mapper().createGenerator(bytes, JsonEncoding.UTF8);
            out.writeStartObject();
            out.writeStringField("format", "tradewind-export/2");
            out.writeStringField("exportedAt", exportedAt.toString());
            out.writeObjectFieldStart("account");
            out.writeStringField("userId", account.userId());
            out.writeStringField("email", account.email());
            out.writeStringField("displayName", account.displayName());
            out.writeStringField("createdAt", account.createdAt().toString());
            out.writeEndObject();
            out.writeObjectFieldStart("tables");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(String table, Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", UserDataStore.kind(item));
        ObjectNode attributes = node.putObject("attributes");
        item.entrySet().stream().filter(e -> !NOT_EXPORTED.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> attributes.set(e.getKey(), attribute(e.getKey(), e.getValue())));
        try {
            if (!table.equals(openTable)) {
                if (!tablesWritten.add(table)) {
                    throw new IllegalStateException("the items of table " + table + " came apart");
                }
                if (openTable != null) {
                    out.writeEndArray();
                }
                out.writeArrayFieldStart(table);
                openTable = table;
            }
            Json.mapper().writeTree(out, node);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.escapedSize() > MAX_BYTES) {
            throw new UnprocessableException("EXPORT_TOO_LARGE", "The export exceeds " + MAX_BYTES
                    + " bytes, the most one answer can carry; an export this large is not available yet");
        }
    }

    /** The document as JSON text, for the answer; no item can be added afterwards. */
    public String toJson() {
        try {
            if (openTable != null) {
                out.writeEndArray();
            }
            out.writeEndObject();
            out.writeEndObject();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The document's UTF-8 bytes, counting as they are written the bytes that escaping them into a JSON string adds:
     * one per quote and backslash. Nothing else is escaped again: the generator writes no raw control character, and
     * neither byte occurs inside a multi-byte UTF-8 character.
     */
    private static final class Document extends ByteArrayOutputStream {

        private long escapes;

        Document() {
            super(16 * 1024);
        }

        @Override
        public synchronized void write(int b) {
            count(b);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                count(b[i]);
            }
            super.write(b, off, len);
        }

        /** The size of the document as the {@code body} string of the response event. */
        long escapedSize() {
            return size() + escapes;
        }

        private void count(int b) {
            if (b == '"' || b == '\\') {
                escapes++;
            }
        }
    }

    /** An attribute as exported: a compressed body as the JSON it holds, anything else as stored. */
    private static JsonNode attribute(String name, AttributeValue value) {
        if (name.equals(COMPRESSED_BODY) && value.type() == AttributeValue.Type.B) {
            return body(value.b().asByteArrayUnsafe());
        }
        if (name.equals(GZIPPED_REPORT_TEXT) && value.type() == AttributeValue.Type.S) {
            return body(Base64.getDecoder().decode(value.s()));
        }
        return json(value);
    }

    private static JsonNode body(byte[] compressed) {
        try {
            return Json.mapper().readTree(CompressedJson.read(compressed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored body is not JSON", e);
        }
    }

    static JsonNode json(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new BigDecimal(value.n()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case B -> NODES.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case M -> {
                ObjectNode map = NODES.objectNode();
                value.m().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> map.set(e.getKey(), json(e.getValue())));
                yield map;
            }
            case L -> {
                ArrayNode list = NODES.arrayNode();
                value.l().forEach(element -> list.add(json(element)));
                yield list;
            }
            case SS -> {
                ArrayNode set = NODES.arrayNode();
                value.ss().forEach(set::add);
                yield set;
            }
            case NS -> {
                ArrayNode set = NODES.arrayNode();
                value.ns().forEach(n -> set.add(new BigDecimal(n)));
                yield set;
            }
            case BS -> {
                ArrayNode set = NODES.arrayNode();
                value.bs().forEach(b -> set.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                yield set;
            }
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalStateException("unknown attribute type");
        };
    }
}
