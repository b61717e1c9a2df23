package dev.tradewind.predict.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.predict.domain.SignalPolicy;
import dev.tradewind.predict.domain.VolatilityCard;
import dev.tradewind.predict.service.ModelRegistry;
import dev.tradewind.shared.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bodies the predict routes build themselves: the health details and the model cards. Forecasts, signals and
 * accuracy are answered as the services return them.
 */
public final class Views {

    private Views() {
    }

    public static Map<String, Object> health(ModelRegistry models) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!models.healthy()) {
            details.put("status", "degraded");
            details.put("reason", reason(models));
        }
        details.put("models", models.models().stream().map(m -> Map.of("family", m.card().family(), "version",
                m.version(), "interval", m.card().interval().code(), "lowConfidence", m.card().lowConfidence()))
                .toList());
        if (!models.failures().isEmpty()) {
            details.put("failures", models.failures());
        }
        if (!models.volatilityProblems().isEmpty()) {
            details.put("volatility", models.volatilityProblems());
        }
        details.put("instance", InstanceId.get());
        return details;
    }

    private static String reason(ModelRegistry models) {
        if (models.models().isEmpty() && models.failures().isEmpty()) {
            return "no model was found";
        }
        boolean direction = models.failures().stream().anyMatch(f -> ModelRegistry.DIRECTION.equals(f.part()));
        String volatility = "forecasts at an interval whose volatility model is missing or broken are served "
                + "without volatility and range";
        return direction ? "some forecasting models failed to load; forecasts at their intervals answer 503, every "
                + "other route works" + (models.volatilityProblems().isEmpty() ? "" : "; " + volatility)
                : volatility;
    }

    /**
     * The cards as the trainer wrote them, each with its family's volatility and range evaluation beside it under
     * {@code volatility} (from volatility.json: target, ranges, baselines, evaluation with its intervals, targets met
     * and the missed ones listed; the fitted coefficients are left out); built once, since the models never change
     * within an instance.
     */
    public static Map<String, Object> model(ModelRegistry models) {
        ArrayNode cards = Json.mapper().createArrayNode();
        for (ForecastModel model : models.models()) {
            ObjectNode card = model.card().json();
            models.volatility(model.card().interval()).ifPresent(v -> card.set("volatility", volatility(
                    v.json(), models.volatilityCard(model.card().interval()).orElseThrow())));
            cards.add(card);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", cards);
        body.put("failures", models.failures());
        if (!models.volatilityProblems().isEmpty()) {
            body.put("volatilityUnavailable", models.volatilityProblems());
        }
        body.put("signalPolicy", SignalPolicy.thresholds());
        return body;
    }

    private static ObjectNode volatility(ObjectNode json, VolatilityCard card) {
        ObjectNode out = Json.mapper().createObjectNode();
        for (String field : new String[] {"family", "kind", "description", "target", "range", "baselines",
                "evaluation", "targetsMet"}) {
            if (json.has(field)) {
                out.set(field, json.get(field));
            }
        }
        ArrayNode missed = out.putArray("targetsMissed");
        card.volatilityMissed().forEach(missed::add);
        card.rangeMissed().forEach(missed::add);
        return out;
    }
}
