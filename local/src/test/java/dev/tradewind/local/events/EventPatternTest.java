package dev.tradewind.local.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static EventPattern pattern(String text) {
        return EventPattern.compile(json(text));
    }

    private static JsonNode event(String source, String detailType, String detail) {
        return json("{\"version\":\"0\",\"id\":\"1\",\"source\":\"" + source + "\",\"detail-type\":\"" + detailType
                + "\",\"account\":\"123456789012\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + detail
                + "}");
    }

    @Test
    void sourceAndDetailTypeLists_matchAnyListedValueOfEach() {
        EventPattern fanOut = pattern("{\"source\":[\"tradewind.market-ingest\",\"tradewind.predict\"],"
                + "\"detail-type\":[\"CandlesClosed.v1\",\"ForecastsComputed.v1\"]}");
        assertTrue(fanOut.matches(event("tradewind.predict", "ForecastsComputed.v1", "{}")));
        assertTrue(fanOut.matches(event("tradewind.market-ingest", "CandlesClosed.v1", "{}")));
        assertFalse(fanOut.matches(event("tradewind.trading-session", "CandlesClosed.v1", "{}")));
        assertFalse(fanOut.matches(event("tradewind.predict", "CandlesClosed.v2", "{}")));
        assertFalse(fanOut.matches(event("tradewind.predict", "candlesclosed.v1", "{}")), "values are case-sensitive");
    }

    @Test
    void nestedDetailFields_matchExactValues_andAnyElementOfAnArray() {
        EventPattern hourly = pattern("{\"detail\":{\"interval\":[\"1h\"],\"series\":{\"symbol\":[\"BTCUSDT\"]}}}");
        assertTrue(hourly.matches(event("s", "t", "{\"interval\":\"1h\",\"series\":{\"symbol\":\"BTCUSDT\"}}")));
        assertFalse(hourly.matches(event("s", "t", "{\"interval\":\"1d\",\"series\":{\"symbol\":\"BTCUSDT\"}}")));
        assertFalse(hourly.matches(event("s", "t", "{\"interval\":\"1h\"}")), "a missing field never matches");
        assertFalse(hourly.matches(event("s", "t", "{\"interval\":\"1h\",\"series\":\"BTCUSDT\"}")));
        EventPattern tagged = pattern("{\"detail\":{\"tags\":[\"b\",\"z\"]}}");
        assertTrue(tagged.matches(event("s", "t", "{\"tags\":[\"a\",\"b\"]}")));
        assertFalse(tagged.matches(event("s", "t", "{\"tags\":[\"a\",\"c\"]}")));
    }

    @Test
    void numbersCompareByValue_andTypesAreNotConverted() {
        EventPattern one = pattern("{\"detail\":{\"n\":[1]}}");
        assertTrue(one.matches(event("s", "t", "{\"n\":1.0}")));
        assertFalse(one.matches(event("s", "t", "{\"n\":\"1\"}")));
        EventPattern flag = pattern("{\"detail\":{\"on\":[true],\"gone\":[null]}}");
        assertTrue(flag.matches(event("s", "t", "{\"on\":true,\"gone\":null}")));
        assertFalse(flag.matches(event("s", "t", "{\"on\":\"true\",\"gone\":null}")));
    }

    @Test
    void contentFilters_prefixSuffixAnythingButExistsNumericWildcard() {
        assertTrue(pattern("{\"source\":[{\"prefix\":\"tradewind.\"}]}").matches(event("tradewind.x", "t", "{}")));
        assertFalse(pattern("{\"source\":[{\"prefix\":\"tradewind.\"}]}").matches(event("aws.x", "t", "{}")));
        assertTrue(pattern("{\"detail-type\":[{\"suffix\":\".v1\"}]}").matches(event("s", "A.v1", "{}")));
        assertTrue(pattern("{\"source\":[{\"anything-but\":[\"a\",\"b\"]}]}").matches(event("c", "t", "{}")));
        assertFalse(pattern("{\"source\":[{\"anything-but\":\"a\"}]}").matches(event("a", "t", "{}")));
        assertFalse(pattern("{\"source\":[{\"anything-but\":{\"prefix\":\"aws.\"}}]}")
                .matches(event("aws.events", "t", "{}")));
        assertTrue(pattern("{\"detail\":{\"x\":[{\"exists\":false}]}}").matches(event("s", "t", "{}")));
        assertFalse(pattern("{\"detail\":{\"x\":[{\"exists\":true}]}}").matches(event("s", "t", "{}")));
        assertTrue(pattern("{\"detail\":{\"x\":[{\"exists\":true}]}}").matches(event("s", "t", "{\"x\":0}")));
        EventPattern range = pattern("{\"detail\":{\"p\":[{\"numeric\":[\">\",0,\"<=\",5]}]}}");
        assertTrue(range.matches(event("s", "t", "{\"p\":5}")));
        assertFalse(range.matches(event("s", "t", "{\"p\":0}")));
        assertTrue(pattern("{\"source\":[{\"wildcard\":\"trade*.pre?ict\"}]}").matches(event("tradewind.pre?ict", "t",
                "{}")));
        assertTrue(pattern("{\"source\":[{\"equals-ignore-case\":\"TRADEWIND\"}]}").matches(event("tradewind", "t",
                "{}")));
    }

    @Test
    void compile_whatIsNotEmulated_isRefused() {
        for (String refused : new String[] {"{}", "{\"source\":\"a\"}", "{\"source\":[]}",
                "{\"source\":[{\"cidr\":\"10.0.0.0/24\"}]}", "{\"$or\":[{\"source\":[\"a\"]}]}",
                "{\"detail\":{\"p\":[{\"numeric\":[\"~\",1]}]}}"}) {
            assertThrows(IllegalArgumentException.class, () -> pattern(refused), refused);
        }
    }
}
