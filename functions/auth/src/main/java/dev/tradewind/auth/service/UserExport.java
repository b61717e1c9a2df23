package dev.tradewind.auth.service;

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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's data as one JSON document: the account, then every stored item table by table, each as its {@code kind}
 * (the sort key's prefix) and its {@code attributes} as stored, except that a compressed {@code body} (a behaviour
 * report's, a backtest's) is the JSON it holds: one of them needs a dictionary only this code has. Keys are dropped
 * (they repeat the ids the items carry), and so are the secrets: token hashes and the seed a session derives its next
 * refresh token from.
 */
public final class UserExport {

    /** Lambda answers at most 6 MB; the envelope and the JSON escaping need the rest. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final Set<String> NOT_EXPORTED = Set.of("pk", "sk", "gsi1pk", "gsi1sk", "passwordHash",
            "currentTokenHash", "previousTokenHash", "successorSeed");
    /** The binary attribute that holds a {@link CompressedJson} body. */
    private static final String COMPRESSED_BODY = "body";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final ObjectNode document = NODES.objectNode();
    private final ObjectNode tables;
    private long bytes;

    UserExport(Account account, Instant exportedAt) {
        document.put("format", "tradewind-export/2");
        document.put("exportedAt", exportedAt.toString());
        ObjectNode accountNode = document.putObject("account");
        accountNode.put("userId", account.userId());
        accountNode.put("email", account.email());
        accountNode.put("displayName", account.displayName());
        accountNode.put("createdAt", account.createdAt().toString());
        tables = document.putObject("tables");
    }

    void add(String table, Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", UserDataStore.kind(item));
        ObjectNode attributes = node.putObject("attributes");
        item.entrySet().stream().filter(e -> !NOT_EXPORTED.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> attributes.set(e.getKey(), e.getKey().equals(COMPRESSED_BODY)
                        && e.getValue().type() == AttributeValue.Type.B ? body(e.getValue()) : json(e.getValue())));
        bytes += utf8Bytes(node);
        if (bytes > MAX_BYTES) {
            throw new UnprocessableException("EXPORT_TOO_LARGE", "The export exceeds " + MAX_BYTES
                    + " bytes, the most one answer can carry; delete old sessions and export again");
        }
        ArrayNode items = tables.has(table) ? (ArrayNode) tables.get(table) : tables.putArray(table);
        items.add(node);
    }

    /** The document, for the answer. */
    public JsonNode document() {
        return document;
    }

    /** What the node adds to the answer, in the UTF-8 bytes Lambda counts (a character may take up to four). */
    private static long utf8Bytes(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try {
            Json.mapper().writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static final class ByteCounter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static JsonNode body(AttributeValue value) {
        try {
            return Json.mapper().readTree(CompressedJson.read(value.b().asByteArrayUnsafe()));
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
