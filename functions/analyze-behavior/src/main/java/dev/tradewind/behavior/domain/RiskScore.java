package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * 0–100: Σ weight × detector score × 100 over the detected patterns. The weights sum to 1, so 100 means every
 * pattern at full strength and a clean history scores 0. Bands: under 20 low, under 40 moderate, under 60 elevated,
 * else high.
 */
public record RiskScore(int score, String band, List<Component> components) {

    /**
     * @param points weight × score × 100, rounded to one decimal for display: the score rounds the exact sum once, so
     *               it need not be the rounded sum of these
     */
    public record Component(Pattern pattern, BigDecimal weight, Status status, BigDecimal score, BigDecimal points) {
    }
}
