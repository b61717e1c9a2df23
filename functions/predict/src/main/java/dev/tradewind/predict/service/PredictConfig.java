package dev.tradewind.predict.service;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The predict function's configuration, read once at init.
 *
 * @param marketTable      candles and the instrument catalog (read only)
 * @param predictionsTable forecast cache, prediction log and the queue of predictions waiting to resolve
 * @param modelDirectory   {@code MODEL_DIRECTORY}: where the models are; empty means the model layer's own
 *                         ({@code /opt/model}), which is what Lambda uses
 * @param retention        {@code PREDICTION_RETENTION} (ISO-8601, default P400D): how long a prediction is kept
 *                         after its candle closed (its TTL), so also the longest accuracy window
 * @param resolveLimit     {@code RESOLVE_BATCH} (default 500): the most predictions per interval one scheduled
 *                         resolution run looks at
 * @param metricsNamespace {@code POWERTOOLS_METRICS_NAMESPACE} (default Tradewind): where the forecast counts and
 *                         the resolution runs' metrics go
 * @param eventBus         {@code EVENT_BUS_NAME}: the bus {@code ForecastsComputed} goes to (docs/realtime.md#events);
 *                         none without it
 */
public record PredictConfig(String marketTable, String predictionsTable, Optional<Path> modelDirectory,
                            Duration retention, int resolveLimit, String metricsNamespace,
                            Optional<String> eventBus) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

    public static PredictConfig from(Environment env) {
        Duration retention = env.getDuration("PREDICTION_RETENTION", DEFAULT_RETENTION);
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException("PREDICTION_RETENTION must be at least one day, was " + retention);
        }
        int resolveLimit = env.getInt("RESOLVE_BATCH", 500);
        if (resolveLimit < 1 || resolveLimit > 5000) {
            throw new ConfigException("RESOLVE_BATCH must be between 1 and 5000, was " + resolveLimit);
        }
        return new PredictConfig(env.require("MARKET_TABLE"), env.require("PREDICTIONS_TABLE"),
                env.optional("MODEL_DIRECTORY").map(Path::of), retention, resolveLimit,
                env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"), env.optional("EVENT_BUS_NAME"));
    }
}
