package dev.tradewind.behavior.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the caller asked to analyse, as given: {@link AnalysisService#analyze} validates it all at once against the
 * same "now" the analysis runs at (an omitted {@code to} is that now).
 *
 * @param trades fills sent inline, validated row by row by {@link InlineTrades}
 */
public record AnalysisRequest(String sessionId, String from, String to, List<JsonNode> trades, String sensitivity,
                              String timeZone, BigDecimal lossThreshold) {
}
