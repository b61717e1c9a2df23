package dev.tradewind.model;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM on exactly a Lambda's class path for the model layer ({@code /opt/java/lib/*.jar}), with no
 * configuration: finds the layer's models and native libraries by itself, as the predict function does, and prints
 * one line per model with the probability it gives the latest window of one bundled instrument, and one with the
 * variance its volatility model forecasts.
 * Usage: {@code LayerProbe <data/market folder>}.
 */
public final class LayerProbe {

    private LayerProbe() {
    }

    public static void main(String[] args) {
        BundledHistory history = BundledHistory.load(Path.of(args[0]));
        Path directory = ModelLayer.defaultDirectory().orElseThrow(() ->
                new IllegalStateException("not running from a layer"));
        try (ModelLayer layer = ModelLayer.load(directory)) {
            System.out.println("natives " + OrtNatives.describe());
            for (Map.Entry<String, ModelLoadException> failure : layer.failures().entrySet()) {
                System.out.println("failure " + failure.getKey() + " " + failure.getValue().getMessage());
            }
            for (ForecastModel model : layer.models()) {
                String symbol = model.card().symbols().getFirst();
                List<Candle> candles = history.candles(symbol);
                float p = model.predict(model.features(candles.subList(candles.size() - 100, candles.size())));
                System.out.println("model " + model.version() + " " + symbol + " " + Float.floatToRawIntBits(p));
                layer.volatility(model.card().interval()).ifPresent(vol -> System.out.println("volatility "
                        + vol.family() + " " + symbol + " " + Double.doubleToRawLongBits(vol.forecast(candles.subList(
                        candles.size() - vol.windowLength(), candles.size())).variance())));
            }
        }
    }
}
