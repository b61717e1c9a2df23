package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.market.domain.IndicatorSeriesTest;
import dev.tradewind.market.service.MarketDataService;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.CursorTampering;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read routes over what the replayed scheduled runs stored: real BTCUSDT and AAPL candles, the catalog, the
 * summary (handler level, with the caller the authorizer established).
 */
class ReplayAndReadRoutesIT {

    static final Instant REPLAY_NOW = ReplayFixture.REPLAY_NOW;
    static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));

    @BeforeAll
    static void ingestFromTheReplay() {
        LocalDynamoDb.truncate(IngestFixture.TABLE);
        ReplayFixture replay = new ReplayFixture();
        IngestHandler handler = replay.handler(REPLAY_NOW);
        replay.run(handler, "market-ingest/crypto-1h.json");
        replay.run(handler, "market-ingest/stocks-1d.json");
    }

    static MarketDataHandler reads(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Environment env = new Environment(LocalDynamoDb.environment("MarketDataFunction"), clock);
        return new MarketDataHandler(new MarketDataService(IngestFixture.client(), env.require("MARKET_TABLE"), clock), clock);
    }

    static HttpResult get(HttpEvent event) {
        return HttpResult.invoke(reads(REPLAY_NOW), event.user("01JGXQ5V8K3M2N4P6R8T0V2X4Z").bytes());
    }

    @Test
    void candles_returnRealBtcAndAaplBars_newestFirst() {
        HttpResult btc = get(HttpEvent.load("market-ingest/list-candles.json"));
        assertEquals(200, btc.status(), btc.toString());
        JsonNode candles = btc.body().get("candles");
        assertEquals(24, candles.size());
        Candle expected = HISTORY.candles("BTCUSDT").stream()
                .filter(c -> c.openTime().equals(Instant.parse("2022-01-02T23:00:00Z"))).findFirst().orElseThrow();
        assertEquals("2022-01-02T23:00:00Z", candles.get(0).get("openTime").asText());
        assertEquals("2022-01-03T00:00:00Z", candles.get(0).get("closeTime").asText());
        assertEquals(0, expected.close().compareTo(candles.get(0).get("close").decimalValue()));
        assertEquals("newest", btc.body().get("order").asText());

        HttpResult aapl = get(HttpEvent.load("market-ingest/list-candles.json").pathParameter("symbol", "AAPL")
                .query("interval", "1d").query("limit", "3").query("order", "oldest").query("from", "2021-12-29"));
        assertEquals(200, aapl.status(), aapl.toString());
        JsonNode days = aapl.body().get("candles");
        assertEquals(List.of("2021-12-29T14:30:00Z", "2021-12-30T14:30:00Z", "2021-12-31T14:30:00Z"),
                List.of(days.get(0).get("openTime").asText(), days.get(1).get("openTime").asText(),
                        days.get(2).get("openTime").asText()));
        assertEquals(new BigDecimal("177.57000732421875"), days.get(2).get("close").decimalValue());
        assertEquals("2021-12-31T21:00:00Z", days.get(2).get("closeTime").asText(), "16:00 New York");
    }

    /** Bars opened in [from, to]: a from half a second after a bar's open leaves that bar out, as indicators do. */
    @Test
    void candles_fromWithAFractionOfASecond_leaveOutTheBarOpenedBeforeIt() {
        HttpResult page = get(HttpEvent.load("market-ingest/list-candles.json").query("order", "oldest")
                .query("from", "2022-01-02T12:00:00.500Z").query("to", "2022-01-02T14:00:00Z"));
        assertEquals(200, page.status(), page.toString());
        assertEquals("2022-01-02T13:00:00Z", page.body().get("candles").get(0).get("openTime").asText());
    }

    /** from rounds up to a whole second, past a to in the same second: no bar opened in that range (was a 500). */
    @Test
    void candles_fromAndToWithinOneSecond_returnsAnEmptyPage() {
        HttpResult page = get(HttpEvent.load("market-ingest/list-candles.json")
                .query("from", "2022-01-02T12:00:00.500Z").query("to", "2022-01-02T12:00:00.700Z"));
        assertEquals(200, page.status(), page.toString());
        assertEquals(0, page.body().get("candles").size());
        assertFalse(page.body().has("nextCursor"), page.body().toString());
    }

    /** Without from the range starts at the earliest time the field rules allow, so a to before 1970 is valid. */
    @Test
    void candles_toBefore1970_withoutFrom_isAnEmptyPage() {
        HttpResult page = get(HttpEvent.load("market-ingest/list-candles.json").query("to", "1969-12-31"));
        assertEquals(200, page.status(), page.toString());
        assertEquals(0, page.body().get("candles").size());
    }

    /** docs/api.md#field-rules: a date-only to is midnight UTC, before the session that day opens. */
    @Test
    void candles_dateOnlyTo_isMidnightUtc_soThatDaysSessionNeedsAnInstantOrTheNextDate() {
        HttpEvent day = HttpEvent.load("market-ingest/list-candles.json").pathParameter("symbol", "AAPL")
                .query("interval", "1d").query("from", "2021-12-31");
        assertEquals(0, get(day.query("to", "2021-12-31")).body().get("candles").size());
        for (String to : List.of("2021-12-31T23:59:59Z", "2022-01-01")) {
            JsonNode candles = get(day.query("to", to)).body().get("candles");
            assertEquals(1, candles.size(), to);
            assertEquals("2021-12-31T14:30:00Z", candles.get(0).get("openTime").asText(), to);
        }
    }

    @Test
    void candles_closedRange_isCacheableWithAnEtag_andIfNoneMatchIs304WithoutABody() {
        HttpEvent closed = HttpEvent.load("market-ingest/list-candles.json").query("to", "2022-01-02T12:00:00Z");
        HttpResult page = get(closed);
        assertEquals(200, page.status(), page.toString());
        assertEquals("public, max-age=86400", page.headers().get("cache-control"));
        String etag = page.headers().get("etag");
        assertEquals(24, page.body().get("candles").size());

        HttpResult again = get(closed.header("if-none-match", etag));
        assertEquals(304, again.status());
        assertNull(again.body());
        assertEquals(etag, again.headers().get("etag"));
        assertEquals(200, get(closed.header("if-none-match", "\"something-else\"")).status());
    }

    @Test
    void indicators_areTheSharedIndicatorsOfTheStoredClosedBars() {
        HttpResult answer = get(HttpEvent.load("market-ingest/indicators.json"));
        assertEquals(200, answer.status(), answer.toString());
        JsonNode points = answer.body().get("points");
        assertEquals(24, points.size());
        JsonNode last = points.get(23);
        assertEquals("2022-01-02T23:00:00Z", last.get("openTime").asText(), "the newest bar closed by now");
        assertEquals(100, answer.body().get("windowBars").asInt());

        List<Candle> bars = HISTORY.candles("BTCUSDT").stream()
                .filter(c -> !c.openTime().isAfter(Instant.parse("2022-01-02T23:00:00Z"))).toList();
        double[] last100 = CandleSeries.closes(bars.subList(bars.size() - 100, bars.size()));
        double[] first100 = CandleSeries.closes(bars.subList(bars.size() - 123, bars.size() - 23));
        IndicatorSeriesTest.assertTenDigits(Indicators.rsi(last100, 14)[99], last.get("rsi").asDouble());
        IndicatorSeriesTest.assertTenDigits(Indicators.macd(last100, 12, 26, 9).histogram()[99],
                last.get("macd").get("histogram").asDouble());
        IndicatorSeriesTest.assertTenDigits(Indicators.bollinger(last100, 20, 2).percentB()[99],
                last.get("bollinger").get("percentB").asDouble());
        IndicatorSeriesTest.assertTenDigits(Indicators.rsi(first100, 14)[99], points.get(0).get("rsi").asDouble());
        assertEquals(Set.of("rsi", "macd", "bollinger"), fieldNames(answer.body().get("parameters")));
    }

    /** docs/market-data.md: one request reads at most limit + window + 1 bars in one Query (here 1,440 stored). */
    @Test
    void indicators_thousandPointsOverTheLongestWindow_readInOneQuery() {
        DynamoFaults counted = new DynamoFaults();
        Clock clock = Clock.fixed(REPLAY_NOW, ZoneOffset.UTC);
        Environment env = new Environment(LocalDynamoDb.environment("MarketDataFunction"), clock);
        MarketDataHandler handler = new MarketDataHandler(new MarketDataService(DynamoDbClients.enhanced(
                DynamoDbClients.create(env, List.of(counted))), env.require("MARKET_TABLE"), clock), clock);
        HttpResult answer = HttpResult.invoke(handler, HttpEvent.load("market-ingest/indicators.json")
                .query("names", "sma").query("period", "100").query("limit", "1000")
                .user("01JGXQ5V8K3M2N4P6R8T0V2X4Z").bytes());
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(1000, answer.body().get("points").size());
        assertEquals(1, counted.attempts("Query"));
    }

    @Test
    void indicators_ofBarsWithTooLittleHistory_areNullInTheJson() {
        String firstStored = get(HttpEvent.load("market-ingest/list-candles.json").query("order", "oldest")
                .query("limit", "1")).body().get("candles").get(0).get("openTime").asText();
        HttpResult early = get(HttpEvent.load("market-ingest/indicators.json").query("names", "rsi,macd")
                .query("to", Instant.parse(firstStored).plus(Duration.ofHours(5)).toString()));
        JsonNode point = early.body().get("points").get(5);
        assertTrue(point.get("rsi").isNull(), point.toString());
        assertTrue(point.get("macd").get("signal").isNull(), point.toString());
    }

    @Test
    void indicators_macdOfABar_isTheSameWhateverThePeriod() {
        HttpResult plain = get(HttpEvent.load("market-ingest/indicators.json").query("names", "macd")
                .query("limit", "1"));
        HttpResult withPeriod = get(HttpEvent.load("market-ingest/indicators.json").query("names", "macd")
                .query("period", "50").query("limit", "1"));
        JsonNode expected = plain.body().get("points").get(0);
        JsonNode actual = withPeriod.body().get("points").get(0);
        assertEquals(expected.get("openTime"), actual.get("openTime"));
        assertEquals(expected.get("macd"), actual.get("macd"), "MACD is 12/26/9 whatever period is");
    }

    @Test
    void indicators_neverIncludeTheBarStillForming() {
        // 23:30: the 23:00 bar is stored (the replay wrote it) but closes at midnight.
        HttpResult answer = HttpResult.invoke(reads(Instant.parse("2022-01-02T23:30:00Z")),
                HttpEvent.load("market-ingest/indicators.json").user("01JGXQ5V8K3M2N4P6R8T0V2X4Z").bytes());
        JsonNode points = answer.body().get("points");
        assertEquals("2022-01-02T22:00:00Z", points.get(points.size() - 1).get("openTime").asText());
    }

    @Test
    void indicators_ofAClosedRange_areCacheable_andTruncatedToTheNewest() {
        HttpResult range = get(HttpEvent.load("market-ingest/indicators.json").query("names", "sma")
                .query("period", "5").query("from", "2022-01-01T00:00:00Z").query("to", "2022-01-01T23:00:00Z")
                .query("limit", "10"));
        assertEquals(200, range.status(), range.toString());
        assertTrue(range.body().get("truncated").asBoolean(), "24 bars in range, 10 answered");
        assertEquals("2022-01-01T14:00:00Z", range.body().get("points").get(0).get("openTime").asText());
        assertTrue(range.headers().get("cache-control").startsWith("public"), range.headers().toString());
        assertEquals(5, range.body().get("parameters").get("sma").get("period").asInt());
    }

    @Test
    void indicators_upToToWithoutFrom_moreBarsThanLimit_areTruncated() {
        HttpResult upTo = get(HttpEvent.load("market-ingest/indicators.json").query("names", "sma")
                .query("to", "2022-01-02T12:00:00Z").query("limit", "10"));
        assertEquals(200, upTo.status(), upTo.toString());
        assertEquals(10, upTo.body().get("points").size());
        assertTrue(upTo.body().get("truncated").asBoolean(), "about 1,400 bars up to to, 10 answered");
    }

    @Test
    void candles_rangeUpToNowOrWithOpenBars_isNotCacheable() {
        for (HttpEvent open : List.of(HttpEvent.load("market-ingest/list-candles.json"),
                HttpEvent.load("market-ingest/list-candles.json").query("to", "2022-01-02T23:00:00Z"))) {
            HttpResult page = get(open);
            assertEquals(200, page.status(), page.toString());
            assertEquals("no-store", page.headers().get("cache-control"));
            assertNull(page.headers().get("etag"));
        }
    }

    @Test
    void candlesAndIndicators_toTheLastInstantOfYear9999_answerTheNewestBars() {
        HttpResult candles = get(HttpEvent.load("market-ingest/list-candles.json").query("to", "9999-12-31T23:59:59Z"));
        assertEquals(200, candles.status(), candles.toString());
        assertEquals("2022-01-02T23:00:00Z", candles.body().get("candles").get(0).get("openTime").asText());
        HttpResult stock = get(HttpEvent.load("market-ingest/indicators.json").pathParameter("symbol", "AAPL")
                .query("to", "9999-12-31T23:59:59Z"));
        assertEquals(200, stock.status(), stock.toString());
        assertEquals("no-store", stock.headers().get("cache-control"), "bars may still close before that");
    }

    @Test
    void candles_pageWithAnOpaqueCursor_withoutOverlap() {
        HttpEvent first = HttpEvent.load("market-ingest/list-candles.json").query("limit", "100");
        HttpResult page1 = get(first);
        String cursor = page1.body().get("nextCursor").asText();
        HttpResult page2 = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "100").query("cursor", cursor));
        assertEquals(200, page2.status());
        Instant lastOfFirst = Instant.parse(page1.body().get("candles").get(99).get("openTime").asText());
        Instant firstOfSecond = Instant.parse(page2.body().get("candles").get(0).get("openTime").asText());
        assertEquals(lastOfFirst.minus(Duration.ofHours(1)), firstOfSecond);

        HttpResult foreign = get(HttpEvent.load("market-ingest/list-candles.json").pathParameter("symbol", "ETHUSDT")
                .query("cursor", cursor));
        assertEquals(400, foreign.status());
        assertEquals("INVALID_CURSOR", foreign.errorCode());
    }

    @Test
    void candles_cursorReusedWithOtherBounds_returns400InvalidCursor() {
        String cursor = candleCursor();
        // The adversarial pass's request: the cursor's key lies outside the new range (DynamoDB refused it: a 500).
        HttpResult outside = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "2")
                .query("from", "2021-11-10T00:00:00Z").query("to", "2021-11-11T00:00:00Z").query("cursor", cursor));
        // Inside the new range, but still another query than the one that wrote the cursor.
        HttpResult inside = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "2")
                .query("from", "2021-12-01T00:00:00Z").query("cursor", cursor));
        for (HttpResult refused : List.of(outside, inside)) {
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("INVALID_CURSOR", refused.errorCode());
        }
    }

    @Test
    void candles_cursorReusedWithOtherOrder_returns400InvalidCursor() {
        HttpResult refused = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "2")
                .query("order", "oldest").query("cursor", candleCursor()));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("INVALID_CURSOR", refused.errorCode());
    }

    @Test
    void candles_cursorWithoutSortKey_returns400() {
        HttpResult refused = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "2")
                .query("cursor", CursorTampering.without(candleCursor(), "sk")));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("INVALID_CURSOR", refused.errorCode());
    }

    @Test
    void candles_cursorContinuesWithAnotherPageSize() {
        HttpResult next = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "5")
                .query("cursor", candleCursor()));
        assertEquals(200, next.status(), next.toString());
        assertEquals("2022-01-02T21:00:00Z", next.body().get("candles").get(0).get("openTime").asText(),
                "the bar after the first page's two");
    }

    @Test
    void candles_lastPage_hasNoNextCursor() {
        HttpResult last = get(HttpEvent.load("market-ingest/list-candles.json").query("from", "2022-01-02T22:00:00Z")
                .query("limit", "5"));
        assertEquals(200, last.status(), last.toString());
        assertEquals(2, last.body().get("candles").size());
        assertFalse(last.body().has("nextCursor"), last.body().toString());
    }

    /** The cursor after the newest two BTCUSDT bars, written without bounds. */
    private static String candleCursor() {
        HttpResult first = get(HttpEvent.load("market-ingest/list-candles.json").query("limit", "2"));
        assertEquals(200, first.status(), first.toString());
        return first.body().get("nextCursor").asText();
    }

    @Test
    void unknownSymbol_is404_andAnIntervalTheSymbolDoesNotHave_is400() {
        HttpResult asset = get(HttpEvent.load("market-ingest/get-asset.json").pathParameter("symbol", "NOPE"));
        assertEquals(404, asset.status());
        assertEquals("NOT_FOUND", asset.errorCode());
        HttpResult candles = get(HttpEvent.load("market-ingest/list-candles.json").pathParameter("symbol", "NOPE"));
        assertEquals(404, candles.status());
        HttpResult daily = get(HttpEvent.load("market-ingest/list-candles.json").query("interval", "1d"));
        assertEquals(400, daily.status());
        assertEquals("UNSUPPORTED_INTERVAL", daily.errorCode(), "docs/market-data.md, Candles");
        assertEquals("BTCUSDT has 1h candles only", daily.body().path("error").path("message").asText());
    }

    @Test
    void asset_carriesLatestPrice_changeOver24h_andStaleness() {
        HttpResult result = get(HttpEvent.load("market-ingest/get-asset.json"));
        assertEquals(200, result.status(), result.toString());
        JsonNode body = result.body();
        List<Candle> btc = HISTORY.candles("BTCUSDT");
        Candle latest = btc.stream().filter(c -> c.openTime().equals(Instant.parse("2022-01-02T23:00:00Z"))).findFirst().orElseThrow();
        Candle dayBefore = btc.stream().filter(c -> c.openTime().equals(Instant.parse("2022-01-01T23:00:00Z"))).findFirst().orElseThrow();
        assertEquals(0, latest.close().compareTo(body.get("price").decimalValue()));
        assertEquals("crypto", body.get("class").asText());
        assertEquals("24h", body.path("change").path("period").asText());
        assertEquals(0, latest.close().subtract(dayBefore.close()).compareTo(body.path("change").path("absolute").decimalValue()));
        assertFalse(body.get("stale").asBoolean());
        assertEquals("2022-01-03T02:05:00Z", body.get("staleAfter").asText(), "two more bars + 5 minutes");

        HttpResult later = HttpResult.invoke(reads(REPLAY_NOW.plus(Duration.ofHours(3))),
                HttpEvent.load("market-ingest/get-asset.json").user("u1").bytes());
        assertTrue(later.body().get("stale").asBoolean(), "no ingestion for 3 hours");

        HttpResult aapl = get(HttpEvent.load("market-ingest/get-asset.json").pathParameter("symbol", "AAPL"));
        assertEquals("1d", aapl.body().path("change").path("period").asText());
        assertEquals("2021-12-30T14:30:00Z", aapl.body().path("change").path("referenceOpenTime").asText());
        assertFalse(aapl.body().get("stale").asBoolean(), "Monday 00:05 UTC: Friday's bar is the latest that should exist");
    }

    @Test
    void asset_withoutAReferenceBar_hasNoChange_andWithoutAClosedCandle_hasNoPriceOrStaleAfter() {
        // The first stored BTCUSDT bar opened 2021-11-04T01:00Z.
        HttpResult young = HttpResult.invoke(reads(Instant.parse("2021-11-04T02:30:00Z")),
                HttpEvent.load("market-ingest/get-asset.json").user("u1").bytes());
        assertEquals(200, young.status(), young.toString());
        assertEquals("2021-11-04T01:00:00Z", young.body().get("latestCandleTime").asText());
        assertFalse(young.body().has("change"), young.body().toString());

        HttpResult beforeFirstClose = HttpResult.invoke(reads(Instant.parse("2021-11-04T01:30:00Z")),
                HttpEvent.load("market-ingest/get-asset.json").user("u1").bytes());
        assertEquals(200, beforeFirstClose.status(), beforeFirstClose.toString());
        assertTrue(beforeFirstClose.body().get("stale").asBoolean());
        for (String absent : List.of("price", "latestCandle", "latestCandleTime", "change", "staleAfter")) {
            assertFalse(beforeFirstClose.body().has(absent), absent + " in " + beforeFirstClose.body());
        }
    }

    @Test
    void assets_searchBySymbolPrefixOrNameSubstring_andPageThroughTheCatalog() {
        HttpResult bit = get(HttpEvent.load("market-ingest/list-assets.json"));
        assertEquals(200, bit.status(), bit.toString());
        assertEquals(1, bit.body().get("items").size());
        assertEquals("BTCUSDT", bit.body().get("items").get(0).get("symbol").asText());
        HttpResult prefix = get(HttpEvent.load("market-ingest/list-assets.json").query("query", "am").query("class", "stock"));
        assertEquals(List.of("AMZN"), symbols(prefix.body()));
        HttpResult name = get(HttpEvent.load("market-ingest/list-assets.json").query("query", "platforms").query("class", "stock"));
        assertEquals(List.of("META"), symbols(name.body()));

        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpEvent event = HttpEvent.load("market-ingest/list-assets.json").query("query", "").query("class", "")
                    .query("limit", "3");
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            HttpResult page = get(event);
            assertEquals(200, page.status(), page.toString());
            all.addAll(symbols(page.body()));
            cursor = page.body().path("nextCursor").asText(null);
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of("BNBUSDT", "BTCUSDT", "ETHUSDT", "AAPL", "AMZN", "GOOGL", "META", "MSFT"), all);

        HttpResult tampered = get(HttpEvent.load("market-ingest/list-assets.json").query("cursor", "1.eyJwayI6WyJTIiwieCJdfQ"));
        assertEquals(400, tampered.status());
        assertEquals("INVALID_CURSOR", tampered.errorCode());
    }

    /** docs/api.md#paging: the page that ends a listing has no cursor, even when it is exactly full. */
    @Test
    void assets_exactlyFullLastPage_hasNoNextCursor_andEveryPageSizeListsEachAssetOnce() {
        // The only match is a crypto asset: no cursor may lead on into the stock partition, which holds no match.
        HttpResult bit = get(assets("bit", "").query("limit", "1"));
        assertEquals(List.of("BTCUSDT"), symbols(bit.body()));
        assertFalse(bit.body().has("nextCursor"), bit.body().toString());
        for (String[] search : new String[][] {{"", ""}, {"", "stock"}, {"a", ""}, {"m", "stock"}}) {
            List<String> every = symbols(get(assets(search[0], search[1]).query("limit", "100")).body());
            for (int limit = 1; limit <= every.size(); limit++) {
                List<String> walked = new ArrayList<>();
                String cursor = null;
                int pages = 0;
                do {
                    HttpEvent event = assets(search[0], search[1]).query("limit", Integer.toString(limit));
                    HttpResult page = get(cursor == null ? event : event.query("cursor", cursor));
                    assertEquals(200, page.status(), page.toString());
                    walked.addAll(symbols(page.body()));
                    cursor = page.body().path("nextCursor").asText(null);
                    pages++;
                } while (cursor != null && pages <= every.size());
                String walk = List.of(search) + " " + limit + " a page";
                assertEquals(every, walked, walk);
                assertEquals((every.size() + limit - 1) / limit, pages, walk + ": a cursor led to an empty page");
            }
        }
    }

    @Test
    void assets_cursorReusedWithOtherQueryOrClass_returns400InvalidCursor() {
        HttpResult first = get(assets("a", "").query("limit", "1"));
        String cursor = first.body().get("nextCursor").asText();
        for (HttpEvent reuse : List.of(
                assets("m", "").query("cursor", cursor),
                assets("a", "crypto").query("cursor", cursor),
                assets("a", "").query("cursor", CursorTampering.without(cursor, "pk", "sk")))) {
            HttpResult refused = get(reuse);
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("INVALID_CURSOR", refused.errorCode());
        }
        assertEquals(200, get(assets("a", "").query("cursor", cursor)).status());
    }

    private static HttpEvent assets(String query, String assetClass) {
        return HttpEvent.load("market-ingest/list-assets.json").query("query", query).query("class", assetClass);
    }

    @Test
    void summary_givesPricesMoversAndStaleCounts() {
        HttpResult result = get(HttpEvent.load("market-ingest/market-summary.json").query("class", ""));
        assertEquals(200, result.status(), result.toString());
        JsonNode classes = result.body().get("classes");
        assertEquals(2, classes.size());
        JsonNode crypto = classes.get(0);
        assertEquals("crypto", crypto.get("class").asText());
        assertEquals(3, crypto.get("instruments").asInt());
        assertEquals(0, crypto.get("stale").asInt());
        assertEquals(3, crypto.get("prices").size());
        assertNotNull(crypto.get("prices").get(0).get("changePercent"));
        assertEquals(3, crypto.get("topGainers").size() + crypto.get("topLosers").size());
        assertEquals(5, classes.get(1).get("instruments").asInt());

        HttpResult muchLater = HttpResult.invoke(reads(Instant.parse("2022-01-10T00:00:00Z")),
                HttpEvent.load("market-ingest/market-summary.json").user("u1").bytes());
        assertEquals(3, muchLater.body().get("classes").get(0).get("stale").asInt());
    }

    private static List<String> symbols(JsonNode body) {
        List<String> symbols = new ArrayList<>();
        body.get("items").forEach(i -> symbols.add(i.get("symbol").asText()));
        return symbols;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
