package dev.tradewind.market.domain.ingest;

import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.market.NyseCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which bars of one fetch sequence may be stored. A bar is rejected (and counted by reason) when a value
 * is missing or not a number, a price is not positive or the volume negative, a value is beyond what DynamoDB can
 * store (one such bar would fail the whole batch of candles it is written with), high &lt; low, open or close lies
 * outside [low, high], its open time repeats or goes backwards within the sequence, it is off the calendar's grid
 * (a daily stock bar opens at 09:30 New York on an NYSE trading day), or it has not closed by "now". Stateful across
 * the pages of one sequence (order and duplicates).
 */
public final class CandleValidator {

    private static final int MAX_DIGITS = 38;
    private static final int MIN_EXPONENT = -130;
    private static final int MAX_EXPONENT = 125;

    private final Instrument instrument;
    private final MarketCalendar calendar;
    private final Instant now;
    private final Map<RejectReason, Integer> rejected;
    private Instant previous;

    /** @param rejected where rejections are counted, by reason */
    public CandleValidator(Instrument instrument, Instant now, Map<RejectReason, Integer> rejected) {
        this.instrument = instrument;
        this.calendar = instrument.calendar();
        this.now = now;
        this.rejected = rejected;
    }

    CandleValidator(Instrument instrument, Instant now) {
        this(instrument, now, new EnumMap<>(RejectReason.class));
    }

    public List<Candle> accept(List<RawBar> bars) {
        List<Candle> accepted = new ArrayList<>(bars.size());
        for (RawBar bar : bars) {
            RejectReason reason = check(bar);
            if (reason != null) {
                rejected.merge(reason, 1, Integer::sum);
                continue;
            }
            previous = bar.openTime();
            accepted.add(new Candle(instrument.symbol(), instrument.interval(), bar.openTime(), bar.open(), bar.high(),
                    bar.low(), bar.close(), bar.volume()));
        }
        return accepted;
    }

    private RejectReason check(RawBar bar) {
        if (bar.openTime() == null || bar.open() == null || bar.high() == null || bar.low() == null
                || bar.close() == null || bar.volume() == null) {
            return RejectReason.MISSING_VALUE;
        }
        if (previous != null && bar.openTime().equals(previous)) {
            return RejectReason.DUPLICATE;
        }
        if (previous != null && bar.openTime().isBefore(previous)) {
            return RejectReason.OUT_OF_ORDER;
        }
        if (!firstOpenAtOrAfter(instrument, bar.openTime()).equals(bar.openTime())) {
            return RejectReason.OFF_CALENDAR;
        }
        if (calendar.closeTime(instrument.interval(), bar.openTime()).isAfter(now)) {
            return RejectReason.NOT_CLOSED;
        }
        if (bar.open().signum() <= 0 || bar.high().signum() <= 0 || bar.low().signum() <= 0
                || bar.close().signum() <= 0 || bar.volume().signum() < 0) {
            return RejectReason.NON_POSITIVE;
        }
        if (!storable(bar.open()) || !storable(bar.high()) || !storable(bar.low()) || !storable(bar.close())
                || !storable(bar.volume())) {
            return RejectReason.UNSTORABLE;
        }
        if (bar.high().compareTo(bar.low()) < 0) {
            return RejectReason.HIGH_BELOW_LOW;
        }
        if (outside(bar.open(), bar.low(), bar.high()) || outside(bar.close(), bar.low(), bar.high())) {
            return RejectReason.OUTSIDE_RANGE;
        }
        return null;
    }

    /**
     * The first open time on {@code instrument}'s grid at or after {@code t}: {@code t} itself if a bar may open then.
     * Daily stock bars open at a trading day's 09:30 New York; other bars at whole multiples of their interval.
     */
    public static Instant firstOpenAtOrAfter(Instrument instrument, Instant t) {
        if (instrument.interval() == Interval.D1 && instrument.calendar() instanceof NyseCalendar) {
            LocalDate day = NyseCalendar.tradingDate(t);
            if (!NyseCalendar.isTradingDay(day) || NyseCalendar.sessionOpen(day).isBefore(t)) {
                day = NyseCalendar.nextTradingDay(day);
            }
            return NyseCalendar.sessionOpen(day);
        }
        long step = instrument.interval().duration().toSeconds();
        long seconds = t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
        return Instant.ofEpochSecond(Math.ceilDiv(seconds, step) * step);
    }

    /** DynamoDB's number: at most 38 significant digits, a magnitude from 1E-130 to under 1E+126 (or zero). */
    private static boolean storable(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal digits = value.stripTrailingZeros();
        int exponent = digits.precision() - digits.scale() - 1;
        return digits.precision() <= MAX_DIGITS && exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT;
    }

    private static boolean outside(BigDecimal value, BigDecimal low, BigDecimal high) {
        return value.compareTo(low) < 0 || value.compareTo(high) > 0;
    }

    Map<RejectReason, Integer> rejected() {
        return rejected;
    }
}
