package dev.tradewind.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Price(BigDecimal amount, Instant at) {
    }

    @Test
    void write_bigDecimalPlainAndInstantIso() {
        String json = Json.write(new Price(new BigDecimal("1E-8"), Instant.parse("2021-01-01T00:00:00Z")));
        assertEquals("{\"amount\":0.00000001,\"at\":\"2021-01-01T00:00:00Z\"}", json);
    }

    @Test
    void read_floatsBecomeBigDecimalExactly() throws Exception {
        Map<?, ?> value = Json.mapper().readValue("{\"x\":0.1}", Map.class);
        assertEquals(new BigDecimal("0.1"), value.get("x"));
    }

    @Test
    void read_duplicateKeys_rejected() {
        assertThrows(JsonProcessingException.class, () -> Json.mapper().readValue("{\"a\":1,\"a\":2}", Map.class));
    }

    @Test
    void read_deepNesting_rejected() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThrows(JsonProcessingException.class, () -> Json.mapper().readTree(deep));
    }
}
