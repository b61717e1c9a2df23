package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How to analyse.
 *
 * @param zone            where "a day" is measured (trades per day, Odean's sale days, the daily loss limit)
 * @param lossThreshold   optional absolute loss (account currency) that counts as a large loss when equity is not
 *                        known; without equity and without this, the trader's own median loss is the threshold
 */
public record AnalysisOptions(Sensitivity sensitivity, ZoneId zone, BigDecimal lossThreshold) {

    public AnalysisOptions {
        Objects.requireNonNull(sensitivity, "sensitivity");
        zone = zone == null ? ZoneOffset.UTC : zone;
        if (lossThreshold != null && lossThreshold.signum() <= 0) {
            throw new IllegalArgumentException("lossThreshold must be positive");
        }
    }

    public static AnalysisOptions of(Sensitivity sensitivity) {
        return new AnalysisOptions(sensitivity, ZoneOffset.UTC, null);
    }
}
