package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.JournalNote;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.behavior.domain.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmotionDetectorTest {

    /** 16 round trips; the ones journaled "Frustrated" (ids given) lose 30, the others win 10 or 12. */
    private static TradeHistory journaled(boolean frustratedLoses) {
        Trades t = new Trades();
        List<JournalNote> journal = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean frustrated = i % 4 == 3;
            String exit = frustrated && frustratedLoses ? "97" : i % 2 == 0 ? "101" : "101.2";
            String[] ids = t.roundTrip(at(i, 10, 0), Duration.ofHours(1), "AAPL", "10", "100", exit);
            journal.add(new JournalNote("j" + i, at(i, 12, 0), ids[1],
                    List.of(frustrated ? " Frustrated" : "calm"), List.of(), 3, null));
        }
        return t.history().withJournal(journal);
    }

    @Test
    void anEmotionThatGoesWithLosses_isDetectedWithItsTrades() {
        Finding f = Analysis.analyze(journaled(true), Sensitivity.MEDIUM).finding(Pattern.EMOTIONS);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(1, f.evidenceCount());
        assertEquals(List.of("f008", "f016", "f024", "f032"), f.evidence().get(0).tradeIds());
        assertTrue(f.summary().contains("'frustrated' (4 trades): mean P&L -30.00"), f.summary());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> table = (List<Map<String, Object>>) f.metrics().get("byEmotion");
        assertEquals(List.of("calm", "frustrated"), table.stream().map(r -> r.get("emotion")).toList());
    }

    /**
     * The most an analysis reads: 10,000 fills, all but 20 of them on one day, and 2,000 journal entries about that
     * day, each naming every emotion. Each entry once added the day's 4,990 round trips to each of its emotions again
     * (110 million additions, seconds of the function's time); each emotion still counts each round trip once.
     */
    @Test
    void theMostJournalEntriesAnAnalysisReads_allAboutOneBusyDay_countEachRoundTripOncePerEmotion() {
        Trades t = new Trades();
        int busyDayTrips = TradeHistory.MAX_FILLS / 2 - 10;
        for (int k = 0; k < busyDayTrips; k++) {
            t.roundTrip(at(0, 0, 0).plusSeconds(8L * k), Duration.ofSeconds(4), "AAPL", "1", "100",
                    k % 2 == 0 ? "110" : "90");
        }
        for (int k = 0; k < 10; k++) {
            t.roundTrip(at(1, 10, k), Duration.ofSeconds(30), "AAPL", "1", "100", "101");
        }
        List<String> everyEmotion = List.of("calm", "confident", "disciplined", "bored", "anxious", "fearful",
                "greedy", "frustrated", "impatient", "euphoric", "regretful");
        List<JournalNote> journal = new ArrayList<>();
        for (int j = 0; j < 2_000; j++) {
            journal.add(new JournalNote("j" + j, at(0, 12, 0).plusSeconds(j), null, everyEmotion, List.of(), null,
                    null));
        }

        Finding f = Analysis.analyze(t.history().withJournal(journal), Sensitivity.MEDIUM)
                .finding(Pattern.EMOTIONS);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> table = (List<Map<String, Object>>) f.metrics().get("byEmotion");
        assertEquals(everyEmotion.size(), table.size());
        table.forEach(row -> assertEquals((long) busyDayTrips, row.get("trades"), row.toString()));
    }

    @Test
    void emotionsThatDoNotChangeResults_areNotDetected() {
        Finding f = Analysis.analyze(journaled(false), Sensitivity.HIGH).finding(Pattern.EMOTIONS);
        assertEquals(Status.NOT_DETECTED, f.status());
    }

    @Test
    void withoutAJournal_emotionsAreInsufficientData() {
        Finding f = Analysis.analyze(new Trades().disciplined("AAPL", 0, 6).history(), Sensitivity.HIGH)
                .finding(Pattern.EMOTIONS);
        assertEquals(Status.INSUFFICIENT_DATA, f.status());
    }

    /**
     * Every round trip tagged "frustrated" loses exactly 30 and every other one wins exactly 10: no spread on either
     * side, so Welch's t is −∞, a certain difference that the t threshold accepts.
     */
    @Test
    void anEmotionThatAlwaysLosesTheSameAmount_isDetectedWithAnInfiniteWelchT() {
        Trades t = new Trades();
        List<JournalNote> journal = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean frustrated = i % 4 == 3;
            String[] ids = t.roundTrip(at(i, 10, 0), Duration.ofHours(1), "AAPL", "10", "100",
                    frustrated ? "97" : "101");
            journal.add(new JournalNote("j" + i, at(i, 12, 0), ids[1], List.of(frustrated ? "frustrated" : "calm"),
                    List.of(), 3, null));
        }
        Finding f = Analysis.analyze(t.history().withJournal(journal), Sensitivity.MEDIUM).finding(Pattern.EMOTIONS);

        assertEquals(Status.DETECTED, f.status(), f.summary());
        assertEquals(new BigDecimal("1.0000"), f.score());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> table = (List<Map<String, Object>>) f.metrics().get("byEmotion");
        assertFalse(table.get(1).containsKey("welchT"), "an infinite t is left out of the metrics");
    }
}
