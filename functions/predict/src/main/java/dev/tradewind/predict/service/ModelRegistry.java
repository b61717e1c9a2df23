package dev.tradewind.predict.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelCard;
import dev.tradewind.model.ModelContract;
import dev.tradewind.model.ModelLayer;
import dev.tradewind.model.ModelLoadException;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.predict.domain.VolatilityCard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this instance serves, loaded once at init through the model layer, and what failed to load. A missing
 * or corrupt model never stops the function: its interval answers 503 with the reason ({@link #require}) and the
 * health route says why, while the other interval and the non-forecast routes keep working.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /**
     * A model folder that did not load.
     *
     * @param family      the folder's name, e.g. {@code crypto-1h}
     * @param interval    the interval it serves, when its card could still be read; null when unknown
     * @param reason      the model layer's reason
     * @param description the reason in words, for callers (no paths, no internals)
     * @param part        {@value #DIRECTION} (model.onnx and its card: forecasts at its interval answer 503) or
     *                    {@value #VOLATILITY} (volatility.json: forecasts are served without volatility and ranges)
     */
    public record Failure(String family, Interval interval, ModelLoadException.Reason reason, String description,
                          String part) {

        public Failure(String family, Interval interval, ModelLoadException.Reason reason, String description) {
            this(family, interval, reason, description, DIRECTION);
        }

        boolean isDirection() {
            return DIRECTION.equals(part);
        }
    }

    public static final String DIRECTION = "direction";
    public static final String VOLATILITY = "volatility";

    private final ModelLayer layer;
    private final List<Failure> failures;
    /** The class each broken direction model whose card could still be read was meant to forecast. */
    private final Map<Interval, AssetClass> brokenClasses;
    private final Map<Interval, VolatilityCard> volatilityCards = new EnumMap<>(Interval.class);

    private ModelRegistry(ModelLayer layer, List<Failure> failures, Map<Interval, AssetClass> brokenClasses) {
        this.layer = layer;
        this.failures = List.copyOf(failures);
        this.brokenClasses = Map.copyOf(brokenClasses);
        if (layer != null) {
            for (Interval interval : Interval.values()) {
                layer.volatility(interval).ifPresent(v -> volatilityCards.put(interval, volatilityCard(v)));
            }
        }
    }

    /**
     * The targets of the issue the card's {@code targetsMet} block judges, split by part: a {@code false} in any
     * evaluated set is a missed target ({@code "holdout.qlikeBelowGarch"}); the "...Significant" entries say whether
     * a met target is also outside the noise, and are not targets themselves.
     */
    static VolatilityCard volatilityCard(VolatilityModel model) {
        ObjectNode json = model.json();
        List<String> volatilityMissed = new ArrayList<>();
        List<String> rangeMissed = new ArrayList<>();
        JsonNode targets = json.path("targetsMet");
        targets.properties().forEach(set -> {
            if (!set.getValue().path("evaluated").asBoolean(false)) {
                return;
            }
            set.getValue().properties().forEach(target -> {
                String name = target.getKey();
                if (name.equals("evaluated") || name.endsWith("Significant") || target.getValue().asBoolean(true)) {
                    return;
                }
                (name.startsWith("qlike") ? volatilityMissed : rangeMissed).add(set.getKey() + "." + name);
            });
        });
        return new VolatilityCard(json.path("target").path("definition").asText(null), volatilityMissed,
                rangeMissed);
    }

    /**
     * @param directory the model folder; empty means the model layer's own ({@code /opt/model})
     */
    public static ModelRegistry load(Optional<Path> directory) {
        Optional<Path> folder = directory.or(ModelLayer::defaultDirectory);
        if (folder.isEmpty()) {
            LOG.error("No model folder: the model layer is not attached and MODEL_DIRECTORY is not set");
            return new ModelRegistry(null, List.of(new Failure("model", null, ModelLoadException.Reason.NOT_FOUND,
                    "no model folder: the model layer is not attached")), Map.of());
        }
        return of(ModelLayer.load(folder.get()));
    }

    public static ModelRegistry of(ModelLayer layer) {
        List<Failure> failures = new ArrayList<>();
        Map<Interval, AssetClass> brokenClasses = new EnumMap<>(Interval.class);
        for (Map.Entry<String, ModelLoadException> failure : layer.failures().entrySet()) {
            ModelLoadException e = failure.getValue();
            LOG.error("Model failed to load", entry("model", failure.getKey()), entry("reason", e.reason().name()),
                    entry("detail", e.getMessage()));
            String key = failure.getKey();
            boolean volatility = key.endsWith("/" + ModelContract.VOLATILITY_FILE);
            String family = volatility ? key.substring(0, key.indexOf('/')) : key;
            Optional<ModelCard> card = cardOf(layer.directory().resolve(family));
            failures.add(new Failure(family, card.map(ModelCard::interval).orElse(null), e.reason(),
                    volatility ? describeVolatility(e.reason()) : describe(e.reason()),
                    volatility ? VOLATILITY : DIRECTION));
            if (!volatility) {
                card.ifPresent(c -> brokenClasses.put(c.interval(), c.assetClass()));
            }
        }
        for (ForecastModel model : layer.models()) {
            LOG.info("Model loaded", entry("model", model.version()),
                    entry("interval", model.card().interval().code()),
                    entry("lowConfidence", model.card().lowConfidence()));
        }
        return new ModelRegistry(layer, failures, brokenClasses);
    }

    /** The card of a broken model, if it can still be read: the interval and class it was meant to serve. */
    private static Optional<ModelCard> cardOf(Path family) {
        Path card = family.resolve(ModelContract.CARD_FILE);
        try {
            return Files.isRegularFile(card) ? Optional.of(ModelCard.parse(Files.readAllBytes(card), card))
                    : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String describe(ModelLoadException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "its model files are missing";
            case UNREADABLE -> "its model files cannot be read";
            case INVALID_MODEL -> "ONNX Runtime rejected model.onnx (corrupt or unsupported)";
            case CONTRACT_VIOLATION -> "the model does not match this function's feature code";
            case INVALID_CARD -> "its model card is missing fields or is not JSON";
            case VERSION_MISMATCH -> "model.onnx does not match the SHA-256 in its card (corrupt or replaced)";
            case RUNTIME_UNAVAILABLE -> "ONNX Runtime's native libraries could not be loaded";
        };
    }

    static String describeVolatility(ModelLoadException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND, UNREADABLE -> "its volatility.json cannot be read";
            case CONTRACT_VIOLATION -> "a second volatility model for the same interval";
            default -> "its volatility.json is missing fields, is not JSON or does not match this function's "
                    + "feature code";
        };
    }

    /** The volatility and price-range model of an interval, when its family ships a working volatility.json. */
    public Optional<VolatilityModel> volatility(Interval interval) {
        return layer == null ? Optional.empty() : layer.volatility(interval);
    }

    /** What the forecast route says about the volatility model of an interval: its target and missed targets. */
    public Optional<VolatilityCard> volatilityCard(Interval interval) {
        return Optional.ofNullable(volatilityCards.get(interval));
    }

    /**
     * Why forecasts at {@code interval} come without volatility and ranges although its direction model serves
     * (docs/forecasts.md#degraded-mode); empty when its volatility model loaded or there is no direction model.
     */
    public Optional<Failure> volatilityProblem(Interval interval) {
        if (model(interval).isEmpty() || volatility(interval).isPresent()) {
            return Optional.empty();
        }
        return volatilityProblems().stream().filter(f -> f.interval() == interval).findFirst();
    }

    /**
     * Every loaded direction model whose volatility model is not served: its volatility.json failed to load, or
     * its folder has none.
     */
    public List<Failure> volatilityProblems() {
        List<Failure> out = new ArrayList<>();
        for (ForecastModel model : models()) {
            Interval interval = model.card().interval();
            if (volatility(interval).isPresent()) {
                continue;
            }
            out.add(failures.stream().filter(f -> !f.isDirection() && f.interval() == interval).findFirst()
                    .orElse(new Failure(model.card().family(), interval, ModelLoadException.Reason.NOT_FOUND,
                            "its folder has no volatility.json", VOLATILITY)));
        }
        return out;
    }

    public Optional<ForecastModel> model(Interval interval) {
        return layer == null ? Optional.empty() : layer.model(interval);
    }

    public Collection<ForecastModel> models() {
        return layer == null ? List.of() : layer.models();
    }

    public List<Failure> failures() {
        return failures;
    }

    /** Every model folder loaded, every direction model has its volatility model, and at least one model serves. */
    public boolean healthy() {
        return failures.isEmpty() && !models().isEmpty() && volatilityProblems().isEmpty();
    }

    /**
     * The model that forecasts {@code assetClass} instruments at {@code interval}.
     *
     * @throws UnavailableException  MODEL_UNAVAILABLE when the model for that interval failed to load (or a broken
     *                               model's interval is unknown)
     * @throws InvalidInputException NO_MODEL when no model forecasts that interval and class
     */
    public ForecastModel require(Interval interval, AssetClass assetClass) {
        requireModelExists(interval, assetClass);
        Optional<UnavailableException> unavailable = unavailability(interval);
        if (unavailable.isPresent()) {
            throw unavailable.get();
        }
        return model(interval).orElseThrow();
    }

    /**
     * Refuses an interval and class no model forecasts, as {@link #require} does, but lets through an interval whose
     * model failed to load: the predictions it stored remain, and the accuracy route keeps scoring them.
     *
     * @throws InvalidInputException NO_MODEL when no model, loaded or not, forecasts that interval and class
     */
    public void requireModelExists(Interval interval, AssetClass assetClass) {
        Optional<ForecastModel> model = model(interval);
        // A broken model whose card is unreadable may have forecast any class: its interval answers 503.
        boolean exists = model.isPresent() ? model.get().card().assetClass() == assetClass
                : unavailability(interval).isPresent()
                        && Optional.ofNullable(brokenClasses.get(interval)).map(assetClass::equals).orElse(true);
        if (!exists) {
            throw noModel(interval, assetClass);
        }
    }

    /** Why forecasts at {@code interval} are unavailable when its model is broken; empty when it is not. */
    public Optional<UnavailableException> unavailability(Interval interval) {
        if (model(interval).isPresent()) {
            return Optional.empty();
        }
        List<Failure> relevant = failures.stream().filter(Failure::isDirection)
                .filter(f -> f.interval() == null || f.interval() == interval).toList();
        return relevant.isEmpty() ? Optional.empty() : Optional.of(unavailable(interval, relevant));
    }

    private static UnavailableException unavailable(Interval interval, List<Failure> failures) {
        String why = failures.stream().map(f -> "model " + f.family() + " failed to load: " + f.description())
                .collect(Collectors.joining("; "));
        return new UnavailableException("MODEL_UNAVAILABLE", "Forecasts at " + interval.code()
                + " are unavailable: " + why + ". See GET /v1/health/predict.");
    }

    private InvalidInputException noModel(Interval interval, AssetClass assetClass) {
        String available = models().stream()
                .map(m -> m.card().assetClass().code() + " at " + m.card().interval().code())
                .collect(Collectors.joining(", "));
        return new InvalidInputException("NO_MODEL", "No model forecasts " + assetClass.code() + " instruments at "
                + interval.code() + (available.isEmpty() ? "" : "; models exist for " + available));
    }

    @Override
    public void close() {
        if (layer != null) {
            layer.close();
        }
    }
}
