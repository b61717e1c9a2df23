package dev.tradewind.model;

import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.shared.market.Interval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every model of the model layer, one per candle interval, loaded once at init. A model that fails to load does not
 * stop the others: it is listed in {@link #failures()} so the predict function can answer 503 for it and say why
 * on its health route, while everything else keeps working.
 *
 * <pre>{@code
 * // at init (static or in the handler's constructor), once per process:
 * ModelLayer models = ModelLayer.load(ModelLayer.defaultDirectory().orElseThrow());
 * // per request:
 * ForecastModel model = models.model(Interval.H1).orElseThrow(...);
 * float p = model.predict(model.features(candleRepository.window(symbol, Interval.H1, asOf, model.features().windowLength())));
 * VolatilityModel vol = models.volatility(Interval.H1).orElseThrow(...);
 * VolatilityForecast f = vol.forecast(candleRepository.window(symbol, Interval.H1, asOf, vol.windowLength()));
 * RangeForecast range = vol.range(f, lastClose);
 * }</pre>
 */
public final class ModelLayer implements AutoCloseable {

    /** Where the layer's models are: {@code <layer root>/model}, {@code /opt/model} in Lambda. */
    public static final String MODEL_DIRECTORY = "model";

    private final Path directory;
    private final Map<Interval, ForecastModel> models;
    private final Map<Interval, VolatilityModel> volatility;
    private final Map<String, ModelLoadException> failures;

    private ModelLayer(Path directory, Map<Interval, ForecastModel> models, Map<Interval, VolatilityModel> volatility,
                       Map<String, ModelLoadException> failures) {
        this.directory = directory;
        this.models = Collections.unmodifiableMap(models);
        this.volatility = Collections.unmodifiableMap(volatility);
        this.failures = Collections.unmodifiableMap(failures);
    }

    /**
     * The layer's model folder, found relative to this class's jar ({@code /opt/java/lib/tradewind-model.jar} →
     * {@code /opt/model}); empty when this code does not run from an unpacked layer.
     */
    public static Optional<Path> defaultDirectory() {
        return OrtNatives.layerRoot().map(root -> root.resolve(MODEL_DIRECTORY)).filter(Files::isDirectory);
    }

    /**
     * Loads every sub-folder of {@code directory} that holds a model card, in name order. Never throws for a broken
     * model: see {@link #failures()}. A missing directory is one failure named after it.
     */
    public static ModelLayer load(Path directory) {
        return load(directory, InferenceOptions.defaults());
    }

    public static ModelLayer load(Path directory, InferenceOptions options) {
        Map<Interval, ForecastModel> models = new EnumMap<>(Interval.class);
        Map<Interval, VolatilityModel> volatility = new EnumMap<>(Interval.class);
        Map<String, ModelLoadException> failures = new LinkedHashMap<>();
        if (!Files.isDirectory(directory)) {
            failures.put(directory.getFileName() == null ? directory.toString() : directory.getFileName().toString(),
                    new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, directory, "no model folder", null));
            return new ModelLayer(directory, models, volatility, failures);
        }
        for (Path family : families(directory)) {
            String name = family.getFileName().toString();
            try {
                ForecastModel model = ForecastModel.load(family, options);
                ForecastModel previous = models.putIfAbsent(model.card().interval(), model);
                if (previous != null) {
                    model.close();
                    failures.put(name, new ModelLoadException(ModelLoadException.Reason.CONTRACT_VIOLATION, family,
                            "a second model for " + model.card().interval().code() + " (" + previous.version()
                                    + " is loaded)", null));
                }
            } catch (ModelLoadException e) {
                failures.put(name, e);
            }
            if (Files.exists(family.resolve(ModelContract.VOLATILITY_FILE))) {
                try {
                    VolatilityModel model = VolatilityModel.load(family);
                    if (volatility.putIfAbsent(model.spec().interval(), model) != null) {
                        failures.put(name + "/" + ModelContract.VOLATILITY_FILE, new ModelLoadException(
                                ModelLoadException.Reason.CONTRACT_VIOLATION, family, "a second volatility model for "
                                + model.spec().interval().code(), null));
                    }
                } catch (ModelLoadException e) {
                    failures.put(name + "/" + ModelContract.VOLATILITY_FILE, e);
                }
            }
        }
        return new ModelLayer(directory, models, volatility, failures);
    }

    private static List<Path> families(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory)
                    .filter(d -> Files.exists(d.resolve(ModelContract.CARD_FILE))
                            || Files.exists(d.resolve(ModelContract.MODEL_FILE)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path directory() {
        return directory;
    }

    public Optional<ForecastModel> model(Interval interval) {
        return Optional.ofNullable(models.get(interval));
    }

    /** The volatility and price-range model of an interval, when its folder ships {@code volatility.json}. */
    public Optional<VolatilityModel> volatility(Interval interval) {
        return Optional.ofNullable(volatility.get(interval));
    }

    public Collection<ForecastModel> models() {
        return models.values();
    }

    /**
     * Model folders that failed to load, by folder name (e.g. {@code crypto-1h}), with the reason; a broken
     * volatility model is listed as {@code <folder>/volatility.json} and does not stop the direction model.
     */
    public Map<String, ModelLoadException> failures() {
        return failures;
    }

    @Override
    public void close() {
        models.values().forEach(ForecastModel::close);
    }
}
