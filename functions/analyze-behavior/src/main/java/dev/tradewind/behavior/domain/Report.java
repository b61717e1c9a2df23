package dev.tradewind.behavior.domain;

import java.time.Instant;
import java.util.List;

/**
 * A stored behaviour report: what was analysed, the engine's analysis as it came out, and what the analysis did
 * about the cooldown guardrail. {@code POST /v1/behavior/analyze} answers it and
 * {@code GET /v1/behavior/reports/{reportId}} answers the same JSON again.
 */
public record Report(String id, Instant createdAt, Input input, BehaviorAnalysis analysis, Guardrail guardrail) {

    /** Where the trades came from. */
    public enum Source {
        /** One session's trades ({@code sessionId}). */
        SESSION,
        /** The caller's trades across sessions in a time range ({@code from}, {@code to}). */
        RANGE,
        /** Fills sent in the request. */
        INLINE
    }

    /**
     * @param fills         fills analysed
     * @param excludedFills fills read but left out because the position they belong to opened before the analysed
     *                      period (its entry is not part of the history, so the round trip cannot be rebuilt)
     * @param truncated     the source held more than the analysis reads; only the most recent fills were analysed
     * @param sessions      how many sessions the fills came from (0 for inline)
     * @param notes         what the reader should know about the input, in words
     */
    public record Input(Source source, String sessionId, Instant from, Instant to, int fills, int excludedFills,
                        boolean truncated, int sessions, List<String> notes) {

        public Input {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** What happened to the cooldown guardrail. */
    public enum CooldownStatus {
        /** This analysis started (or extended) the user's cooldown until {@code until}. */
        STARTED,
        /** A cooldown lasting at least as long was already in force; it stays, ending at {@code until}. */
        ALREADY_IN_FORCE,
        /**
         * The analysis puts no cooldown in force now (no rule, or the latest close met none, or it has run out), or
         * the account closed a round trip after the one that met a rule.
         */
        NONE,
        /** Inline trades are not the account's history: the analysis shows the cooldown but starts none. */
        NOT_STARTED_INLINE
    }

    /**
     * @param until  when the cooldown in force ends (null with NONE)
     * @param reason the reason recorded with the cooldown, which the trading session quotes when it refuses an order
     */
    public record Guardrail(CooldownStatus cooldown, Instant until, String reason) {
    }
}
