package dev.tradewind.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SAM's Globals rule: maps merge (resource wins per key), lists are additive, scalars are overridden. */
final class Globals {

    private Globals() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> global, Map<String, Object> local) {
        Map<String, Object> merged = new LinkedHashMap<>(global);
        local.forEach((key, value) -> {
            Object base = merged.get(key);
            if (base instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> valueMap && !isIntrinsic(valueMap)) {
                merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) valueMap));
            } else if (base instanceof List<?> baseList && value instanceof List<?> valueList) {
                List<Object> combined = new ArrayList<>(baseList);
                combined.addAll(valueList);
                merged.put(key, combined);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        return map.size() == 1 && map.keySet().iterator().next() instanceof String key
                && (key.equals("Ref") || key.startsWith("Fn::"));
    }
}
