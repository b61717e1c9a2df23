package dev.tradewind.market.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.market.domain.series.Gap;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.shared.dynamo.CompressedJson;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A bucket's series as one gzip-compressed JSON document in a binary attribute, keyed by symbol:
 * {@code {"BTCUSDT": {"e": earliest, "l": latest, "c": last close, "g": [from, to, attempts, ...], "s": stale,
 * "h": catalog hash, "f": last failure}}}, times in epoch seconds. One attribute rather than nested DynamoDB maps:
 * a bucket holds a few hundred series and is rewritten by every run, so it should cost one attribute to marshal.
 * Compressed because every run pays write units for each kilobyte of every bucket: in the ingest benchmark a bucket of
 * 160 series is 15.7 KB of JSON and 3.6 KB gzipped, 4 WRU instead of 16. Buckets stored before compression, the same
 * JSON as a string attribute, are still read.
 */
final class SeriesMapConverter implements AttributeConverter<Map<String, SeriesState>> {

    @Override
    public AttributeValue transformFrom(Map<String, SeriesState> input) {
        StringWriter out = new StringWriter(input.size() * 400);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, SeriesState> entry : input.entrySet()) {
                SeriesState state = entry.getValue();
                g.writeObjectFieldStart(entry.getKey());
                if (state.earliest() != null) {
                    g.writeNumberField("e", state.earliest().getEpochSecond());
                }
                if (state.latest() != null) {
                    g.writeNumberField("l", state.latest().getEpochSecond());
                }
                if (state.lastClose() != null) {
                    g.writeNumberField("c", state.lastClose());
                }
                if (!state.gaps().isEmpty()) {
                    g.writeArrayFieldStart("g");
                    for (Gap gap : state.gaps()) {
                        g.writeNumber(gap.from().getEpochSecond());
                        g.writeNumber(gap.to().getEpochSecond());
                        g.writeNumber(gap.attempts());
                    }
                    g.writeEndArray();
                }
                g.writeBooleanField("s", state.stale());
                if (state.catalogHash() != null) {
                    g.writeStringField("h", state.catalogHash());
                }
                if (state.lastFailure() != null) {
                    g.writeStringField("f", state.lastFailure());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AttributeValue.fromB(CompressedJson.gzip(out.toString()));
    }

    @Override
    public Map<String, SeriesState> transformTo(AttributeValue input) {
        Map<String, SeriesState> out = new TreeMap<>();
        String json = input == null ? null
                : input.b() != null ? CompressedJson.read(input.b().asByteArrayUnsafe())
                : input.s();
        if (json == null) {
            return out;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("series state is not valid JSON", e);
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            out.put(entry.getKey(), state(entry.getKey(), entry.getValue()));
        }
        return out;
    }

    private static SeriesState state(String symbol, JsonNode item) {
        List<Gap> gaps = new ArrayList<>();
        JsonNode g = item.path("g");
        for (int i = 0; i + 2 < g.size(); i += 3) {
            gaps.add(new Gap(Instant.ofEpochSecond(g.get(i).asLong()), Instant.ofEpochSecond(g.get(i + 1).asLong()),
                    g.get(i + 2).asInt()));
        }
        return new SeriesState(symbol,
                item.has("e") ? Instant.ofEpochSecond(item.get("e").asLong()) : null,
                item.has("l") ? Instant.ofEpochSecond(item.get("l").asLong()) : null,
                item.has("c") ? decimal(item.get("c")) : null, gaps, item.path("s").asBoolean(false),
                item.has("h") ? item.get("h").asText() : null,
                item.has("f") ? item.get("f").asText() : null);
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.asText());
    }

    @Override
    public EnhancedType<Map<String, SeriesState>> type() {
        return EnhancedType.mapOf(String.class, SeriesState.class);
    }

    @Override
    public AttributeValueType attributeValueType() {
        return AttributeValueType.B;
    }
}
