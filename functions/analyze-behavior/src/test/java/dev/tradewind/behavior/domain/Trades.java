package dev.tradewind.behavior.domain;

import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Hand-built trade sequences for tests: fills with readable ids (f001, f002, ...) in the order they are written. */
public final class Trades {

    public static final Instant DAY0 = Instant.parse("2024-03-04T00:00:00Z");

    private final List<Fill> fills = new ArrayList<>();
    private final List<EquityMark> equity = new ArrayList<>();
    private BigDecimal fee = BigDecimal.ZERO;

    public static Instant at(int day, int hour, int minute) {
        return DAY0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    public Trades fee(String perFill) {
        fee = new BigDecimal(perFill);
        return this;
    }

    public Trades equity(String amount) {
        equity.add(new EquityMark(DAY0.atZone(ZoneOffset.UTC).minusDays(1).toInstant(), new BigDecimal(amount)));
        return this;
    }

    public String buy(Instant time, String symbol, String quantity, String price) {
        return fill(time, symbol, Side.BUY, quantity, price);
    }

    public String sell(Instant time, String symbol, String quantity, String price) {
        return fill(time, symbol, Side.SELL, quantity, price);
    }

    public String fill(Instant time, String symbol, Side side, String quantity, String price) {
        String id = String.format("f%03d", fills.size() + 1);
        fills.add(Fill.of(id, time, symbol, side, new BigDecimal(quantity), new BigDecimal(price), fee));
        return id;
    }

    /** A long round trip; returns {entry id, exit id}. */
    public String[] roundTrip(Instant entry, Duration hold, String symbol, String quantity, String entryPrice,
                       String exitPrice) {
        String in = buy(entry, symbol, quantity, entryPrice);
        String out = sell(entry.plus(hold), symbol, quantity, exitPrice);
        return new String[] {in, out};
    }

    /**
     * A disciplined background: on each day in [fromDay, toDay), two round trips of 10 units at 100 (notional 1,000)
     * at 10:00 and 14:00 in {@code symbol}, following the pattern win, loss, win, win, loss (+15 / −10); winners held
     * two hours, losers cut after one.
     */
    public Trades disciplined(String symbol, int fromDay, int toDay) {
        int k = 0;
        for (int day = fromDay; day < toDay; day++) {
            for (int hour : new int[] {10, 14}) {
                boolean win = k % 5 != 1 && k % 5 != 4;
                roundTrip(at(day, hour, 0), Duration.ofHours(win ? 2 : 1), symbol, "10", "100",
                        win ? "101.5" : "99");
                k++;
            }
        }
        return this;
    }

    public List<Fill> fills() {
        return List.copyOf(fills);
    }

    public TradeHistory history() {
        return TradeHistory.of(fills).withEquity(equity);
    }
}
