package dev.tradewind.trading.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** Request bodies, bound strictly (unknown fields are a 400). */
public final class Requests {

    private Requests() {
    }

    public record RiskLimitsBody(BigDecimal maxPositionPct, BigDecimal maxDailyLossPct, Integer maxOrdersPerHour) {
    }

    public record GuardrailsBody(Boolean cooldownOnTilt) {
    }

    /** {@code POST /v1/sessions}. */
    public record CreateSession(String name, String type, BigDecimal startingCash, String currency,
                                BigDecimal feesBps, BigDecimal slippageBps, RiskLimitsBody riskLimits,
                                GuardrailsBody guardrails) {
    }

    /**
     * {@code POST /v1/sessions/{id}/orders}. Quantity and prices are bound as raw JSON so that a value that is not a
     * number is the 422 the order model answers (INVALID_QUANTITY, INVALID_PRICE), not a generic 400.
     */
    public record PlaceOrder(String symbol, String side, JsonNode quantity, String type, JsonNode limitPrice,
                             JsonNode stopPrice, String timeInForce) {
    }

    /** {@code POST /v1/sessions/{id}/journal}. */
    public record JournalBody(String note, List<String> emotions, List<String> tags, Integer rating, String tradeId) {
    }

    /** {@code POST /v1/trades/import} as JSON: rows are validated one by one, so each is raw JSON. */
    public record ImportBody(List<JsonNode> trades) {
    }
}
