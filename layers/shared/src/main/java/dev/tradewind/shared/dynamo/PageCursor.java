package dev.tradewind.shared.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque, versioned page cursors over DynamoDB keys (a LastEvaluatedKey, or the key of the last item a page
 * answered: {@link Page#read}), each bound to the {@link PageQuery} that produced it. A cursor continues a query only
 * if
 * <ul>
 *   <li>it carries the digest of that query (same table or index, partition, sort-key bounds, order and filters;
 *       the page size may change), and</li>
 *   <li>its key is one DynamoDB takes as the ExclusiveStartKey of that query: exactly the key attributes of the
 *       table or index, non-empty strings within DynamoDB's key sizes, the query's partition, and a sort key inside
 *       the query's bounds.</li>
 * </ul>
 * Anything else is 400 {@code INVALID_CURSOR}, so a cursor never makes DynamoDB fail a query. The digest is no
 * secret: it tells a cursor reused with other parameters apart, while the key checks alone keep a crafted cursor
 * inside the partition the caller may read and inside what DynamoDB accepts.
 *
 * <p>Format {@code 2.<base64url(JSON {"q": digest, "k": {attribute: value}})>}; an empty {@code k} is the start of
 * the query. Cursors of the earlier format ({@code 1.}) are refused: a cursor lives from one page to the next, so a
 * client holding one across the deployment starts its listing again.
 */
public final class PageCursor {

    private static final String VERSION = "2.";
    /** Longer than any cursor this class writes (four keys at DynamoDB's maximum sizes, in base64). */
    private static final int MAX_LENGTH = 9000;
    private static final int MAX_PARTITION_KEY_BYTES = 2048;
    private static final int MAX_SORT_KEY_BYTES = 1024;

    private PageCursor() {
    }

    /** Where a cursor continues: the index of the candidate query, and the start key (null: from its start). */
    public record Position(int query, Map<String, AttributeValue> startKey) {
    }

    /** The cursor to the page after {@code lastEvaluatedKey} of {@code query}; null when there is none (last page). */
    public static String encode(PageQuery query, Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        if (!lastEvaluatedKey.keySet().equals(query.keys().attributes())) {
            throw new IllegalArgumentException("not a key of " + query.keys() + ": " + lastEvaluatedKey.keySet());
        }
        ObjectNode key = Json.mapper().createObjectNode();
        for (String name : query.keys().attributes()) {
            String value = lastEvaluatedKey.get(name).s();
            if (value == null) {
                throw new IllegalArgumentException("only string keys can be paged: " + name);
            }
            key.put(name, value);
        }
        return write(query, key);
    }

    /** The cursor to the items of {@code query} after {@code item}, one of its answers read through {@code schema}. */
    public static <T> String after(PageQuery query, TableSchema<T> schema, T item) {
        return encode(query, schema.itemToMap(item, query.keys().attributes()));
    }

    /** A cursor to the first item of {@code query}: a listing that walks several partitions moves on with it. */
    public static String start(PageQuery query) {
        return write(query, Json.mapper().createObjectNode());
    }

    /**
     * The ExclusiveStartKey for {@code query}; null when {@code cursor} is null or points at the query's start.
     *
     * @throws InvalidInputException INVALID_CURSOR when the cursor is malformed or belongs to another query
     */
    public static Map<String, AttributeValue> decode(String cursor, PageQuery query) {
        return cursor == null ? null : decode(cursor, List.of(query)).startKey();
    }

    /**
     * Which of {@code candidates} the cursor continues, and from where: for a listing that walks several partitions
     * (one query each) in turn.
     *
     * @throws InvalidInputException INVALID_CURSOR when the cursor continues none of them
     */
    public static Position decode(String cursor, List<PageQuery> candidates) {
        if (cursor == null || cursor.length() > MAX_LENGTH || !cursor.startsWith(VERSION)) {
            throw invalid();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(Base64.getUrlDecoder().decode(cursor.substring(VERSION.length())));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid();
        }
        if (node == null || !node.isObject() || node.size() != 2 || !node.path("q").isTextual()
                || !node.path("k").isObject()) {
            throw invalid();
        }
        String digest = node.get("q").asText();
        for (int i = 0; i < candidates.size(); i++) {
            PageQuery query = candidates.get(i);
            if (digest.equals(digest(query))) {
                JsonNode key = node.get("k");
                return new Position(i, key.isEmpty() ? null : startKey(key, query));
            }
        }
        throw invalid();
    }

    private static Map<String, AttributeValue> startKey(JsonNode key, PageQuery query) {
        PageQuery.KeySchema keys = query.keys();
        if (key.size() != keys.attributes().size()) {
            throw invalid();
        }
        Map<String, AttributeValue> start = new LinkedHashMap<>();
        for (String name : keys.attributes()) {
            JsonNode value = key.get(name);
            boolean partitionKey = name.equals(keys.partitionKey())
                    || !keys.tableKeys().isEmpty() && name.equals(keys.tableKeys().getFirst());
            if (value == null || !value.isTextual()
                    || !storable(value.asText(), partitionKey ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES)) {
                throw invalid();
            }
            start.put(name, AttributeValue.fromS(value.asText()));
        }
        String sortKey = start.get(keys.sortKey()).s();
        if (!query.partition().equals(start.get(keys.partitionKey()).s())
                || query.sortLow() != null && compareAsDynamoDb(sortKey, query.sortLow()) < 0
                || query.sortHigh() != null && compareAsDynamoDb(sortKey, query.sortHigh()) > 0) {
            throw invalid();
        }
        return start;
    }

    /** A key value DynamoDB takes: non-empty, valid Unicode (no lone surrogate), at most {@code maxBytes} in UTF-8. */
    private static boolean storable(String value, int maxBytes) {
        return !value.isEmpty() && StandardCharsets.UTF_8.newEncoder().canEncode(value)
                && value.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }

    /** DynamoDB orders string keys by their UTF-8 bytes, which differs from Java's UTF-16 order above U+FFFF. */
    private static int compareAsDynamoDb(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(PageQuery query, ObjectNode key) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("q", digest(query));
        node.set("k", key);
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** 128 bits of SHA-256 over the query's fields as a JSON array (so no two field lists serialise alike). */
    static String digest(PageQuery query) {
        try {
            byte[] descriptor = Json.mapper().writeValueAsBytes(query.descriptor());
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(descriptor);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest a page query", e);
        }
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("INVALID_CURSOR", "cursor is not valid for this request");
    }
}
