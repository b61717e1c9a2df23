package dev.tradewind.behavior.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.behavior.service.AnalysisRequest;
import java.math.BigDecimal;
import java.util.List;

/**
 * The body of {@code POST /v1/behavior/analyze}: exactly one source of trades, and how to analyse them.
 *
 * @param sessionId     analyse one of the caller's sessions (paper or journal): its trades, journal, equity and limits
 * @param from          analyse the caller's trades across sessions filled in [from, to] (ISO-8601 instants)
 * @param to            optional with {@code from}; default now
 * @param trades        analyse these fills, sent inline (not stored anywhere but in the report)
 * @param sensitivity   {@code low}, {@code medium} (default) or {@code high}
 * @param timeZone      IANA zone in which "a day" is counted (default UTC)
 * @param lossThreshold an absolute loss (account currency) that counts as large when equity is unknown
 */
public record AnalyzeRequest(String sessionId, String from, String to, List<JsonNode> trades, String sensitivity,
                             String timeZone, BigDecimal lossThreshold) {

    public AnalysisRequest toService() {
        return new AnalysisRequest(sessionId, from, to, trades, sensitivity, timeZone, lossThreshold);
    }
}
