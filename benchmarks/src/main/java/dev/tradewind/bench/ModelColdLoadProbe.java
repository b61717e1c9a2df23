package dev.tradewind.bench;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelLayer;
import dev.tradewind.model.OrtNatives;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs in a fresh JVM: starts ONNX Runtime as the model layer does (its native libraries, from the layer's folder
 * when it runs from one), loads every model of a model folder through the model layer's API (card, SHA-256 check,
 * one session per model) and runs a first inference, printing its timings on one line. Depends on
 * the JDK and the model and shared layers only. Usage: {@code ModelColdLoadProbe <model folder>}.
 */
public final class ModelColdLoadProbe {

    private ModelColdLoadProbe() {
    }

    public static void main(String[] args) {
        double jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long started = System.nanoTime();
        OrtNatives.configure();
        ai.onnxruntime.OrtEnvironment.getEnvironment();
        long natives = System.nanoTime();
        ModelLayer layer = ModelLayer.load(Path.of(args[0]));
        long loaded = System.nanoTime();
        if (!layer.failures().isEmpty() || layer.models().isEmpty()) {
            System.out.println("PROBE-FAILED " + layer.failures());
            System.exit(1);
        }
        float sink = 0;
        for (ForecastModel model : layer.models()) {
            sink += model.predict(new float[model.features().size()]);
        }
        long predicted = System.nanoTime();
        System.out.printf(Locale.ROOT, "PROBE %.1f %.1f %.1f %.2f %d %s %s%n", jvmToMain, (natives - started) / 1e6,
                (loaded - natives) / 1e6, (predicted - loaded) / 1e6, layer.models().size(),
                OrtNatives.describe().replace(' ', '_'), sink);
        System.out.flush();
        System.exit(0);
    }
}
