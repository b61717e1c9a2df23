package dev.tradewind.trading.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.trading.domain.OrderSpec;
import dev.tradewind.trading.service.AllocationService;
import dev.tradewind.trading.service.JournalService;
import dev.tradewind.trading.service.SessionService;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Request bodies, bound strictly (unknown fields are a 400). */
public final class Requests {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private Requests() {
    }

    /** The Idempotency-Key header every order placement needs, so that a retry cannot place it twice. */
    public static String idempotencyKey(Optional<String> header) {
        return optionalIdempotencyKey(header).orElseThrow(() -> new InvalidInputException("IDEMPOTENCY_KEY_REQUIRED",
                "Order placement needs an Idempotency-Key header so that a retry cannot place it twice"));
    }

    /** The Idempotency-Key header where it is optional: creating a session, a journal entry or a backtest. */
    public static Optional<String> optionalIdempotencyKey(Optional<String> header) {
        if (header.isPresent() && !IDEMPOTENCY_KEY.matcher(header.get()).matches()) {
            throw new InvalidInputException("INVALID_IDEMPOTENCY_KEY",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters, no space");
        }
        return header;
    }

    public record RiskLimitsBody(BigDecimal maxPositionPct, BigDecimal maxDailyLossPct, Integer maxOrdersPerHour) {
    }

    public record GuardrailsBody(Boolean cooldownOnTilt) {
    }

    /** {@code POST /v1/sessions}. */
    public record CreateSession(String name, String type, BigDecimal startingCash, String currency,
                                BigDecimal feesBps, BigDecimal slippageBps, RiskLimitsBody riskLimits,
                                GuardrailsBody guardrails) {

        public SessionService.NewSession toNewSession() {
            return new SessionService.NewSession(name, type, startingCash, currency, feesBps, slippageBps,
                    riskLimits == null ? null : new RiskLimits(riskLimits.maxPositionPct(),
                            riskLimits.maxDailyLossPct(), riskLimits.maxOrdersPerHour()),
                    guardrails == null ? null : new SessionService.Guardrails(guardrails.cooldownOnTilt()));
        }
    }

    /**
     * {@code POST /v1/sessions/{id}/orders}. Quantity and prices are bound as raw JSON so that a value that is not a
     * number is the 422 the order model answers (INVALID_QUANTITY, INVALID_PRICE), not a generic 400.
     */
    public record PlaceOrder(String symbol, String side, JsonNode quantity, String type, JsonNode limitPrice,
                             JsonNode stopPrice, String timeInForce) {

        public OrderSpec toSpec() {
            return OrderSpec.parse(symbol, side, quantity, type, limitPrice, stopPrice, timeInForce);
        }
    }

    /** {@code POST /v1/sessions/{id}/journal}. */
    public record JournalBody(String note, List<String> emotions, List<String> tags, Integer rating, String tradeId) {

        public JournalService.NewEntry toNewEntry() {
            return new JournalService.NewEntry(note, emotions, tags, rating, tradeId);
        }
    }

    /** {@code POST /v1/trades/import} as JSON: rows are validated one by one, so each is raw JSON. */
    public record ImportBody(List<JsonNode> trades) {
    }

    /** {@code POST /v1/portfolio/optimize}. */
    public record OptimizePortfolio(List<String> symbols, String method, Integer lookback, Double maxWeight,
                                    JsonNode backtest) {

        public AllocationService.Request toRequest() {
            return new AllocationService.Request(symbols, method, lookback, maxWeight, backtest);
        }
    }
}
