package dev.tradewind.shared.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.http.ErrorMapping;
import dev.tradewind.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PageCursorTest {

    private static final PageQuery.KeySchema TABLE = PageQuery.KeySchema.table("pk", "sk");
    private static final PageQuery.KeySchema INDEX = PageQuery.KeySchema.index("gsi1", "gsi1pk", "gsi1sk", "pk", "sk");
    private static final PageQuery TRADES = PageQuery.of("trading", TABLE, "USER#a#SESSION#s")
            .sortBetween("TRADE#0", "TRADE#~");
    private static final Map<String, AttributeValue> TRADE_KEY = key("pk", "USER#a#SESSION#s", "sk", "TRADE#01J");

    @Test
    void encodeThenDecode_returnsTheSameKey() {
        String cursor = PageCursor.encode(TRADES, TRADE_KEY);
        assertTrue(cursor.startsWith("2."));
        assertEquals(TRADE_KEY, PageCursor.decode(cursor, TRADES));
    }

    @Test
    void encode_withoutALastKey_isNoCursor_andDecode_withoutACursor_startsAtTheBeginning() {
        assertNull(PageCursor.encode(TRADES, null));
        assertNull(PageCursor.encode(TRADES, Map.of()));
        assertNull(PageCursor.decode(null, TRADES));
    }

    @Test
    void indexCursor_carriesTheIndexAndTheTableKeys() {
        PageQuery query = PageQuery.of("trading", INDEX, "USER#a#TRADE").sortBetween("0", "~");
        Map<String, AttributeValue> key = key("gsi1pk", "USER#a#TRADE", "gsi1sk", "01J", "pk", "USER#a#SESSION#s",
                "sk", "TRADE#01J");
        assertEquals(key, PageCursor.decode(PageCursor.encode(query, key), query));
    }

    @Test
    void decode_cursorReusedWithOtherBounds_is400() {
        String cursor = PageCursor.encode(TRADES, TRADE_KEY);
        assertInvalid(() -> PageCursor.decode(cursor, TRADES.sortBetween("TRADE#0", "TRADE#1")),
                "the key is inside the new bounds, but the query is another");
    }

    @Test
    void decode_cursorReusedWithOtherOrder_is400() {
        String cursor = PageCursor.encode(TRADES, TRADE_KEY);
        assertInvalid(() -> PageCursor.decode(cursor, TRADES.descending(true)), "order");
    }

    @Test
    void decode_cursorReusedWithOtherFilter_is400() {
        PageQuery filtered = TRADES.filter("query", "btc");
        String cursor = PageCursor.encode(filtered, TRADE_KEY);
        assertInvalid(() -> PageCursor.decode(cursor, TRADES.filter("query", "eth")), "other filter value");
        assertInvalid(() -> PageCursor.decode(cursor, TRADES), "no filter");
        assertEquals(TRADE_KEY, PageCursor.decode(cursor, filtered));
    }

    @Test
    void decode_cursorOfAnotherPartitionTableOrIndex_is400() {
        String cursor = PageCursor.encode(TRADES, TRADE_KEY);
        assertInvalid(() -> PageCursor.decode(cursor, PageQuery.of("trading", TABLE, "USER#b#SESSION#s")
                .sortBetween("TRADE#0", "TRADE#~")), "partition");
        assertInvalid(() -> PageCursor.decode(cursor, PageQuery.of("other", TABLE, "USER#a#SESSION#s")
                .sortBetween("TRADE#0", "TRADE#~")), "table");
        assertInvalid(() -> PageCursor.decode(cursor, PageQuery.of("trading", INDEX, "USER#a#SESSION#s")
                .sortBetween("TRADE#0", "TRADE#~")), "index");
    }

    // The digest is no secret, so each key check must hold on its own: these cursors carry the right digest.

    @Test
    void decode_keyWithoutItsSortKey_is400() {
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.remove("sk")), TRADES), "no sort key");
    }

    @Test
    void decode_keyWithoutItsPartitionKey_is400() {
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.remove("pk")), TRADES), "no partition key");
    }

    @Test
    void decode_keyWithAnExtraAttribute_is400() {
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.put("gsi1pk", "x")), TRADES), "extra");
    }

    @Test
    void decode_indexKeyWithoutTheTableKeys_is400() {
        PageQuery query = PageQuery.of("trading", INDEX, "USER#a#TRADE");
        Map<String, AttributeValue> key = key("gsi1pk", "USER#a#TRADE", "gsi1sk", "01J", "pk", "USER#a#SESSION#s",
                "sk", "TRADE#01J");
        assertInvalid(() -> PageCursor.decode(forged(query, key, k -> k.remove(List.of("pk", "sk"))), query),
                "a GSI start key needs the table's keys too");
    }

    @Test
    void decode_keyOfAnotherPartition_is400() {
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.put("pk", "USER#b#SESSION#s")), TRADES),
                "partition");
    }

    @Test
    void decode_sortKeyOutsideTheBounds_is400() {
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.put("sk", "POSITION#BTC")), TRADES), "below");
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.put("sk", "TRADE#~~")), TRADES), "above");
        // Java orders U+FFFF after U+10000 (a surrogate pair); DynamoDB, by UTF-8 bytes, before it.
        PageQuery bmp = PageQuery.of("trading", TABLE, "p").sortBetween("A", "A\uffff");
        assertInvalid(() -> PageCursor.decode(forged(bmp, key("pk", "p", "sk", "A\uffff"),
                k -> k.put("sk", "A\ud800\udc00")), bmp), "above the bound in DynamoDB's order");
    }

    @Test
    void decode_keyValuesDynamoDbRefuses_are400() {
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.put("sk", 5)), TRADES), "a number");
        assertInvalid(() -> PageCursor.decode(forged(TRADES, k -> k.putNull("sk")), TRADES), "null");
        PageQuery open = PageQuery.of("trading", TABLE, "USER#a#SESSION#s");
        assertInvalid(() -> PageCursor.decode(forged(open, k -> k.put("sk", "")), open), "empty");
        String loneSurrogate = "2." + b64("{\"q\":\"" + PageCursor.digest(open)
                + "\",\"k\":{\"pk\":\"USER#a#SESSION#s\",\"sk\":\"\\ud800\"}}");
        assertInvalid(() -> PageCursor.decode(loneSurrogate, open), "lone surrogate");
        assertInvalid(() -> PageCursor.decode(forged(open, k -> k.put("sk", "x".repeat(1025))), open), "too long");
    }

    @Test
    void decode_malformed_is400() {
        String digest = PageCursor.digest(TRADES);
        for (String cursor : new String[] {"", "abc", "2.", "2.!!!", "2." + b64("[1]"), "2." + b64("{}"),
                "2." + b64("{\"q\":\"" + digest + "\"}"), "2." + b64("{\"q\":\"" + digest + "\",\"k\":[]}"),
                "2." + b64("{\"q\":\"" + digest + "\",\"k\":{},\"x\":1}"), "2." + "A".repeat(10_000)}) {
            assertInvalid(() -> PageCursor.decode(cursor, TRADES), cursor);
        }
    }

    @Test
    void decode_firstFormatCursor_is400() {
        String v1 = "1." + b64("{\"pk\":[\"S\",\"USER#a#SESSION#s\"],\"sk\":[\"S\",\"TRADE#01J\"]}");
        assertInvalid(() -> PageCursor.decode(v1, TRADES), "cursors of the first format are refused");
    }

    @Test
    void start_continuesAtTheBeginningOfItsQuery_amongSeveral() {
        PageQuery crypto = PageQuery.of("market", INDEX, "CATALOG#crypto");
        PageQuery stock = PageQuery.of("market", INDEX, "CATALOG#stock");
        PageCursor.Position position = PageCursor.decode(PageCursor.start(stock), List.of(crypto, stock));
        assertEquals(1, position.query());
        assertNull(position.startKey());
        assertInvalid(() -> PageCursor.decode(PageCursor.start(stock), List.of(crypto)), "not a candidate");
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable decode, String why) {
        InvalidInputException error = assertThrows(InvalidInputException.class, decode, why);
        assertEquals("INVALID_CURSOR", error.code(), why);
        assertEquals(400, ErrorMapping.status(error), why);
    }

    private static String forged(PageQuery query, Consumer<ObjectNode> edit) {
        return forged(query, TRADE_KEY, edit);
    }

    /** A cursor of {@code query} (so with its digest) whose key a client edited. */
    private static String forged(PageQuery query, Map<String, AttributeValue> key, Consumer<ObjectNode> edit) {
        ObjectNode k = Json.mapper().createObjectNode();
        key.forEach((name, value) -> k.put(name, value.s()));
        edit.accept(k);
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("q", PageCursor.digest(query));
        node.set("k", k);
        return "2." + b64(node.toString());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> key(String... namesAndValues) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            key.put(namesAndValues[i], AttributeValue.fromS(namesAndValues[i + 1]));
        }
        return key;
    }
}
