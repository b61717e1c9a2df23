package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.CursorTampering;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.StandardOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored reports: read back by id, listed newest first (all, or one session's), paginated, and private. */
class ReportsIT {

    private static final String INLINE = "{\"trades\":[{\"time\":\"2022-01-03T10:00:00Z\",\"symbol\":\"BTCUSDT\","
            + "\"side\":\"BUY\",\"quantity\":1,\"price\":47000}]}";

    private static List<String> ids(HttpResult page) {
        List<String> ids = new ArrayList<>();
        page.body().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void listing_isNewestFirst_perSessionOrAll_andPaginates() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        String other = api.session("u1", "{\"name\":\"other\",\"startingCash\":1000}");
        List<String> created = new ArrayList<>();
        for (String body : new String[] {"{\"sessionId\":\"" + journal + "\"}", INLINE,
                "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"low\"}", "{\"sessionId\":\"" + other + "\"}",
                "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"high\"}"}) {
            api.clock.advance(Duration.ofSeconds(1));
            created.add(api.analyzed("u1", body).get("id").asText());
        }

        HttpResult first = api.reports("u1", BehaviorApi.query("sessionId", journal, "limit", "2"));
        assertEquals(200, first.status(), first.toString());
        assertEquals(List.of(created.get(4), created.get(2)), ids(first));
        String cursor = first.body().get("nextCursor").asText();
        HttpResult second = api.reports("u1", BehaviorApi.query("sessionId", journal, "limit", "2", "cursor", cursor));
        assertEquals(List.of(created.get(0)), ids(second));
        assertFalse(second.body().has("nextCursor"));

        HttpResult all = api.reports("u1", BehaviorApi.query());
        assertEquals(List.of(created.get(4), created.get(3), created.get(2), created.get(1), created.get(0)), ids(all));
        JsonNode inline = all.body().get("items").get(3);
        assertEquals("INLINE", inline.get("source").asText());
        assertFalse(inline.has("sessionId"));
        assertTrue(inline.get("insufficientData").asBoolean());
        assertEquals(List.of(created.get(3)), ids(api.reports("u1", BehaviorApi.query("sessionId", other))));

        HttpResult page = api.reports("u1", BehaviorApi.query("limit", "3"));
        HttpResult rest = api.reports("u1", BehaviorApi.query("limit", "3", "cursor",
                page.body().get("nextCursor").asText()));
        assertEquals(List.of(created.get(1), created.get(0)), ids(rest));
    }

    /** docs/api.md#paging: the page that ends a listing has no cursor, even when it is exactly full. */
    @Test
    void listing_exactlyFullLastPage_hasNoCursor_perSessionOrAll() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        List<String> created = new ArrayList<>();
        for (String sensitivity : new String[] {"low", "high"}) {
            api.clock.advance(Duration.ofSeconds(1));
            created.add(api.analyzed("u1", "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"" + sensitivity
                    + "\"}").get("id").asText());
        }
        for (String sessionId : new String[] {journal, null}) {
            HttpResult whole = api.reports("u1", sessionId == null ? BehaviorApi.query("limit", "2")
                    : BehaviorApi.query("sessionId", sessionId, "limit", "2"));
            assertEquals(created.reversed(), ids(whole));
            assertFalse(whole.body().has("nextCursor"), whole.toString());
            HttpResult first = api.reports("u1", sessionId == null ? BehaviorApi.query("limit", "1")
                    : BehaviorApi.query("sessionId", sessionId, "limit", "1"));
            String cursor = first.body().get("nextCursor").asText();
            HttpResult last = api.reports("u1", sessionId == null ? BehaviorApi.query("limit", "1", "cursor", cursor)
                    : BehaviorApi.query("sessionId", sessionId, "limit", "1", "cursor", cursor));
            assertEquals(List.of(created.getFirst()), ids(last));
            assertFalse(last.body().has("nextCursor"), last.toString());
        }
    }

    @Test
    void cursors_areCheckedAgainstTheQuery_andLimitsAreBounded() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        for (String sensitivity : new String[] {"low", "medium", "high"}) {
            api.clock.advance(Duration.ofSeconds(1));
            api.analyzed("u1", "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"" + sensitivity + "\"}");
        }
        String sessionCursor = api.reports("u1", BehaviorApi.query("sessionId", journal, "limit", "1")).body()
                .get("nextCursor").asText();
        String allCursor = api.reports("u1", BehaviorApi.query("limit", "1")).body().get("nextCursor").asText();
        String u2Journal = api.session("u2", "{\"name\":\"j\",\"type\":\"JOURNAL\"}");

        for (HttpResult refused : List.of(
                api.reports("u1", BehaviorApi.query("cursor", "garbage")),
                api.reports("u1", BehaviorApi.query("cursor", sessionCursor)),
                api.reports("u1", BehaviorApi.query("sessionId", journal, "cursor", allCursor)),
                api.reports("u2", BehaviorApi.query("cursor", allCursor)),
                api.reports("u2", BehaviorApi.query("sessionId", u2Journal, "cursor", sessionCursor)),
                api.reports("u1", BehaviorApi.query("cursor", CursorTampering.without(allCursor, "sk"))),
                api.reports("u1", BehaviorApi.query("sessionId", journal, "cursor",
                        CursorTampering.without(sessionCursor, "pk", "sk"))))) {
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("INVALID_CURSOR", refused.errorCode());
        }
        assertEquals(400, api.reports("u1", BehaviorApi.query("limit", "0")).status());
        assertEquals(400, api.reports("u1", BehaviorApi.query("limit", "101")).status());
        assertEquals(3, ids(api.reports("u1", BehaviorApi.query("limit", "100"))).size());
    }

    @Test
    void anotherUsersReports_areNotFound_andStayUnchanged() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        JsonNode report = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\"}");
        String id = report.get("id").asText();

        assertEquals(404, api.report("u2", id).status());
        HttpResult listOthers = api.reports("u2", BehaviorApi.query("sessionId", journal));
        assertEquals(404, listOthers.status(), "another user's session is not found, as on every trading route");
        assertEquals(List.of(), ids(api.reports("u2", BehaviorApi.query())));
        assertEquals(404, api.analyze("u2", "{\"sessionId\":\"" + journal + "\"}").status());

        assertEquals(report, api.report("u1", id).body());
        assertEquals(List.of(id), ids(api.reports("u1", BehaviorApi.query("sessionId", journal))));
        assertEquals("u1", api.cooldowns().active("u1", api.clock.instant()).orElseThrow().userId());
        assertTrue(api.cooldowns().active("u2", api.clock.instant()).isEmpty());
    }

    @Test
    void analysingUnchangedHistoryAgain_answersTheStoredReport_andStoresNothingNew() {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        String body = "{\"sessionId\":\"" + journal + "\"}";
        JsonNode first = api.analyzed("u1", body);
        api.clock.advance(Duration.ofMinutes(1));

        assertEquals(first, api.analyzed("u1", body));
        assertEquals(List.of(first.get("id").asText()), ids(api.reports("u1", BehaviorApi.query())));

        api.clock.advance(Duration.ofSeconds(1));
        JsonNode other = api.analyzed("u1", "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"high\"}");
        assertFalse(first.get("id").equals(other.get("id")), "a different analysis is a new report");
        assertEquals(2, ids(api.reports("u1", BehaviorApi.query())).size());
    }

    @Test
    void analysingTheSameRangeWithoutToAgain_answersTheStoredReport_untilNewFillsArrive() {
        BehaviorApi api = new BehaviorApi();
        api.importedScenario("u1", "40000");
        String body = "{\"from\":\"2022-01-01T00:00:00Z\"}";
        JsonNode first = api.analyzed("u1", body);
        api.clock.advance(Duration.ofMinutes(1));

        assertEquals(first, api.analyzed("u1", body), "an omitted `to` is now, whenever the request comes");
        assertEquals(List.of(first.get("id").asText()), ids(api.reports("u1", BehaviorApi.query())));

        String paper = api.session("u1", "{\"name\":\"paper\",\"startingCash\":100000}");
        assertEquals(201, api.order("u1", paper, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\"}")
                .status());
        JsonNode later = api.analyzed("u1", body);
        assertEquals(31, later.get("input").get("fills").asInt());
        assertEquals(api.clock.instant().toString(), later.get("input").get("to").asText());
        assertEquals(List.of(later.get("id").asText(), first.get("id").asText()),
                ids(api.reports("u1", BehaviorApi.query())), "a new fill in the range is a new report");
    }

    @Test
    void reportIds_thatAreNotIds_areNotFound() {
        BehaviorApi api = new BehaviorApi();
        assertEquals(404, api.report("u1", "01JGXT3C7V9X1Z3B5D7F9H1K3M").status());
        assertEquals(404, api.report("u1", "COOLDOWN").status());
        assertEquals(404, api.report("u1", "../REPORT#x").status());
    }

    @Test
    void reports_expireAfterTheRetention() {
        BehaviorApi api = new BehaviorApi();
        String id = api.analyzed("u1", INLINE).get("id").asText();
        api.clock.advance(Duration.ofDays(364));
        assertEquals(200, api.report("u1", id).status());
        api.clock.advance(Duration.ofDays(1));
        assertEquals(404, api.report("u1", id).status(), "DynamoDB's TTL deletes lazily; reads do not wait for it");
        assertEquals(List.of(), ids(api.reports("u1", BehaviorApi.query())));
    }

    @Test
    void analysesStoredAndUnchanged_areCountedAsMetrics() throws Exception {
        BehaviorApi api = new BehaviorApi();
        String journal = api.importedScenario("u1", "40000");
        String body = "{\"sessionId\":\"" + journal + "\"}";

        String output = StandardOutput.capture(() -> {
            api.analyzed("u1", body);
            api.clock.advance(Duration.ofSeconds(1));
            api.analyzed("u1", body);
        });

        assertTrue(output.lines().anyMatch(line -> line.contains("\"Analyses\":1")
                && line.contains("\"Stored\":\"new\"") && line.contains("\"Service\":\"analyze-behavior\"")),
                output);
        assertTrue(output.lines().anyMatch(line -> line.contains("\"Analyses\":1")
                && line.contains("\"Stored\":\"unchanged\"")), output);
    }
}
