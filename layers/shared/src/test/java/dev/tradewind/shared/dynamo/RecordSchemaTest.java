package dev.tradewind.shared.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RecordSchemaTest {

    enum Colour { RED, GREEN }

    record Sample(String id, BigDecimal amount, Instant at, Long count, Integer small, Boolean flag, Colour colour,
                  List<String> tags, List<Long> times) {
    }

    static final StaticImmutableTableSchema<Sample, RecordSchema.Values> SCHEMA = RecordSchema.of(Sample.class,
                    v -> new Sample(v.string("id"), v.decimal("amount"), v.instant("at"), v.longNumber("count"),
                            v.integer("small"), v.bool("flag"), v.enumeration("colour", Colour.class), v.strings("tags"),
                            v.longs("times")))
            .partitionKey("pk", s -> "SAMPLE#" + s.id())
            .sortKey("sk", s -> "A")
            .string("id", Sample::id)
            .decimal("amount", Sample::amount)
            .instant("at", Sample::at)
            .longNumber("count", Sample::count)
            .integer("small", Sample::small)
            .bool("flag", Sample::flag)
            .enumeration("colour", Sample::colour)
            .strings("tags", Sample::tags)
            .longs("times", Sample::times)
            .build();

    @Test
    void roundTrip_keepsEveryValueExactly() {
        Sample sample = new Sample("x1", new BigDecimal("12345678901234567890.123456789"),
                Instant.parse("2022-01-03T10:15:30.123Z"), 42L, 7, true, Colour.GREEN, List.of("a", "b"),
                List.of(1L, 2L));
        Map<String, AttributeValue> item = SCHEMA.itemToMap(sample, true);
        assertEquals("SAMPLE#x1", item.get("pk").s());
        assertEquals("12345678901234567890.123456789", item.get("amount").n());
        assertEquals("GREEN", item.get("colour").s());
        assertEquals(sample, SCHEMA.mapToItem(item));
    }

    @Test
    void absentAttributes_readAsNullOrEmpty() {
        Sample sparse = new Sample("x2", null, null, null, null, null, null, null, null);
        Map<String, AttributeValue> item = SCHEMA.itemToMap(sparse, true);
        assertFalse(item.containsKey("amount"));
        Sample read = SCHEMA.mapToItem(item);
        assertEquals(new Sample("x2", null, null, null, null, null, null, List.of(), List.of()), read);
    }
}
