package dev.tradewind.auth.domain.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoseJsonTest {

    @Test
    void parse_mapsJsonTypes() {
        Map<String, Object> parsed = JoseJson.parseObject(
                "{\"s\":\"x\",\"i\":1,\"big\":123456789012345678901234567890,\"f\":1.5,\"b\":true,\"n\":null,\"a\":[1,\"2\"],\"o\":{}}");

        assertEquals("x", parsed.get("s"));
        assertEquals(1L, parsed.get("i"));
        assertEquals(new BigInteger("123456789012345678901234567890"), parsed.get("big"));
        assertEquals(1.5, parsed.get("f"));
        assertEquals(Boolean.TRUE, parsed.get("b"));
        assertTrue(parsed.containsKey("n"));
        assertNull(parsed.get("n"));
        assertEquals(List.of(1L, "2"), parsed.get("a"));
        assertEquals(Map.of(), parsed.get("o"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{} {}", "{}x", "[]", "\"s\"", "", "{'a':1}", "{\"a\":NaN}",
        "{\"a\":01}", "{\"a\":1,}", "{/*c*/}"})
    void parse_invalidOrAmbiguous_refused(String json) {
        assertThrows(IllegalArgumentException.class, () -> JoseJson.parseObject(json));
    }

    @Test
    void parse_invalidUtf8OrUtf16_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> JoseJson.parseObject(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}));
        assertThrows(IllegalArgumentException.class,
                () -> JoseJson.parseObject("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)));
    }

    @Test
    void parse_errorMessage_doesNotEchoInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JoseJson.parseObject("{\"secret\":\"hunter2\" oops}"));

        assertFalse(e.getMessage().contains("hunter2"));
        assertNull(e.getCause());
    }

    @Test
    void write_isCompactAndOrdered() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("b", "é\"");
        object.put("a", List.of(1L, 2));
        object.put("c", Map.of("t", true));

        assertEquals("{\"b\":\"é\\\"\",\"a\":[1,2],\"c\":{\"t\":true}}", JoseJson.write(object));
    }
}
