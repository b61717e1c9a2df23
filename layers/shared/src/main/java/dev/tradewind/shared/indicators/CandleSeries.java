package dev.tradewind.shared.indicators;

import dev.tradewind.shared.market.Candle;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Columns of a candle list as doubles, for indicators; money stays BigDecimal everywhere else. */
public final class CandleSeries {

    private CandleSeries() {
    }

    public static double[] closes(List<Candle> candles) {
        return column(candles, c -> c.close().doubleValue());
    }

    public static double[] highs(List<Candle> candles) {
        return column(candles, c -> c.high().doubleValue());
    }

    public static double[] lows(List<Candle> candles) {
        return column(candles, c -> c.low().doubleValue());
    }

    public static double[] opens(List<Candle> candles) {
        return column(candles, c -> c.open().doubleValue());
    }

    public static double[] volumes(List<Candle> candles) {
        return column(candles, c -> c.volume().doubleValue());
    }

    private static double[] column(List<Candle> candles, ToDoubleFunction<Candle> value) {
        double[] out = new double[candles.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value.applyAsDouble(candles.get(i));
        }
        return out;
    }
}
