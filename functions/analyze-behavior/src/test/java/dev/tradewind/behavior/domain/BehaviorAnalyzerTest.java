package dev.tradewind.behavior.domain;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.trading.RiskLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BehaviorAnalyzerTest {

    /** Sixteen disciplined days with small fees, a calm market, and a journal that says "calm" or "confident". */
    private static TradeHistory disciplinedTrader() {
        Trades t = new Trades().fee("0.5").equity("100000").disciplined("AAPL", 0, 16);
        List<JournalNote> journal = new ArrayList<>();
        List<Fill> fills = t.fills();
        for (int i = 1; i < fills.size(); i += 2) {
            journal.add(new JournalNote("j" + i, fills.get(i).time(), fills.get(i).id(),
                    List.of(i % 4 == 1 ? "calm" : "confident"), List.of("plan"), 4, "followed the plan"));
        }
        return t.history().withJournal(journal).withRiskLimits(new RiskLimits(new BigDecimal("20"),
                new BigDecimal("3"), 10));
    }

    private static MarketContext calmMarket() {
        return new Bars().calm("AAPL", at(-2, 0, 0), 24 * 20, 100).market();
    }

    @ParameterizedTest
    @EnumSource(Sensitivity.class)
    void aCleanDisciplinedHistory_producesNoFindings(Sensitivity sensitivity) {
        BehaviorAnalysis analysis = Analysis.analyze(disciplinedTrader(), calmMarket(), sensitivity);

        assertNull(analysis.insufficientData());
        assertEquals(Pattern.values().length, analysis.findings().size());
        for (Finding f : analysis.findings()) {
            assertFalse(f.detected(), f.pattern() + ": " + f.summary());
            assertEquals(Status.NOT_DETECTED, f.status(), f.pattern() + " was examined: " + f.summary());
        }
        assertEquals(0, analysis.riskScore().score());
        assertEquals("LOW", analysis.riskScore().band());
        assertTrue(analysis.recommendations().isEmpty());
        assertFalse(analysis.cooldown().recommended());
        assertEquals(0, analysis.summary().ruleBreaks());
    }

    @Test
    void fewerClosedTradesThanTheMinimum_reportsWhatIsMissing_andNoFindings() {
        Trades t = new Trades().disciplined("AAPL", 0, 3);
        t.buy(at(5, 10, 0), "AAPL", "10", "100");
        BehaviorAnalysis analysis = Analysis.analyze(t.history(), Sensitivity.HIGH);

        assertNotNull(analysis.insufficientData());
        assertEquals(10, analysis.insufficientData().required());
        assertEquals(6, analysis.insufficientData().closedTrades());
        assertEquals("4 more closed round trips: have 6 of the 10 needed (1 entry still open)",
                analysis.insufficientData().missing());
        assertTrue(analysis.findings().isEmpty());
        assertTrue(analysis.recommendations().isEmpty());
        assertNull(analysis.riskScore());
        assertFalse(analysis.cooldown().recommended());
        assertEquals(13, analysis.summary().fills());
    }

    /** A buy of 10 of which 4 were sold is a closed round trip and an entry still open: both are counted. */
    @Test
    void fewerClosedTradesThanTheMinimum_countsAPartlyClosedEntryAsStillOpen() {
        Trades t = new Trades().disciplined("AAPL", 0, 3);
        t.buy(at(5, 10, 0), "AAPL", "10", "100");
        t.sell(at(5, 11, 0), "AAPL", "4", "101");
        t.buy(at(5, 12, 0), "MSFT", "10", "100");
        BehaviorAnalysis analysis = Analysis.analyze(t.history(), Sensitivity.HIGH);

        assertEquals("3 more closed round trips: have 7 of the 10 needed (2 entries still open)",
                analysis.insufficientData().missing());
    }

    /** Revenge entries, a tilt burst and a martingale chain, over the disciplined background. */
    private static TradeHistory troubledTrader() {
        Trades t = new Trades().equity("10000").disciplined("AAPL", 0, 10);
        for (int day = 10; day < 13; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(1), "MSFT", "10", "100", "75");
            t.roundTrip(at(day, 11, 10), Duration.ofMinutes(20), "MSFT", "20", "75", "73");
            t.roundTrip(at(day, 11, 40), Duration.ofMinutes(10), "MSFT", "40", "73", "72");
        }
        return t.history();
    }

    @Test
    void theRiskScore_isTheWeightedSumOfDetectedFindings() {
        BehaviorAnalysis analysis = Analysis.analyze(troubledTrader(), Sensitivity.MEDIUM);
        RiskScore score = analysis.riskScore();
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal weights = BigDecimal.ZERO;
        for (RiskScore.Component c : score.components()) {
            weights = weights.add(c.weight());
            BigDecimal expected = c.status() == Status.DETECTED
                    ? c.weight().multiply(c.score()).multiply(BigDecimal.valueOf(100)).setScale(1,
                    java.math.RoundingMode.HALF_EVEN) : BigDecimal.ZERO.setScale(1);
            assertEquals(expected, c.points(), c.pattern().name());
            if (c.status() == Status.DETECTED) {
                sum = sum.add(c.weight().multiply(c.score()).multiply(BigDecimal.valueOf(100)));
            }
        }
        assertEquals(0, BigDecimal.ONE.compareTo(weights), "weights sum to 1");
        assertEquals(sum.setScale(0, java.math.RoundingMode.HALF_EVEN).intValue(), score.score());
        assertTrue(score.score() > 0);
        assertEquals(Arrays.asList(Pattern.values()), score.components().stream().map(RiskScore.Component::pattern)
                .toList());
    }

    /**
     * Tilt detected at 0.8310 (0.18 × 0.831 × 100 = 14.958 points) and overconfidence at 0.5000 (0.09 × 0.5 × 100
     * = 4.5): Σ = 19.458, so 19 and LOW. Summing the components rounded to one decimal (15.0 + 4.5 = 19.5) would
     * round again to 20, MODERATE.
     */
    @Test
    void theRiskScore_roundsTheWeightedSumOnce_notASumOfRoundedComponents() {
        List<Finding> findings = new ArrayList<>();
        for (Pattern p : Pattern.values()) {
            String score = p == Pattern.TILT ? "0.8310" : p == Pattern.OVERCONFIDENCE ? "0.5000" : null;
            findings.add(score == null ? new Finding(p, Status.NOT_DETECTED, null, new BigDecimal("0.0000"), "", null,
                    0, null) : new Finding(p, Status.DETECTED, Severity.of(Double.parseDouble(score)),
                    new BigDecimal(score), "", null, 0, null));
        }
        RiskScore score = BehaviorAnalyzer.riskScore(findings);
        assertEquals(19, score.score());
        assertEquals("LOW", score.band());
        assertEquals(new BigDecimal("15.0"), score.components().get(Pattern.TILT.ordinal()).points());
    }

    @Test
    void everyRecommendation_answersADetectedFinding_strongestFirst() {
        BehaviorAnalysis analysis = Analysis.analyze(troubledTrader(), Sensitivity.MEDIUM);
        assertFalse(analysis.recommendations().isEmpty());
        BigDecimal previous = null;
        for (Recommendation r : analysis.recommendations()) {
            Finding f = analysis.finding(r.finding());
            assertTrue(f.detected(), r.finding() + " must be detected to be recommended on");
            assertEquals(f.severity(), r.severity());
            assertTrue(r.text().contains("→"), r.text());
            assertTrue(r.text().matches(".*\\d.*"), "cites numbers: " + r.text());
            assertTrue(previous == null || previous.compareTo(f.score()) >= 0);
            previous = f.score();
        }
        List<Pattern> detected = analysis.findings().stream().filter(Finding::detected).map(Finding::pattern)
                .toList();
        assertEquals(detected.size(), analysis.recommendations().size());
        assertTrue(detected.contains(Pattern.REVENGE_TRADING), detected.toString());
        assertTrue(analysis.cooldown().recommended());
    }

    @Test
    void theSameHistoryInAnyOrder_givesByteIdenticalJson() {
        TradeHistory history = troubledTrader();
        List<Fill> shuffled = new ArrayList<>(history.fills());
        Collections.shuffle(shuffled, new Random(7));
        String first = Json.write(Analysis.analyze(history, Sensitivity.MEDIUM));
        String second = Json.write(Analysis.analyze(new TradeHistory(shuffled, history.equity(), history.journal(),
                history.riskLimits(), history.ruleBreaks()), Sensitivity.MEDIUM));
        assertEquals(first, second);
    }

    @Test
    void theAnalysis_survivesAJsonRoundTripThroughTheSharedMapper() throws Exception {
        BehaviorAnalysis analysis = Analysis.analyze(troubledTrader(), Sensitivity.MEDIUM);
        String json = Json.write(analysis);
        BehaviorAnalysis read = Json.mapper().readValue(json, BehaviorAnalysis.class);
        assertEquals(json, Json.write(read));
        assertTrue(json.contains("\"pattern\":\"REVENGE_TRADING\""), json);
        assertFalse(json.contains("E-"), "decimals are written plainly");
    }
}
