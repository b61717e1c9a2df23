package dev.tradewind.market.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.NyseCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** Change of the latest close against the close {@code period} earlier (24 h for hourly bars, the previous session for daily). */
public record Change(String period, Instant referenceOpenTime, BigDecimal referenceClose, BigDecimal absolute,
                     BigDecimal percent) {

    /** Hourly series compare with the bar 24 hours earlier. */
    static final Duration LOOKBACK = Duration.ofHours(24);

    /**
     * The open time of the bar the change is measured against: 24 hours before the latest bar, or for daily stock
     * bars the previous session (so Monday compares with Friday).
     */
    public static Instant referenceOpen(AssetClass assetClass, Interval interval, Instant latestOpen) {
        if (assetClass == AssetClass.STOCK && interval == Interval.D1) {
            LocalDate day = NyseCalendar.tradingDate(latestOpen).minusDays(1);
            while (!NyseCalendar.isTradingDay(day)) {
                day = day.minusDays(1);
            }
            return NyseCalendar.sessionOpen(day);
        }
        return latestOpen.minus(LOOKBACK);
    }

    /** The change of {@code latestClose} against {@code reference}; none without a reference bar or with a zero close. */
    public static Change of(Interval interval, BigDecimal latestClose, Candle reference) {
        if (reference == null || reference.close().signum() == 0) {
            return null;
        }
        BigDecimal absolute = latestClose.subtract(reference.close());
        return new Change(interval == Interval.H1 ? "24h" : "1d", reference.openTime(), reference.close(),
                Candle.canonical(absolute),
                absolute.multiply(BigDecimal.valueOf(100)).divide(reference.close(), 4, RoundingMode.HALF_EVEN));
    }
}
