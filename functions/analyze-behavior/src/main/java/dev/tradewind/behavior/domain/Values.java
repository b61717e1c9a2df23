package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the ordered name → value maps of metrics and evidence. Ratios become decimals rounded to 4 places (stable
 * text, no binary noise in JSON); undefined ratios (NaN, infinities) are left out rather than invented.
 */
public final class Values {

    private final Map<String, Object> values = new LinkedHashMap<>();

    public static Values of() {
        return new Values();
    }

    public Values ratio(String name, double value) {
        if (Double.isFinite(value)) {
            values.put(name, round(value, 4));
        }
        return this;
    }

    public Values count(String name, long value) {
        values.put(name, value);
        return this;
    }

    public Values money(String name, BigDecimal value) {
        if (value != null) {
            values.put(name, TradeLedger.money(value));
        }
        return this;
    }

    public Values text(String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }

    public Values flag(String name, boolean value) {
        values.put(name, value);
        return this;
    }

    public Values list(String name, List<?> value) {
        values.put(name, List.copyOf(value));
        return this;
    }

    public Map<String, Object> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static BigDecimal round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_EVEN);
    }
}
