package dev.tradewind.behavior;

import static dev.tradewind.behavior.AnalyzeSessionIT.evidenceIds;
import static dev.tradewind.behavior.AnalyzeSessionIT.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.HttpResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The other two sources of trades: the caller's trades in a time range across sessions, and trades sent inline. */
class AnalyzeSourcesIT {

    @Test
    void range_readsTheCallersTradesAcrossSessions_andLeavesOutPositionsOpenedBeforeIt() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        List<String> ids = api.tradeIds("u1", journal);
        String paper = api.session("u1", "{\"name\":\"paper\",\"startingCash\":100000}");
        String paperBuy = api.order("u1", paper, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\"}")
                .body().get("tradeId").asText();
        api.importedScenario("u2", "40000");

        // From 16:30 on Jan 2: the first fill in range (17:00) closes a position opened at 16:05, before the range.
        JsonNode report = api.analyzed("u1", "{\"from\":\"2022-01-02T16:30:00Z\",\"lossThreshold\":800}");

        JsonNode input = report.get("input");
        assertEquals("RANGE", input.get("source").asText());
        assertEquals("2022-01-02T16:30:00Z", input.get("from").asText());
        assertEquals("2022-01-04T19:05:00Z", input.get("to").asText(), "to defaults to now");
        assertEquals(27, input.get("fills").asInt(), "26 of the journal's and the paper buy; none of u2's");
        assertEquals(1, input.get("excludedFills").asInt());
        assertEquals(2, input.get("sessions").asInt());
        assertTrue(input.get("notes").toString().contains("fills from 2 sessions"), input.toString());
        assertFalse(report.get("analysis").get("summary").get("equityKnown").asBoolean(),
                "equity is per session, so unknown across two");
        JsonNode revenge = finding(report, "REVENGE_TRADING");
        assertEquals("AMOUNT", revenge.get("metrics").get("lossThresholdBasis").asText());
        assertEquals(List.of(List.of(ids.get(5), ids.get(6)), List.of(ids.get(15), ids.get(16)),
                List.of(ids.get(27), ids.get(28))), evidenceIds(revenge));
        assertFalse(report.toString().contains(ids.get(3)), "the excluded exit appears nowhere");
        JsonNode summary = report.get("analysis").get("summary");
        assertEquals(14, summary.get("entries").asInt(), "13 of the journal's and the open paper buy " + paperBuy);
        assertEquals(13, summary.get("closedTrades").asInt());
        assertEquals("STARTED", report.get("guardrail").get("cooldown").asText(),
                "the loss of 2,669 at 19:00 is past the 800 threshold: a LOSS_AMOUNT cooldown until 20:00");
        assertEquals("2022-01-04T20:00:00Z", report.get("guardrail").get("until").asText());
    }

    @Test
    void range_withinOneSession_usesItsEquity() {
        BehaviorApi api = new BehaviorApi();
        api.importedScenario("u1", "40000");

        JsonNode report = api.analyzed("u1", "{\"from\":\"2022-01-01T00:00:00Z\",\"to\":\"2022-01-05T00:00:00Z\"}");

        assertEquals(30, report.get("input").get("fills").asInt());
        assertEquals(1, report.get("input").get("sessions").asInt());
        assertTrue(report.get("analysis").get("summary").get("equityKnown").asBoolean());
        assertEquals("DETECTED", finding(report, "REVENGE_TRADING").get("status").asText());
        assertEquals("DETECTED", finding(report, "DISPOSITION_EFFECT").get("status").asText());
    }

    @Test
    void range_whoseOnlyFillFromAnotherSessionIsLeftOut_usesTheAnalysedSessionsEquity() {
        BehaviorApi api = new BehaviorApi();
        String older = api.session("u1", "{\"name\":\"older\",\"type\":\"JOURNAL\",\"startingCash\":10000}");
        api.importCsv("u1", older, "time,symbol,side,quantity,price,fees\n"
                + "2022-01-01T10:00:00Z,ETHUSDT,BUY,1,3700,1\n2022-01-02T17:30:00Z,ETHUSDT,SELL,1,3800,1\n");
        api.importedScenario("u1", "40000");

        // The older session's sale is in range, but the position it closes opened before `from`.
        JsonNode report = api.analyzed("u1", "{\"from\":\"2022-01-02T14:00:00Z\",\"to\":\"2022-01-05T00:00:00Z\"}");

        assertEquals(30, report.get("input").get("fills").asInt());
        assertEquals(1, report.get("input").get("excludedFills").asInt());
        assertEquals(1, report.get("input").get("sessions").asInt());
        assertTrue(report.get("analysis").get("summary").get("equityKnown").asBoolean(), report.toString());
        assertEquals("PCT_OF_EQUITY", finding(report, "REVENGE_TRADING").get("metrics").get("lossThresholdBasis")
                .asText());
    }

    /**
     * At 19:20 a range ending at 19:10 holds the scenario's large loss at 19:00 as its latest close, but another
     * session closed a winning round trip at 19:15: the account's latest close met no rule, so no cooldown starts.
     */
    @Test
    void range_endingBeforeALaterWinningClose_startsNoCooldown() {
        BehaviorApi api = new BehaviorApi(Instant.parse("2022-01-04T19:20:00Z"));
        api.importedScenario("u1", "40000");
        String later = api.session("u1", "{\"name\":\"later\",\"type\":\"JOURNAL\"}");
        api.importCsv("u1", later, "time,symbol,side,quantity,price,fees\n"
                + "2022-01-04T19:11:00Z,ETHUSDT,BUY,1,3700,1\n2022-01-04T19:15:00Z,ETHUSDT,SELL,1,3800,1\n");

        JsonNode report = api.analyzed("u1", "{\"from\":\"2022-01-01T00:00:00Z\",\"to\":\"2022-01-04T19:10:00Z\"}");

        assertEquals("2022-01-04T20:00:00Z", report.at("/analysis/cooldown/activeUntil").asText(),
                "within the range, the 19:00 loss is the latest close and meets the rule");
        assertEquals("NONE", report.at("/guardrail/cooldown").asText(), report.get("guardrail").toString());
        assertTrue(api.cooldowns().active("u1", api.clock.instant()).isEmpty());
    }

    /** The same range with no close after it: its 19:00 loss is the account's latest close and starts the cooldown. */
    @Test
    void range_endingBeforeNow_withNoLaterClose_startsTheCooldown() {
        BehaviorApi api = new BehaviorApi(Instant.parse("2022-01-04T19:20:00Z"));
        api.importedScenario("u1", "40000");
        String later = api.session("u1", "{\"name\":\"later\",\"type\":\"JOURNAL\"}");
        api.importCsv("u1", later, "time,symbol,side,quantity,price,fees\n"
                + "2022-01-04T19:11:00Z,ETHUSDT,BUY,1,3700,1\n");

        JsonNode report = api.analyzed("u1", "{\"from\":\"2022-01-01T00:00:00Z\",\"to\":\"2022-01-04T19:10:00Z\"}");

        assertEquals("STARTED", report.at("/guardrail/cooldown").asText(), report.get("guardrail").toString());
        assertEquals("2022-01-04T20:00:00Z", report.at("/guardrail/until").asText());
    }

    @Test
    void inline_theSampleEvent_isAnalysedWithItsOwnIds_andStartsNoCooldown() {
        BehaviorApi api = new BehaviorApi();

        HttpResult result = api.invoke(BehaviorApi.event("analyze-inline", "u1"));

        assertEquals(200, result.status(), result.toString());
        JsonNode report = result.body();
        assertEquals("INLINE", report.get("input").get("source").asText());
        assertEquals(30, report.get("input").get("fills").asInt());
        JsonNode revenge = finding(report, "REVENGE_TRADING");
        assertEquals("DETECTED", revenge.get("status").asText());
        assertEquals(List.of(List.of("t06", "t07"), List.of("t16", "t17"), List.of("t28", "t29")),
                evidenceIds(revenge));
        assertEquals("DETECTED", finding(report, "DISPOSITION_EFFECT").get("status").asText());
        assertEquals("2022-01-04T20:00:00Z", report.get("analysis").get("cooldown").get("activeUntil").asText());
        assertEquals("NOT_STARTED_INLINE", report.get("guardrail").get("cooldown").asText());
        assertTrue(api.cooldowns().active("u1", api.clock.instant()).isEmpty(),
                "inline trades are not the account's history");
        assertEquals(report, api.report("u1", report.get("id").asText()).body());
    }

    @Test
    void inline_withoutIds_namesTradesByPosition_andFewTradesAreInsufficientData() {
        BehaviorApi api = new BehaviorApi();
        StringBuilder trades = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            trades.append(i == 0 ? "" : ",").append("{\"time\":\"2022-01-03T1").append(i).append(":00:00Z\",")
                    .append("\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":1,\"price\":47000},")
                    .append("{\"time\":\"2022-01-03T1").append(i).append(":30:00Z\",\"symbol\":\"BTCUSDT\",")
                    .append("\"side\":\"SELL\",\"quantity\":\"1\",\"price\":\"47100.5\",\"fees\":\"1.5\"}");
        }

        JsonNode report = api.analyzed("u1", "{\"trades\":[" + trades + "]}");

        JsonNode insufficient = report.get("analysis").get("insufficientData");
        assertEquals(10, insufficient.get("required").asInt());
        assertEquals(3, insufficient.get("closedTrades").asInt());
        assertTrue(insufficient.get("missing").asText().startsWith("7 more closed round trips"), insufficient.toString());
        assertEquals(0, report.get("analysis").get("findings").size());
        assertFalse(report.get("analysis").has("riskScore"));
        assertEquals("NONE", report.get("guardrail").get("cooldown").asText());
        assertEquals(200, api.report("u1", report.get("id").asText()).status(), "stored like any other");
    }

    @Test
    void sessionWithoutTrades_isInsufficientData() {
        BehaviorApi api = new BehaviorApi();
        String paper = api.session("u1", "{\"name\":\"new\",\"startingCash\":1000}");

        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + paper + "\"}");

        assertEquals(0, report.get("input").get("fills").asInt());
        assertEquals(0, report.get("analysis").get("insufficientData").get("closedTrades").asInt());
    }

    @Test
    void anotherUsersSession_orNoSuchSession_is404() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");

        assertEquals(404, api.analyze("u2", "{\"sessionId\":\"" + journal + "\"}").status());
        assertEquals(404, api.analyze("u1", "{\"sessionId\":\"01JGXR0A5T6Y7Z8B9C0D1E2F3G\"}").status());
        assertEquals(404, api.analyze("u1", "{\"sessionId\":\"../USER#u2\"}").status());
        assertTrue(api.cooldowns().active("u1", api.clock.instant()).isEmpty());
        assertTrue(api.cooldowns().active("u2", api.clock.instant()).isEmpty());
    }

    @Test
    void timeZone_decidesTheDays() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");

        JsonNode utc = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");
        JsonNode tokyo = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\",\"timeZone\":\"Asia/Tokyo\"}");

        // The first sale, 16:00 UTC on Jan 2, is on Jan 3 in Tokyo (UTC+9).
        assertEquals("2022-01-02", finding(utc, "DISPOSITION_EFFECT").get("evidence").get(0).get("values")
                .get("day").asText());
        assertEquals("2022-01-03", finding(tokyo, "DISPOSITION_EFFECT").get("evidence").get(0).get("values")
                .get("day").asText());
    }

    @Test
    void sampleEvents_forTheSessionAndRangeRoutes_work() {
        BehaviorApi api = new BehaviorApi(Instant.parse("2022-01-05T00:00:00Z"));
        HttpResult unknownSession = api.invoke(BehaviorApi.event("analyze-session", "u1"));
        assertEquals(404, unknownSession.status(), "the sample's session belongs to nobody here");
        HttpResult range = api.invoke(BehaviorApi.event("analyze-range", "u1"));
        assertEquals(200, range.status(), range.toString());
        assertEquals("RANGE", range.body().get("input").get("source").asText());
        HttpResult list = api.invoke(BehaviorApi.event("list-reports", "u1"));
        assertEquals(404, list.status(), "listing by a session that is not the caller's");
        HttpResult get = api.invoke(BehaviorApi.event("get-report", "u1"));
        assertEquals(404, get.status());
    }
}
