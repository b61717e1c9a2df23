package dev.tradewind.behavior.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One instance that proves a finding: when, which fills (trade ids), the amounts, and one sentence.
 *
 * @param values named numbers (money as exact decimals, ratios rounded to 4 places), in a fixed order
 */
public record Evidence(Instant time, String symbol, List<String> tradeIds, String description,
                       Map<String, Object> values) {

    public Evidence {
        tradeIds = tradeIds == null ? List.of() : List.copyOf(tradeIds);
        values = values == null ? Map.of() : values;
    }
}
