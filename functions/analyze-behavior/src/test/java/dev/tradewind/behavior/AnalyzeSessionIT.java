package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.guardrails.Cooldown;
import dev.tradewind.testing.HttpResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * End to end at the handlers: trades imported into a journal through trading-session, analysed by session,
 * both patterns detected with the trades that prove them, the report stored, and the cooldown the analysis starts
 * enforced by trading-session's guardrail.
 */
class AnalyzeSessionIT {

    private static final String BUY = "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\"}";

    static JsonNode finding(JsonNode report, String pattern) {
        for (JsonNode f : report.get("analysis").get("findings")) {
            if (f.get("pattern").asText().equals(pattern)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + pattern + " in " + report);
    }

    static List<List<String>> evidenceIds(JsonNode finding) {
        List<List<String>> ids = new ArrayList<>();
        for (JsonNode e : finding.get("evidence")) {
            List<String> one = new ArrayList<>();
            e.get("tradeIds").forEach(id -> one.add(id.asText()));
            ids.add(one);
        }
        return ids;
    }

    static JsonNode recommendation(JsonNode report, String pattern) {
        for (JsonNode r : report.get("analysis").get("recommendations")) {
            if (r.get("finding").asText().equals(pattern)) {
                return r;
            }
        }
        throw new AssertionError("no recommendation for " + pattern + " in " + report);
    }

    @Test
    void importedHistory_revengeAndDispositionDetected_withTheTradesThatProveThem() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        List<String> ids = api.tradeIds("u1", journal);
        assertEquals(30, ids.size());

        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");

        JsonNode input = report.get("input");
        assertEquals("SESSION", input.get("source").asText());
        assertEquals(journal, input.get("sessionId").asText());
        assertEquals(30, input.get("fills").asInt());
        assertEquals(0, input.get("excludedFills").asInt());
        assertFalse(input.get("truncated").asBoolean());
        JsonNode summary = report.get("analysis").get("summary");
        assertEquals(15, summary.get("closedTrades").asInt());
        assertTrue(summary.get("equityKnown").asBoolean(), "the journal's starting cash and equity after each fill");
        assertEquals("REPORTED", summary.get("pnlMethod").asText());

        JsonNode revenge = finding(report, "REVENGE_TRADING");
        assertEquals("DETECTED", revenge.get("status").asText());
        assertEquals(3, revenge.get("evidenceCount").asInt());
        // Each instance: the losing round trip's exit, then the larger entry 20-30 minutes later.
        assertEquals(List.of(List.of(ids.get(5), ids.get(6)), List.of(ids.get(15), ids.get(16)),
                List.of(ids.get(27), ids.get(28))), evidenceIds(revenge));
        assertEquals("PCT_OF_EQUITY", revenge.get("metrics").get("lossThresholdBasis").asText());
        JsonNode first = revenge.get("evidence").get(0);
        assertEquals("2022-01-02T20:30:00Z", first.get("time").asText());
        assertEquals(30, first.get("values").get("minutesAfterLoss").asInt());

        JsonNode disposition = finding(report, "DISPOSITION_EFFECT");
        assertEquals("DETECTED", disposition.get("status").asText());
        assertTrue(disposition.get("metrics").get("loserToWinnerHoldRatio").asDouble() >= 1.5,
                disposition.toString());
        assertTrue(evidenceIds(disposition).contains(List.of(ids.get(14), ids.get(15))),
                "the 1.3 BTC loser held from 12:05 to 16:00: " + disposition);

        JsonNode wait = recommendation(report, "REVENGE_TRADING");
        assertTrue(wait.get("guardrail").asBoolean());
        assertTrue(wait.get("text").asText().startsWith("3 entries within 45 min after losses of 2.0% of equity"),
                wait.toString());
        assertTrue(wait.get("text").asText().contains("wait 60 minutes"), wait.toString());
        assertTrue(recommendation(report, "DISPOSITION_EFFECT").get("text").asText()
                .contains("as long as winners"));
        assertTrue(report.get("analysis").get("riskScore").get("score").asInt() > 0);
    }

    @Test
    void latestCloseWasALargeLoss_cooldownStarts_andTheGuardrailRefusesOrdersUntilItEnds() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        List<String> ids = api.tradeIds("u1", journal);
        String guarded = api.session("u1", "{\"name\":\"guarded\",\"startingCash\":100000,"
                + "\"guardrails\":{\"cooldownOnTilt\":true}}");
        String unguarded = api.session("u1", "{\"name\":\"free\",\"startingCash\":100000}");

        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");

        JsonNode cooldown = report.get("analysis").get("cooldown");
        assertEquals("2022-01-04T20:00:00Z", cooldown.get("activeUntil").asText(), "19:00 close + 60 minutes");
        assertEquals(ids.get(29), cooldown.get("triggeredBy").asText());
        JsonNode guardrail = report.get("guardrail");
        assertEquals("STARTED", guardrail.get("cooldown").asText());
        assertEquals("2022-01-04T20:00:00Z", guardrail.get("until").asText());
        Cooldown stored = api.cooldowns().active("u1", api.clock.instant()).orElseThrow();
        assertEquals(Instant.parse("2022-01-04T20:00:00Z"), stored.until());
        assertEquals(report.get("id").asText(), stored.reportId());
        assertEquals(guardrail.get("reason").asText(), stored.reason());
        assertTrue(stored.reason().startsWith("revenge trading: 3 entries"), stored.reason());

        HttpResult refused = api.order("u1", guarded, BUY);
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("COOLDOWN_ACTIVE", refused.errorCode());
        String message = refused.body().get("error").get("message").asText();
        assertTrue(message.contains("2022-01-04T20:00:00Z") && message.contains("revenge trading"), message);
        assertEquals(201, api.order("u1", unguarded, BUY).status(), "only sessions with the guardrail on pause");

        api.clock.set(Instant.parse("2022-01-04T19:59:59Z"));
        assertEquals(422, api.order("u1", guarded, BUY).status());
        api.clock.set(Instant.parse("2022-01-04T20:00:00Z"));
        HttpResult accepted = api.order("u1", guarded, BUY);
        assertEquals(201, accepted.status(), "the cooldown has ended: " + accepted);
    }

    @Test
    void analysingAgainDuringTheCooldown_extendsIt_butNeverShortensIt() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");
        api.clock.set(Instant.parse("2022-01-04T19:30:00Z"));

        // High sensitivity waits longer (120 minutes after a large loss, the tilt window of 180 after two losses
        // in a row): the cooldown grows.
        JsonNode longer = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"high\"}");
        assertEquals("STARTED", longer.get("guardrail").get("cooldown").asText());
        String until = longer.get("analysis").get("cooldown").get("activeUntil").asText();
        assertTrue(Instant.parse(until).isAfter(Instant.parse("2022-01-04T20:00:00Z")), until);
        assertEquals(until, longer.get("guardrail").get("until").asText());

        // Medium again would end it at 20:00: the longer one stays.
        JsonNode shorter = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"medium\"}");
        assertEquals("2022-01-04T20:00:00Z", shorter.get("analysis").get("cooldown").get("activeUntil").asText());
        assertEquals("ALREADY_IN_FORCE", shorter.get("guardrail").get("cooldown").asText());
        assertEquals(until, shorter.get("guardrail").get("until").asText());
        assertEquals(longer.get("id").asText(),
                api.cooldowns().active("u1", api.clock.instant()).orElseThrow().reportId());
    }

    /**
     * The replay clock runs on while the analysis reads (a second of market time per DynamoDB call here; 720× wall
     * time by default): the cooldown the analysis saw in force at its start has ended by the time it would start it.
     */
    @Test
    void cooldownEndingWhileTheAnalysisRuns_isNotStarted_andTheAnalysisAnswers200() {
        AtomicReference<BehaviorApi> running = new AtomicReference<>();
        ExecutionInterceptor clockRunsOn = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (running.get() != null) {
                    running.get().clock.advance(Duration.ofSeconds(1));
                }
            }
        };
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events -> { }, List.of(clockRunsOn));
        String journal = api.importedScenario("u1", "40000");
        api.clock.set(Instant.parse("2022-01-04T19:59:58Z"));
        running.set(api);

        HttpResult result = api.analyze("u1", "{\"sessionId\":\"" + journal + "\"}");
        running.set(null);

        assertEquals(200, result.status(), result.toString());
        assertEquals("2022-01-04T20:00:00Z", result.body().get("analysis").get("cooldown").get("activeUntil").asText());
        assertEquals("NONE", result.body().get("guardrail").get("cooldown").asText());
        assertTrue(api.cooldowns().active("u1", Instant.parse("2022-01-04T19:59:59Z")).isEmpty());
    }

    @Test
    void analysisLongAfterTheLastLoss_recommendsTheRule_butStartsNoCooldown() {
        BehaviorApi api = new BehaviorApi(Instant.parse("2022-01-06T12:00:00Z"));
        String journal = api.importedScenario("u1", "40000");
        String guarded = api.session("u1", "{\"name\":\"guarded\",\"startingCash\":100000,"
                + "\"guardrails\":{\"cooldownOnTilt\":true}}");

        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");

        assertTrue(report.get("analysis").get("cooldown").get("recommended").asBoolean());
        assertEquals(1, report.get("analysis").get("cooldown").get("rules").size());
        assertFalse(report.get("analysis").get("cooldown").has("activeUntil"));
        assertEquals("NONE", report.get("guardrail").get("cooldown").asText());
        assertTrue(api.cooldowns().active("u1", api.clock.instant()).isEmpty());
        assertEquals(201, api.order("u1", guarded, BUY).status());
    }

    @Test
    void storedReport_isTheAnalysisAsReturned_andListedUnderItsSession() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");
        String id = report.get("id").asText();

        HttpResult read = api.report("u1", id);
        assertEquals(200, read.status(), read.toString());
        assertEquals(report, read.body());

        HttpResult listed = api.reports("u1", BehaviorApi.query("sessionId", journal));
        assertEquals(200, listed.status(), listed.toString());
        assertEquals(1, listed.body().get("items").size());
        JsonNode item = listed.body().get("items").get(0);
        assertEquals(id, item.get("id").asText());
        assertEquals("SESSION", item.get("source").asText());
        assertEquals(journal, item.get("sessionId").asText());
        assertEquals(report.get("analysis").get("riskScore").get("score").asInt(), item.get("riskScore").asInt());
        List<String> detected = new ArrayList<>();
        item.get("detected").forEach(p -> detected.add(p.asText()));
        assertTrue(detected.containsAll(List.of("REVENGE_TRADING", "DISPOSITION_EFFECT")), detected.toString());
        assertEquals("STARTED", item.get("cooldown").asText());
        assertNotNull(item.get("createdAt"));
        assertFalse(listed.body().has("nextCursor"));
    }

    /** trading-session accepts a buy whose position is at most maxPositionPct of the equity before it fills. */
    @Test
    void aBuyTheSessionAcceptedAtItsMaxPositionPct_isNoRuleBreak() {
        BehaviorApi api = new BehaviorApi();
        // The fill price at this moment, from a session without limits.
        String probe = api.session("u1", "{\"name\":\"probe\",\"startingCash\":100000,\"feesBps\":10}");
        HttpResult first = api.order("u1", probe, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.001\"}");
        assertEquals(201, first.status(), first.toString());
        BigDecimal price = new BigDecimal(first.body().get("fillPrice").asText());

        String limited = api.session("u1", "{\"name\":\"limited\",\"startingCash\":100000,\"feesBps\":10,"
                + "\"riskLimits\":{\"maxPositionPct\":10}}");
        // The largest quantity whose value stays within 10 % of 100,000; the fee then takes equity below 100,000.
        BigDecimal quantity = new BigDecimal("10000").divide(price, 8, RoundingMode.DOWN);
        HttpResult order = api.order("u1", limited, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\""
                + quantity.toPlainString() + "\"}");
        assertEquals(201, order.status(), "the session accepts it: " + order);

        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + limited + "\"}");
        assertEquals(0, report.at("/analysis/summary/ruleBreaks").asInt(), report.toString());
    }
}
