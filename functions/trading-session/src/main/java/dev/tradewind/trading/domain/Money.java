package dev.tradewind.trading.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Every rounding the accounting does, in one place (docs/trading.md#accounting). Cash amounts are cents; rounding that moves
 * cash always goes against the trader (a buy's gross rounds up, a sell's down, fees up), so no sequence of orders can
 * make money out of rounding.
 */
public final class Money {

    public static final int CASH_SCALE = 2;
    public static final int PRICE_SCALE = 8;
    private static final BigDecimal BPS = new BigDecimal(10_000);
    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private Money() {
    }

    /** Quantity decimals an instrument accepts: satoshis for crypto, millionths of a share for stocks. */
    public static int quantityScale(AssetClass assetClass) {
        return assetClass == AssetClass.CRYPTO ? 8 : 6;
    }

    /** Quantity × price, to cents: up for a buy (what it costs), down for a sell (what it brings). */
    public static BigDecimal gross(Side side, BigDecimal quantity, BigDecimal price) {
        return quantity.multiply(price).setScale(CASH_SCALE, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
    }

    /** {@code feesBps} basis points of the gross amount, rounded up to the cent. */
    public static BigDecimal fee(BigDecimal gross, BigDecimal feesBps) {
        return gross.multiply(feesBps).divide(BPS, CASH_SCALE, RoundingMode.CEILING);
    }

    /** A price moved against the trader by {@code slippageBps}: up for a buy, down for a sell; 8 decimals, half up. */
    public static BigDecimal slipped(Side side, BigDecimal price, BigDecimal slippageBps) {
        BigDecimal factor = side == Side.BUY ? BigDecimal.ONE.add(slippageBps.divide(BPS))
                : BigDecimal.ONE.subtract(slippageBps.divide(BPS));
        return price(price.multiply(factor));
    }

    /** A fill price: 8 decimals, half up, without trailing zeros. */
    public static BigDecimal price(BigDecimal value) {
        BigDecimal rounded = value.setScale(PRICE_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    /** Value of a holding at a price, to the cent, half up (valuation only; no cash moves). */
    public static BigDecimal value(BigDecimal quantity, BigDecimal price) {
        return quantity.multiply(price).setScale(CASH_SCALE, RoundingMode.HALF_UP);
    }

    /** An amount of money rounded half up to cents. */
    public static BigDecimal cents(BigDecimal value) {
        return value.setScale(CASH_SCALE, RoundingMode.HALF_UP);
    }

    /** {@code percent}% of {@code amount}, exact. */
    public static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(percent).divide(HUNDRED);
    }

    public static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(CASH_SCALE);
    }
}
