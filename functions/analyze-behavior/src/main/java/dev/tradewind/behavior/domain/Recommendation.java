package dev.tradewind.behavior.domain;

/**
 * What to do about one finding, citing its numbers.
 *
 * @param finding   the pattern whose finding this answers
 * @param text      "what we saw → what to do"
 * @param guardrail true when the trading session's cooldown guardrail can enforce it (see {@link CooldownAdvice})
 */
public record Recommendation(Pattern finding, Severity severity, String text, boolean guardrail) {
}
