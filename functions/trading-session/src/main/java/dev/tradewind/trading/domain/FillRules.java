package dev.tradewind.trading.domain;

import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;

/**
 * The fill model (docs/trading.md#fill-model-the-contract), as pure functions of an order and prices. Market-like executions (market
 * orders, triggered stops, marketable limits) pay slippage; limit executions never fill worse than their limit and
 * pay none. A gap through an order's price fills at the candle's open.
 */
public final class FillRules {

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private FillRules() {
    }

    /** What an order does at placement, against the close of the latest closed candle. */
    public sealed interface AtPlacement {
    }

    /** Fills now at {@code price} (slippage included). */
    public record FillNow(BigDecimal price, boolean triggered) implements AtPlacement {
    }

    /** Rests in the book; {@code triggered} when a stop-limit's stop is already through the reference price. */
    public record Rest(boolean triggered) implements AtPlacement {
    }

    /** The order's terms, as far as the fill model cares. */
    public record Terms(Side side, OrderType type, BigDecimal limitPrice, BigDecimal stopPrice) {
    }

    /**
     * @param reference      the latest closed candle's close
     * @param marketablePct a limit that crosses the reference by more than this percentage is marketable
     */
    public static AtPlacement atPlacement(Terms terms, BigDecimal reference, BigDecimal slippageBps,
                                          BigDecimal marketablePct) {
        boolean buy = terms.side() == Side.BUY;
        BigDecimal market = Money.slipped(terms.side(), reference, slippageBps);
        return switch (terms.type()) {
            case MARKET -> new FillNow(market, false);
            case STOP -> stopHit(buy, terms.stopPrice(), reference) ? new FillNow(market, true) : new Rest(false);
            case LIMIT -> marketableLimit(terms, reference, market, marketablePct, false);
            case STOP_LIMIT -> stopHit(buy, terms.stopPrice(), reference)
                    ? marketableLimit(terms, reference, market, marketablePct, true)
                    : new Rest(false);
        };
    }

    private static AtPlacement marketableLimit(Terms terms, BigDecimal reference, BigDecimal market,
                                               BigDecimal marketablePct, boolean triggered) {
        BigDecimal limit = terms.limitPrice();
        BigDecimal margin = BigDecimal.ONE.add(marketablePct.divide(HUNDRED));
        if (terms.side() == Side.BUY) {
            // Crosses by more than the percentage: limit > reference × (1 + pct).
            if (limit.compareTo(reference.multiply(margin)) > 0) {
                return new FillNow(market.min(limit), triggered);
            }
        } else {
            BigDecimal floor = reference.multiply(BigDecimal.ONE.subtract(marketablePct.divide(HUNDRED)));
            if (limit.compareTo(floor) < 0) {
                return new FillNow(market.max(limit), triggered);
            }
        }
        return new Rest(triggered);
    }

    private static boolean stopHit(boolean buy, BigDecimal stop, BigDecimal price) {
        return buy ? price.compareTo(stop) >= 0 : price.compareTo(stop) <= 0;
    }

    /**
     * What one later candle does to a resting order.
     *
     * @param triggered  the stop of a STOP_LIMIT was hit on this candle (or before)
     * @param fillPrice  the price it fills at on this candle, or null
     */
    public record OnCandle(boolean triggered, BigDecimal fillPrice) {
        static final OnCandle NOTHING = new OnCandle(false, null);
    }

    /**
     * Evaluates a resting order against one candle that opened after the order's last evaluated candle.
     *
     * <ul>
     *   <li>LIMIT buy fills when low ≤ limit, at min(open, limit); sell when high ≥ limit, at max(open, limit).</li>
     *   <li>STOP buy triggers when high ≥ stop and fills like a market order at max(open, stop) plus slippage; sell
     *       when low ≤ stop, at min(open, stop) minus slippage.</li>
     *   <li>STOP_LIMIT triggers like a stop at t = max(open, stop) (buy) / min(open, stop) (sell) and fills at t if t is
     *       within its limit; otherwise it becomes a limit order from the next candle on (the order of prices inside a
     *       candle is unknown, so it never fills on the same candle at a price reached after the trigger).</li>
     * </ul>
     */
    public static OnCandle onCandle(Terms terms, boolean alreadyTriggered, Candle candle, BigDecimal slippageBps) {
        boolean buy = terms.side() == Side.BUY;
        BigDecimal open = candle.open();
        return switch (terms.type()) {
            case MARKET -> throw new IllegalArgumentException("market orders never rest");
            case LIMIT -> limitOnCandle(buy, terms.limitPrice(), candle);
            case STOP -> {
                BigDecimal stop = terms.stopPrice();
                if (buy && candle.high().compareTo(stop) >= 0) {
                    yield new OnCandle(true, Money.slipped(Side.BUY, open.max(stop), slippageBps));
                }
                if (!buy && candle.low().compareTo(stop) <= 0) {
                    yield new OnCandle(true, Money.slipped(Side.SELL, open.min(stop), slippageBps));
                }
                yield OnCandle.NOTHING;
            }
            case STOP_LIMIT -> {
                if (alreadyTriggered) {
                    OnCandle limit = limitOnCandle(buy, terms.limitPrice(), candle);
                    yield new OnCandle(true, limit.fillPrice());
                }
                BigDecimal stop = terms.stopPrice();
                BigDecimal limit = terms.limitPrice();
                if (buy && candle.high().compareTo(stop) >= 0) {
                    BigDecimal at = open.max(stop);
                    yield new OnCandle(true, at.compareTo(limit) <= 0 ? Money.price(at) : null);
                }
                if (!buy && candle.low().compareTo(stop) <= 0) {
                    BigDecimal at = open.min(stop);
                    yield new OnCandle(true, at.compareTo(limit) >= 0 ? Money.price(at) : null);
                }
                yield OnCandle.NOTHING;
            }
        };
    }

    private static OnCandle limitOnCandle(boolean buy, BigDecimal limit, Candle candle) {
        if (buy && candle.low().compareTo(limit) <= 0) {
            return new OnCandle(false, Money.price(candle.open().min(limit)));
        }
        if (!buy && candle.high().compareTo(limit) >= 0) {
            return new OnCandle(false, Money.price(candle.open().max(limit)));
        }
        return OnCandle.NOTHING;
    }
}
