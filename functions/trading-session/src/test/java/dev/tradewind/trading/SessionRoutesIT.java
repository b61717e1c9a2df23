package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.HttpResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating, listing and reading sessions. */
class SessionRoutesIT {

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
    }

    @Test
    void create_fromTheSampleEvent_answers201WithTheSession() {
        HttpResult result = api.invoke(TradingApi.event("create-session", "u1"));
        assertEquals(201, result.status(), result.toString());
        JsonNode session = result.body();
        String id = session.get("id").asText();
        assertEquals("/v1/sessions/" + id, result.headers().get("location"));
        assertEquals("PAPER", session.get("type").asText());
        assertEquals("ACTIVE", session.get("status").asText());
        assertEquals("USD", session.get("currency").asText());
        assertEquals(new BigDecimal("100000.00"), money(session, "startingCash"));
        assertEquals(new BigDecimal("100000.00"), money(session, "cash"));
        assertEquals(50, session.get("riskLimits").get("maxPositionPct").asInt());
        assertEquals(5, session.get("riskLimits").get("maxDailyLossPct").asInt());
        assertEquals(20, session.get("riskLimits").get("maxOrdersPerHour").asInt());
        assertTrue(session.get("guardrails").get("cooldownOnTilt").asBoolean());
        assertEquals("2022-01-04T15:00:00Z", session.get("createdAt").asText());
        assertEquals(session, api.sessionView("u1", id));
    }

    /** A name of "at most 100 characters" counts characters, not UTF-16 units: an emoji is one. */
    @Test
    void create_withANameOf100Emoji_isAccepted_and101AreNot() {
        String emoji = "\uD83D\uDE80";
        HttpResult created = api.createSession("u1", "{\"name\":\"" + emoji.repeat(100) + "\",\"startingCash\":1}");
        assertEquals(201, created.status(), created.toString());
        assertEquals(emoji.repeat(100), created.body().get("name").asText());
        assertEquals(400, api.createSession("u1", "{\"name\":\"" + emoji.repeat(101) + "\",\"startingCash\":1}")
                .status());
    }

    @Test
    void create_withInvalidInput_is400NamingEveryField() {
        HttpResult result = api.createSession("u1", "{\"name\":\"\",\"startingCash\":-5,\"currency\":\"EUR\","
                + "\"feesBps\":5000,\"riskLimits\":{\"maxPositionPct\":0,\"maxOrdersPerHour\":0}}");
        assertEquals(400, result.status());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        List<String> fields = new ArrayList<>();
        result.body().path("error").path("details").forEach(d -> fields.add(d.get("field").asText()));
        assertEquals(List.of("name", "currency", "startingCash", "feesBps", "riskLimits.maxPositionPct",
                "riskLimits.maxOrdersPerHour"), fields);
        assertEquals(400, api.createSession("u1", "{\"name\":\"x\",\"startingCash\":100.001}").status());
        assertEquals(400, api.createSession("u1", "{\"name\":\"x\"}").status(), "paper sessions need cash");
        assertEquals(400, api.createSession("u1", "{\"name\":\"x\",\"startingCash\":1,\"margin\":true}").status());
        assertEquals(400, api.createSession("u1", "{\"name\":\"x\",\"type\":\"JOURNAL\",\"feesBps\":1}").status());
        assertTrue(api.all("list-sessions", "u1", null, 10).isEmpty());
    }

    @Test
    void journalSession_needsNoCash() {
        HttpResult result = api.createSession("u1", "{\"name\":\"broker history\",\"type\":\"JOURNAL\"}");
        assertEquals(201, result.status(), result.toString());
        assertEquals("JOURNAL", result.body().get("type").asText());
        assertEquals(new BigDecimal("0.00"), money(result.body(), "startingCash"));
        assertNull(result.body().get("riskLimits"));
    }

    @Test
    void list_pagesNewestFirst_andOnlyTheCallersSessions() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.session("u1"));
            api.clock.advance(java.time.Duration.ofSeconds(1));
        }
        api.session("u2");
        List<String> listed = api.all("list-sessions", "u1", null, 2).stream().map(s -> s.get("id").asText())
                .toList();
        assertEquals(ids.reversed(), listed);
        HttpResult first = api.invoke(TradingApi.event("list-sessions", "u1").query("limit", "2"));
        String cursor = first.body().get("nextCursor").asText();
        HttpResult stolen = api.invoke(TradingApi.event("list-sessions", "u2").query("cursor", cursor));
        assertEquals(400, stolen.status());
        assertEquals("INVALID_CURSOR", stolen.errorCode());
        assertEquals(400, api.invoke(TradingApi.event("list-sessions", "u1").query("limit", "1000")).status());
    }

    /** docs/api.md#paging: a listing's nextCursor is absent on its last page, even one that is exactly full. */
    @Test
    void list_exactlyFullLastPage_hasNoNextCursor() {
        api.session("u1");
        api.clock.advance(java.time.Duration.ofSeconds(1));
        api.session("u1");
        HttpResult first = api.invoke(TradingApi.event("list-sessions", "u1").query("limit", "2"));
        assertEquals(2, first.body().get("items").size(), first.toString());
        assertFalse(first.body().has("nextCursor"), first.toString());
    }

    /** A list evaluates what GET evaluates: a resting order whose candle closed shows as filled in both. */
    @Test
    void list_afterARestingOrdersCandleClosed_showsEachSessionAsGetDoes() {
        String resting = api.session("u1");
        api.placed("u1", resting, TradingApi.limit("BTCUSDT", "BUY", "0.1", "46900"));
        api.clock.advance(Duration.ofSeconds(1));
        String holding = api.session("u1");
        api.placed("u1", holding, TradingApi.market("BTCUSDT", "BUY", "0.1"));
        api.clock.set(java.time.Instant.parse("2022-01-04T16:30:00Z"));

        List<JsonNode> listed = api.all("list-sessions", "u1", null, 10);

        assertEquals(List.of(holding, resting), listed.stream().map(s -> s.get("id").asText()).toList());
        assertEquals(1, listed.get(1).get("tradeCount").asInt(), "the 15:00 candle filled it: " + listed.get(1));
        for (JsonNode session : listed) {
            JsonNode got = api.sessionView("u1", session.get("id").asText());
            for (String field : List.of("cash", "feesPaid", "realizedPnl")) {
                assertEquals(money(got, field), money(session, field), field + " of " + session + " vs " + got);
            }
            assertEquals(got.get("tradeCount").asInt(), session.get("tradeCount").asInt());
        }
    }

    @Test
    void get_unknownOrMalformedSession_is404() {
        assertEquals(404, api.sessionGet("get-session", "u1", "01ARZ3NDEKTSV4RRFFQ69G5FAV").status());
        assertEquals(404, api.sessionGet("get-session", "u1", "nope#SESSION").status());
    }

    @Test
    void get_reportsEquityAtTheLatestPrices() {
        String sessionId = api.session("u1");
        api.placed("u1", sessionId, TradingApi.market("BTCUSDT", "BUY", "0.1"));
        api.clock.set(java.time.Instant.parse("2022-01-04T18:00:00Z"));
        JsonNode session = api.sessionView("u1", sessionId);
        // Cash 95262.59 + 0.1 × 46564.00 (the 17:00 candle's close).
        assertEquals(new BigDecimal("99918.99"), money(session, "equity"));
        assertEquals(1, session.get("tradeCount").asInt());
        assertFalse(session.has("finalEquity"));
    }

    @Test
    void create_sameIdempotencyKeyAndBody_createsOneSessionAndReplaysTheFirstAnswer() {
        HttpResult first = api.createSession("u1", "key-1", TradingApi.paperSession("100000", ""));
        assertEquals(201, first.status(), first.toString());
        assertFalse(first.headers().containsKey("idempotent-replayed"));
        api.clock.advance(Duration.ofMinutes(30));
        HttpResult retry = api.createSession("u1", "key-1", "{\"slippageBps\":5.0,\"feesBps\":10,"
                + "\"startingCash\":100000.00,\"name\":\" test \",\"type\":\"PAPER\",\"currency\":\"USD\"}");
        assertEquals(201, retry.status(), retry.toString());
        assertEquals(first.body(), retry.body());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(first.headers().get("location"), retry.headers().get("location"));
        assertEquals(1, api.all("list-sessions", "u1", null, 10).size());
        HttpResult otherUser = api.createSession("u2", "key-1", TradingApi.paperSession("100000", ""));
        assertEquals(201, otherUser.status(), otherUser.toString());
        assertFalse(otherUser.headers().containsKey("idempotent-replayed"), "keys are per user");
    }

    @Test
    void create_sameIdempotencyKeyWithAnotherBody_is422AndCreatesNothing() {
        assertEquals(201, api.createSession("u1", "key-1", TradingApi.paperSession("100000", "")).status());
        HttpResult other = api.createSession("u1", "key-1", TradingApi.paperSession("5000", ""));
        assertEquals(422, other.status(), other.toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.errorCode());
        HttpResult malformed = api.createSession("u1", "has spaces", TradingApi.paperSession("100000", ""));
        assertEquals(400, malformed.status(), malformed.toString());
        assertEquals("INVALID_IDEMPOTENCY_KEY", malformed.errorCode());
        assertEquals(1, api.all("list-sessions", "u1", null, 10).size());
    }

    /** A key of printable ASCII with a space is refused for the space, and the answer has to say so. */
    @Test
    void create_withASpaceInTheIdempotencyKey_is400SayingSpacesAreRefused() {
        HttpResult malformed = api.createSession("u1", "has spaces", TradingApi.paperSession("100000", ""));
        assertEquals(400, malformed.status(), malformed.toString());
        String message = malformed.body().path("error").path("message").asText();
        assertTrue(message.contains("no space"), message);
    }

    @Test
    void create_concurrentRequestsWithOneIdempotencyKey_createOneSession() throws Exception {
        List<String> bodies = new ArrayList<>();
        String body = TradingApi.paperSession("100000", "");
        for (HttpResult r : TradingApi.atOnce(8, () -> api.createSession("u1", "same-key", body))) {
            assertEquals(201, r.status(), r.toString());
            bodies.add(r.body().toString());
        }
        assertEquals(1, bodies.stream().distinct().count(), "every request got the first answer");
        assertEquals(1, api.all("list-sessions", "u1", null, 10).size());
    }

    @Test
    void create_withoutIdempotencyKey_createsASessionEachTime() {
        HttpResult first = api.createSession("u1", TradingApi.paperSession("100000", ""));
        HttpResult second = api.createSession("u1", TradingApi.paperSession("100000", ""));
        assertEquals(201, second.status(), second.toString());
        assertFalse(second.headers().containsKey("idempotent-replayed"));
        assertFalse(first.body().get("id").equals(second.body().get("id")));
        assertEquals(2, api.all("list-sessions", "u1", null, 10).size());
    }
}
