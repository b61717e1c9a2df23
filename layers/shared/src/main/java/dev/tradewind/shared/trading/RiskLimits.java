package dev.tradewind.shared.trading;

import java.math.BigDecimal;

/**
 * A paper session's risk limits; a null limit is not enforced.
 *
 * @param maxPositionPct   a buy may not take one position's value above this percentage of equity
 * @param maxDailyLossPct  buys are refused once equity has fallen this percentage below its value at the start of the
 *                         UTC day
 * @param maxOrdersPerHour at most this many orders accepted in any rolling hour
 */
public record RiskLimits(BigDecimal maxPositionPct, BigDecimal maxDailyLossPct, Integer maxOrdersPerHour) {

    public static final RiskLimits NONE = new RiskLimits(null, null, null);
}
