package dev.tradewind.behavior.domain;

import java.math.BigDecimal;

/**
 * A session's risk limits (issue 7), each optional. Percentages are percent ({@code 25} = 25 %). The engine derives
 * rule breaks from them (see {@link TradeLedger}) in addition to the breaks the source recorded.
 */
public record RiskLimits(BigDecimal maxPositionPct, BigDecimal maxDailyLossPct, Integer maxOrdersPerHour) {

    public static final RiskLimits NONE = new RiskLimits(null, null, null);
}
