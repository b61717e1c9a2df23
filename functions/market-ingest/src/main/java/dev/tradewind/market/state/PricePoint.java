package dev.tradewind.market.state;

import java.math.BigDecimal;
import java.time.Instant;

/** The close of one bar, kept in a series' state so "change over 24 h" needs no query. */
public record PricePoint(Instant openTime, BigDecimal close) {
}
