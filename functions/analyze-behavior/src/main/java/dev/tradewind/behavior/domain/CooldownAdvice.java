package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The cooldown an analysis advises, in the terms the trading-session guardrail enforces (with
 * {@code guardrails.cooldownOnTilt} on, a session refuses new orders while a cooldown is in force). The contract:
 * <ul>
 *   <li>Each {@link Rule} says: when a round trip closes that meets the trigger, refuse new orders for
 *       {@code minutes} from that close.</li>
 *   <li>{@code activeUntil}, when set, is a cooldown already in force at the analysis time: the latest close met a
 *       rule and its cooldown has not run out. The guardrail refuses orders until then.</li>
 *   <li>{@code recommended} is false (and the rules empty) when no finding calls for a cooldown.</li>
 * </ul>
 *
 * @param activeRule  the rule that put {@code activeUntil} in force (the longest-lasting one when several did)
 * @param triggeredAt when the round trip that met it closed: {@code activeUntil} = this + the rule's minutes
 * @param triggeredBy that round trip's closing fill
 */
public record CooldownAdvice(boolean recommended, List<Rule> rules, Instant activeUntil, Rule activeRule,
                       Instant triggeredAt, String triggeredBy, String reason) {

    public enum Trigger {
        /** A round trip lost at least {@code threshold} percent of the equity before it. */
        LOSS_PCT_OF_EQUITY,
        /** A round trip lost at least {@code threshold} in the account currency. */
        LOSS_AMOUNT,
        /** {@code threshold} losing round trips in a row. */
        CONSECUTIVE_LOSSES
    }

    /**
     * @param finding the pattern that calls for it
     */
    public record Rule(Trigger trigger, BigDecimal threshold, int minutes, Pattern finding, String reason) {
    }

    public static CooldownAdvice none() {
        return new CooldownAdvice(false, List.of(), null, null, null, null, "no finding calls for a cooldown");
    }
}
