package dev.tradewind.bench;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelLayer;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The predict path's model work, warm: one row through the committed model (ONNX Runtime, one session, one thread),
 * and one feature vector from a 100-candle window. Rows are real: the features of consecutive bundled windows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InferenceJmh {

    private static final int ROWS = 512;

    @Param({"1h"})
    public String interval;

    private ModelLayer layer;
    private ForecastModel model;
    private float[][] rows;
    private List<List<Candle>> windows;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        Path root = Path.of(System.getProperty("bench.root", "."));
        layer = ModelLayer.load(root.resolve("models"));
        model = layer.model(Interval.fromCode(interval)).orElseThrow(() ->
                new IllegalStateException("no " + interval + " model under models/: " + layer.failures()));
        BundledHistory history = BundledHistory.load(root.resolve("data/market"));
        List<Candle> candles = history.candles(model.card().symbols().getFirst());
        int window = model.features().windowLength();
        int start = candles.size() - window - ROWS;
        rows = new float[ROWS][];
        windows = new java.util.ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            List<Candle> slice = candles.subList(start + i, start + i + window);
            windows.add(slice);
            rows[i] = model.features(slice);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        layer.close();
    }

    @Benchmark
    public float predictOneRow() {
        next = (next + 1) & (ROWS - 1);
        return model.predict(rows[next]);
    }

    @Benchmark
    public float[] computeFeatures() {
        next = (next + 1) & (ROWS - 1);
        return model.features(windows.get(next));
    }
}
