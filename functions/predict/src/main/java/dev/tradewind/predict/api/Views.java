package dev.tradewind.predict.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.predict.domain.SignalPolicy;
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
            details.put("reason", models.models().isEmpty() && models.failures().isEmpty()
                    ? "no model was found" : "some forecasting models failed to load; forecasts at their "
                    + "intervals answer 503, every other route works");
        }
        details.put("models", models.models().stream().map(m -> Map.of("family", m.card().family(), "version",
                m.version(), "interval", m.card().interval().code(), "lowConfidence", m.card().lowConfidence()))
                .toList());
        if (!models.failures().isEmpty()) {
            details.put("failures", models.failures());
        }
        details.put("instance", InstanceId.get());
        return details;
    }

    /** The cards as the trainer wrote them; built once, since the models never change within an instance. */
    public static Map<String, Object> model(ModelRegistry models) {
        ArrayNode cards = Json.mapper().createArrayNode();
        for (ForecastModel model : models.models()) {
            ObjectNode card = model.card().json();
            cards.add(card);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", cards);
        body.put("failures", models.failures());
        body.put("signalPolicy", SignalPolicy.thresholds());
        return body;
    }
}
