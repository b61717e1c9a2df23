package dev.tradewind.trading.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** The newest candle of a symbol a session has evaluated: where its next evaluation starts, and its price. */
public record Mark(Instant openTime, Instant closeTime, BigDecimal close) {
}
