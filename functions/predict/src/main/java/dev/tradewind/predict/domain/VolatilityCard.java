package dev.tradewind.predict.domain;

import java.util.List;

/**
 * What a volatility model says about itself that a client of the forecast route needs, from its volatility.json.
 *
 * @param target           the target's definition
 * @param volatilityMissed targets of the volatility forecast its evaluation missed ({@code "holdout.qlikeBelowGarch"})
 * @param rangeMissed      targets of the ranges it missed (coverage within ±3 points, interval score below the
 *                         baseline's)
 */
public record VolatilityCard(String target, List<String> volatilityMissed, List<String> rangeMissed) {

    public VolatilityCard {
        volatilityMissed = List.copyOf(volatilityMissed);
        rangeMissed = List.copyOf(rangeMissed);
    }
}
