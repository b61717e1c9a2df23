package dev.tradewind.predict.store;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.market.NyseCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Made-up but well-formed candles, for warming code up (init, SnapStart priming) without reading any table. */
public final class SyntheticMarket {

    private SyntheticMarket() {
    }

    /**
     * A deterministic random walk of {@code count} bars on the asset class's calendar from early 2024: hourly
     * around the clock for crypto, New York sessions for stocks.
     */
    public static List<Candle> series(String symbol, AssetClass assetClass, Interval interval, int count) {
        MarketCalendar calendar = MarketCalendar.of(assetClass);
        Instant open = assetClass == AssetClass.STOCK
                ? NyseCalendar.sessionOpen(NyseCalendar.nextTradingDay(LocalDate.of(2024, 1, 1)))
                : Instant.parse("2024-01-01T00:00:00Z");
        Random random = new Random(20240101L);
        double price = 100;
        List<Candle> candles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double next = price * Math.exp(random.nextGaussian() * 0.01);
            double high = Math.max(price, next) * (1 + random.nextDouble() * 0.005);
            double low = Math.min(price, next) * (1 - random.nextDouble() * 0.005);
            candles.add(new Candle(symbol, interval, open, decimal(price), decimal(high), decimal(low),
                    decimal(next), decimal(1000 + random.nextInt(1000))));
            price = next;
            open = calendar.nextOpenTime(interval, open);
        }
        return candles;
    }

    private static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
    }
}
