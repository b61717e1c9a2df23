package dev.tradewind.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.market.Candle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarketStubServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static MarketStubServer stub;

    @BeforeAll
    static void start() {
        stub = MarketStubServer.start(dataDirectory(), 0);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.faults().clear();
        stub.now(Instant.parse("2022-01-03T00:00:00Z"));
    }

    static Path dataDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("data/market/instruments.csv"))) {
            dir = dir.getParent();
        }
        return dir.resolve("data/market");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stub.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Command-line mistakes are one line naming the option (exit 2), not a bare parser message or a stack trace. */
    @Test
    void run_badOption_returns2WithAMessageNamingTheOption() {
        for (String[] bad : new String[][] {
            {"--port", "abc", "--port must be a whole number from 0 to 65535, was 'abc'"},
            {"--port", "70000", "--port must be a whole number from 0 to 65535, was '70000'"},
            {"--synthetic", "-1", "--synthetic must be a whole number from 0, was '-1'"},
            {"--now", "yesterday",
                "--now must be an ISO-8601 instant such as 2022-01-03T00:00:00Z, was 'yesterday'"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = runStub(err, bad[0], bad[1]);
            assertEquals(2, status, bad[0] + " " + bad[1]);
            assertEquals("market-stub: " + bad[2], err.toString(StandardCharsets.UTF_8).lines().findFirst()
                    .orElseThrow());
        }
    }

    @Test
    void run_portInUse_returns1WithOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = runStub(err, "--port", Integer.toString(stub.port()), "--data-dir", dataDirectory().toString());
        assertEquals(1, status);
        assertEquals("market-stub: port " + stub.port() + " on 127.0.0.1 is already in use; stop what is using it or"
                + " pass --port N", err.toString(StandardCharsets.UTF_8).strip());
    }

    private static int runStub(ByteArrayOutputStream err, String... args) {
        return MarketStubServer.run(args, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void klines_rendersBinanceArraysFromTheBundledHistory_andIncludesTheBarInProgress() throws Exception {
        HttpResponse<String> response = get("api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=1641124800000&limit=1000");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("x-mbx-used-weight-1m").isPresent());
        JsonNode bars = JSON.readTree(response.body());
        // 2022-01-02T12:00Z .. 2022-01-03T00:00Z inclusive: the last one opened at "now" and is still open.
        assertEquals(13, bars.size());
        JsonNode first = bars.get(0);
        assertEquals(1641124800000L, first.get(0).asLong());
        assertEquals(1641124800000L + 3_599_999, first.get(6).asLong());
        assertEquals(12, first.size());
        Candle expected = stub.bars("BTCUSDT", Instant.ofEpochMilli(1641124800000L), null).getFirst();
        assertEquals(0, expected.close().compareTo(new java.math.BigDecimal(first.get(4).asText())));
    }

    @Test
    void chart_rendersYahooParallelArraysKeyedBySessionOpen() throws Exception {
        HttpResponse<String> response = get("v8/finance/chart/AAPL?interval=1d&period1=1640908800&period2=1641168000");
        JsonNode result = JSON.readTree(response.body()).path("chart").path("result").get(0);
        List<Long> timestamps = JSON.convertValue(result.get("timestamp"), JSON.getTypeFactory()
                .constructCollectionType(List.class, Long.class));
        assertEquals(List.of(1640961000L), timestamps, "only 2021-12-31 (09:30 New York) in that window");
        assertEquals("177.57000732421875", result.path("indicators").path("quote").get(0).path("close").get(0).asText());
    }

    @Test
    void statusFault_answers429WithRetryAfterOnce() throws Exception {
        stub.faults().add(Fault.status(Fault.Endpoint.KLINES, "BTCUSDT", 429).retryAfter(3).times(1));
        HttpResponse<String> first = get("api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2");
        assertEquals(429, first.statusCode());
        assertEquals("3", first.headers().firstValue("retry-after").orElseThrow());
        assertEquals(200, get("api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2").statusCode());
    }

    @Test
    void truncatedFault_endsTheBodyBeforeItsContentLength() {
        stub.faults().add(Fault.of(Fault.Endpoint.KLINES, "ETHUSDT", Fault.Kind.TRUNCATED).times(1));
        assertThrows(IOException.class, () -> get("api/v3/klines?symbol=ETHUSDT&interval=1h&limit=50"));
    }

    @Test
    void unknownSymbol_isBinanceError1121() throws Exception {
        HttpResponse<String> response = get("api/v3/klines?symbol=NOPEUSDT&interval=1h");
        assertEquals(400, response.statusCode());
        assertEquals(-1121, JSON.readTree(response.body()).get("code").asInt());
    }

    @Test
    void syntheticInstruments_areListedAndServed() throws Exception {
        List<String> symbols = stub.addSynthetic(3);
        HttpResponse<String> info = get("api/v3/exchangeInfo");
        assertTrue(info.body().contains(symbols.getFirst()));
        JsonNode bars = JSON.readTree(get("api/v3/klines?symbol=" + symbols.get(1) + "&interval=1h&limit=5").body());
        assertEquals(5, bars.size());
        assertEquals(Instant.parse("2022-01-03T00:00:00Z").toEpochMilli(), bars.get(4).get(0).asLong());
    }
}
