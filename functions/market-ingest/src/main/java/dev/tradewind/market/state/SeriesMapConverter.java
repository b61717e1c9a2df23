package dev.tradewind.market.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A bucket's series as a DynamoDB map, with short attribute names because a bucket holds up to a few hundred
 * series: {@code e}/{@code l} earliest/latest open (epoch seconds), {@code r} recent [open, close] pairs, {@code g}
 * gaps [from, to, attempts], {@code s} stale, {@code h} catalog hash, {@code f} last failure.
 */
final class SeriesMapConverter implements AttributeConverter<Map<String, SeriesState>> {

    @Override
    public AttributeValue transformFrom(Map<String, SeriesState> input) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        input.forEach((symbol, state) -> out.put(symbol, AttributeValue.fromM(item(state))));
        return AttributeValue.fromM(out);
    }

    private static Map<String, AttributeValue> item(SeriesState state) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (state.earliest() != null) {
            item.put("e", epoch(state.earliest()));
        }
        if (state.latest() != null) {
            item.put("l", epoch(state.latest()));
        }
        List<AttributeValue> recent = new ArrayList<>(state.recent().size());
        for (PricePoint point : state.recent()) {
            recent.add(AttributeValue.fromL(List.of(epoch(point.openTime()), AttributeValue.fromN(point.close().toPlainString()))));
        }
        item.put("r", AttributeValue.fromL(recent));
        List<AttributeValue> gaps = new ArrayList<>(state.gaps().size());
        for (Gap gap : state.gaps()) {
            gaps.add(AttributeValue.fromL(List.of(epoch(gap.from()), epoch(gap.to()),
                    AttributeValue.fromN(Integer.toString(gap.attempts())))));
        }
        item.put("g", AttributeValue.fromL(gaps));
        item.put("s", AttributeValue.fromBool(state.stale()));
        if (state.catalogHash() != null) {
            item.put("h", AttributeValue.fromS(state.catalogHash()));
        }
        if (state.lastFailure() != null) {
            item.put("f", AttributeValue.fromS(state.lastFailure()));
        }
        return item;
    }

    @Override
    public Map<String, SeriesState> transformTo(AttributeValue input) {
        Map<String, SeriesState> out = new TreeMap<>();
        if (input == null || !input.hasM()) {
            return out;
        }
        input.m().forEach((symbol, value) -> out.put(symbol, state(symbol, value.m())));
        return out;
    }

    private static SeriesState state(String symbol, Map<String, AttributeValue> item) {
        List<PricePoint> recent = new ArrayList<>();
        if (item.containsKey("r")) {
            for (AttributeValue pair : item.get("r").l()) {
                recent.add(new PricePoint(instant(pair.l().get(0)), new BigDecimal(pair.l().get(1).n())));
            }
        }
        List<Gap> gaps = new ArrayList<>();
        if (item.containsKey("g")) {
            for (AttributeValue gap : item.get("g").l()) {
                gaps.add(new Gap(instant(gap.l().get(0)), instant(gap.l().get(1)), Integer.parseInt(gap.l().get(2).n())));
            }
        }
        return new SeriesState(symbol,
                item.containsKey("e") ? instant(item.get("e")) : null,
                item.containsKey("l") ? instant(item.get("l")) : null,
                recent, gaps,
                item.containsKey("s") && Boolean.TRUE.equals(item.get("s").bool()),
                item.containsKey("h") ? item.get("h").s() : null,
                item.containsKey("f") ? item.get("f").s() : null);
    }

    private static AttributeValue epoch(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    private static Instant instant(AttributeValue value) {
        return Instant.ofEpochSecond(Long.parseLong(value.n()));
    }

    @Override
    public EnhancedType<Map<String, SeriesState>> type() {
        return EnhancedType.mapOf(String.class, SeriesState.class);
    }

    @Override
    public AttributeValueType attributeValueType() {
        return AttributeValueType.M;
    }
}
