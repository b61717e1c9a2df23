package dev.tradewind.model.volatility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.model.ModelContract;
import dev.tradewind.model.ModelLoadException;
import dev.tradewind.model.features.InsufficientHistoryException;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class VolatilityModelTest {

    /** A volatility.json as the trainer writes it (only the fields the layer reads, plus one it ignores). */
    public static String json(String family) {
        return """
                {"family": "%s",
                 "target": {"interval": "1h", "assetClass": "crypto", "horizonBars": 24, "barsPerYear": 8760.0},
                 "features": {"names": ["log_rv_1", "log_parkinson_1", "log_garman_klass_1", "log_rv_6",
                   "log_parkinson_6", "log_garman_klass_6", "log_volume_ratio_6"], "windows": [1, 6],
                   "referenceWindow": 6},
                 "model": {"intercept": -2.0, "coefficients": [0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.05],
                   "residualVariance": 0.5},
                 "range": {"horizonBars": 4, "levels": [{"level": 0.8, "lowerQuantile": -1.3, "upperQuantile": 1.2},
                   {"level": 0.95, "lowerQuantile": -2.1, "upperQuantile": 1.9}]},
                 "evaluation": {"ignored": true}}
                """.formatted(family);
    }

    @TempDir
    Path dir;

    private static List<Candle> candles(int n, Instant start) {
        List<Candle> candles = new ArrayList<>();
        double price = 100;
        for (int i = 0; i < n; i++) {
            double next = price * (1 + 0.01 * Math.sin(i * 1.7));
            double high = Math.max(price, next) * 1.004;
            double low = Math.min(price, next) * 0.995;
            candles.add(new Candle("X", Interval.H1, start.plusSeconds(3600L * i), BigDecimal.valueOf(price),
                    BigDecimal.valueOf(high), BigDecimal.valueOf(low), BigDecimal.valueOf(next),
                    BigDecimal.valueOf(1000 + 10 * i)));
            price = next;
        }
        return candles;
    }

    @Test
    void load_readsTheFile_andForecastsFromCandles() throws Exception {
        Files.writeString(dir.resolve(ModelContract.VOLATILITY_FILE), json("crypto-1h"), StandardCharsets.UTF_8);
        VolatilityModel model = VolatilityModel.load(dir);
        assertEquals(7, model.windowLength());
        List<Candle> candles = candles(20, Instant.parse("2024-01-01T00:00:00Z"));
        VolatilityForecast f = model.forecast(candles);

        // the same numbers by hand from the last 7 candles
        int n = 7;
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Candle k = candles.get(candles.size() - n + i);
            o[i] = k.open().doubleValue();
            h[i] = k.high().doubleValue();
            l[i] = k.low().doubleValue();
            c[i] = k.close().doubleValue();
            v[i] = k.volume().doubleValue();
        }
        double[] r2 = new double[n];
        double[] pk = new double[n];
        double[] gk = new double[n];
        for (int i = 1; i < n; i++) {
            VolatilityFeatures.barTerms(o, h, l, c, i, r2, pk, gk);
        }
        double[] x = new double[7];
        assertTrue(VolatilityFeatures.compute(model.spec(), r2, pk, gk, v, n - 1, x));
        double expected = Math.exp(model.logVariance(x) + 0.25);
        assertEquals(expected, f.variance(), expected * 1e-12);
        assertEquals(Math.sqrt(f.variance()), f.horizonVolatility(), 1e-15);
        assertEquals(Math.sqrt(f.variance() * 8760 / 24), f.annualized(), 1e-12);
        assertEquals(Math.sqrt(f.variance() * 4 / 24), f.rangeVolatility(), 1e-15);

        RangeForecast range = model.range(f, 50.0);
        assertEquals(50 * Math.exp(-1.3 * f.rangeVolatility()), range.band(0.8).low(), 1e-9);
        assertEquals(50 * Math.exp(1.9 * f.rangeVolatility()), range.band(0.95).high(), 1e-9);
        assertTrue(range.band(0.95).low() < range.band(0.8).low() && range.band(0.8).high() < range.band(0.95).high());
    }

    @Test
    void forecast_gapInTheLookBack_isInsufficientHistory_notAGuess() throws Exception {
        Files.writeString(dir.resolve(ModelContract.VOLATILITY_FILE), json("crypto-1h"), StandardCharsets.UTF_8);
        VolatilityModel model = VolatilityModel.load(dir);
        List<Candle> candles = new ArrayList<>(candles(20, Instant.parse("2024-01-01T00:00:00Z")));
        candles.remove(16);
        assertThrows(InsufficientHistoryException.class, () -> model.forecast(candles));
        assertThrows(InsufficientHistoryException.class, () -> model.forecast(candles.subList(0, 5)));
    }

    @Test
    void forecast_dailyBars_acrossWeekendsAndHolidaysAreConsecutive_aMissingSessionIsAGap() {
        VolatilityModel model = VolatilityModel.parse(json("stocks-1d").replace("\"1h\"", "\"1d\"")
                .replace("\"crypto\"", "\"stock\"").getBytes(StandardCharsets.UTF_8), dir);
        List<Candle> sessions = new ArrayList<>();
        java.time.LocalDate day = java.time.LocalDate.of(2023, 12, 20);   // across Christmas and a weekend
        for (int i = 0; i < 10; i++) {
            double p = 100 + (i % 3);
            sessions.add(new Candle("X", Interval.D1, dev.tradewind.shared.market.NyseCalendar.sessionOpen(day),
                    BigDecimal.valueOf(p), BigDecimal.valueOf(p + 1.5), BigDecimal.valueOf(p - 1.2),
                    BigDecimal.valueOf(p + 0.3), BigDecimal.valueOf(1000 + i)));
            day = dev.tradewind.shared.market.NyseCalendar.nextTradingDay(day);
        }
        assertTrue(model.forecast(sessions).variance() > 0);
        List<Candle> missing = new ArrayList<>(sessions);
        missing.remove(7);
        assertThrows(InsufficientHistoryException.class, () -> model.forecast(missing));
    }

    @Test
    void parse_featuresThatThisCodeDoesNotCompute_isAnInvalidFile() {
        byte[] bytes = json("x").replace("log_rv_6", "log_rv_7").getBytes(StandardCharsets.UTF_8);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> VolatilityModel.parse(bytes, dir));
        assertEquals(ModelLoadException.Reason.INVALID_CARD, e.reason());
        assertEquals(ModelLoadException.Reason.NOT_FOUND,
                assertThrows(ModelLoadException.class, () -> VolatilityModel.load(dir.resolve("absent"))).reason());
    }

    @Test
    void rangeEstimators_followTheirDefinitions() {
        double ln2 = Math.log(2);
        assertEquals(Math.pow(Math.log(1.1), 2) / (4 * ln2), VolatilityFeatures.parkinson(110, 100), 1e-15);
        double hl = Math.log(1.1);
        double co = Math.log(105.0 / 102);
        assertEquals(0.5 * hl * hl - (2 * ln2 - 1) * co * co, VolatilityFeatures.garmanKlass(102, 110, 100, 105),
                1e-15);
        VolatilitySpec spec = new VolatilitySpec(Interval.D1, AssetClass.STOCK, 5, 1, List.of(1, 5, 22), 22, 252);
        assertEquals(List.of("log_rv_1", "log_parkinson_1", "log_garman_klass_1", "log_rv_5", "log_parkinson_5",
                "log_garman_klass_5", "log_rv_22", "log_parkinson_22", "log_garman_klass_22",
                "log_volume_ratio_22"), spec.featureNames());
        assertEquals(23, spec.windowLength());
    }

    @Test
    void compute_zeroOneBarReturn_isFlooredAtAShareOfTheReferenceMean() {
        VolatilitySpec spec = new VolatilitySpec(Interval.H1, AssetClass.CRYPTO, 24, 4, List.of(1, 4), 4, 8760);
        double[] r2 = {0, 4e-4, 4e-4, 4e-4, 0};
        double[] pk = {0, 1e-4, 1e-4, 1e-4, 1e-4};
        double[] gk = {0, 1e-4, 1e-4, 1e-4, 1e-4};
        double[] volume = {1, 1, 1, 1, 0};
        double[] x = new double[spec.featureCount()];
        assertTrue(VolatilityFeatures.compute(spec, r2, pk, gk, volume, 4, x));
        assertEquals(Math.log(0.01 * 3e-4), x[0], 1e-12);
        assertEquals(Math.log(3e-4), x[3], 1e-12);
        assertEquals(Math.log(0.01), x[6], 1e-12);
    }
}
