package dev.tradewind.bench;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelLayer;
import dev.tradewind.model.volatility.RangeForecast;
import dev.tradewind.model.volatility.VolatilityForecast;
import dev.tradewind.model.volatility.VolatilityModel;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The predict path's model work, warm: one row through the committed model (ONNX Runtime, one session, one thread),
 * and one feature vector from a 100-candle window; the three models together (direction row, volatility forecast
 * from its feature vector, price ranges from it), and the volatility forecast with its ranges from candles (its
 * features included), as the forecast route runs it. Rows are real: the features of consecutive bundled windows.
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
    private VolatilityModel volatility;
    private double[][] volatilityRows;
    private double[] closes;
    private List<List<Candle>> volatilityWindows;
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
        volatility = layer.volatility(Interval.fromCode(interval)).orElseThrow(() ->
                new IllegalStateException("no " + interval + " volatility model under models/: " + layer.failures()));
        int length = volatility.windowLength();
        int from = candles.size() - length - ROWS;
        volatilityRows = new double[ROWS][];
        closes = new double[ROWS];
        volatilityWindows = new java.util.ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            List<Candle> slice = candles.subList(from + i, from + i + length);
            volatilityWindows.add(slice);
            volatilityRows[i] = volatility.features(slice);
            closes[i] = slice.getLast().close().doubleValue();
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

    /** Direction P(up) from its row, the volatility forecast from its row, and the price ranges from that. */
    @Benchmark
    public RangeForecast allThreeModels(Blackhole blackhole) {
        next = (next + 1) & (ROWS - 1);
        blackhole.consume(model.predict(rows[next]));
        VolatilityForecast forecast = volatility.forecast(volatilityRows[next]);
        return volatility.range(forecast, closes[next]);
    }

    /** The volatility forecast and its ranges from the candles, features included: the forecast route's path. */
    @Benchmark
    public RangeForecast volatilityFromCandles() {
        next = (next + 1) & (ROWS - 1);
        VolatilityForecast forecast = volatility.forecast(volatilityWindows.get(next));
        return volatility.range(forecast, closes[next]);
    }

    @Benchmark
    public float[] computeFeatures() {
        next = (next + 1) & (ROWS - 1);
        return model.features(windows.get(next));
    }
}
