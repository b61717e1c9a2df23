package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The market replay end to end, as a newcomer runs it with no internet: the local runtime (its jar, in its own JVM,
 * with local/env.json) runs the ingest function's schedules on the replay clock, which fill DynamoDB from the
 * bundled history. The read routes need a token (the authorizer is in front of them); until accounts exist their
 * answers are checked at handler level (ReplayAndReadRoutesIT in market-ingest), and here what the routes read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        // At 1× the next cron fire (01:02) is an hour of wall time away: only the runs this test triggers happen.
        runtime = RuntimeProcess.startApi(dataDirectory, "--replay-start", "2022-01-03T00:05:00Z", "--replay-speed", "1");
        dynamo = DynamoDbLocalServer.clientFor(runtime.dynamoDbEndpoint());
        runSchedule("MarketIngestFunctionCryptoHourly");
        runSchedule("MarketIngestFunctionStocksDaily");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dynamo != null) {
            dynamo.close();
        }
        runtime.close();
    }

    /** Runs a schedule to its end; the first run backfills 60 days, which takes a while on a busy machine. */
    private static void runSchedule(String name) throws Exception {
        HttpResponse<String> response = runtime.runSchedule(name);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("completed", JSON.readTree(response.body()).get("status").asText());
    }

    private static List<Map<String, AttributeValue>> newest(String partition, int count) {
        QueryResponse response = dynamo.query(QueryRequest.builder().tableName("MarketDataTable")
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))
                .scanIndexForward(false).limit(count).build());
        return response.items();
    }

    private static int count(String partition) {
        int total = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName("MarketDataTable")
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))
                    .select("COUNT").exclusiveStartKey(start).build());
            total += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return total;
    }

    /** The close the bundled CSV holds for a bar, as published. */
    private static BigDecimal bundledClose(String file, String firstColumn, int closeColumn) throws Exception {
        for (String line : Files.readAllLines(Repository.path("data/market").resolve(file))) {
            if (line.startsWith(firstColumn + ",")) {
                return new BigDecimal(line.split(",")[closeColumn]);
            }
        }
        throw new AssertionError(firstColumn + " not in " + file);
    }

    @Test
    @Order(1)
    void scheduledRun_fillsDynamoDbFromTheReplay_withRealBtcAndAaplCandles() throws Exception {
        assertTrue(count("CANDLE#BTCUSDT#1h") >= 1000, "60 days of hourly bars backfilled");
        assertTrue(count("CANDLE#AAPL#1d") >= 300, "550 days of daily bars backfilled");
        Map<String, AttributeValue> btc = newest("CANDLE#BTCUSDT#1h", 1).getFirst();
        assertEquals("2022-01-02T23:00:00Z", btc.get("sk").s(), "the newest bar closed before replay-now");
        assertEquals(0, bundledClose("crypto-1h/BTCUSDT_1h.csv", "1641164400000", 6).compareTo(new BigDecimal(btc.get("c").n())));
        Map<String, AttributeValue> aapl = newest("CANDLE#AAPL#1d", 1).getFirst();
        assertEquals("2021-12-31T14:30:00Z", aapl.get("sk").s(), "Friday's session, keyed by its 09:30 New York open");
        assertEquals(0, bundledClose("stocks-1d/AAPL.csv", "2021-12-31", 4).compareTo(new BigDecimal(aapl.get("c").n())));
        assertTrue(runtime.output().stream().anyMatch(l -> l.startsWith("REPORT") && l.contains("MarketIngestFunction")));
        assertTrue(runtime.output().stream().anyMatch(l -> l.contains("Ingest run finished") && l.contains("replay")),
                "the run's structured summary is logged");
        assertTrue(runtime.output().stream().anyMatch(l -> l.contains("\"_aws\"") && l.contains("CandlesWritten")),
                "and its EMF metrics");
    }

    @Test
    @Order(2)
    void catalog_andIngestionState_areStored() {
        var instrument = dynamo.getItem(b -> b.tableName("MarketDataTable").key(Map.of(
                "pk", AttributeValue.fromS("INSTRUMENT#BTCUSDT"), "sk", AttributeValue.fromS("INSTRUMENT")))).item();
        assertEquals("Bitcoin", instrument.get("name").s());
        assertEquals(3, dynamo.query(QueryRequest.builder().tableName("MarketDataTable").indexName("gsi1")
                .keyConditionExpression("gsi1pk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("CATALOG#crypto")))
                .build()).count());
        assertTrue(newest("SERIES#crypto#1h", 64).size() >= 1, "watermarks saved");
    }

    /** Last: it moves the replay clock. */
    @Test
    @Order(4)
    void replayTimeMovingOn_theNextRunAddsTheBarsThatClosed() throws Exception {
        HttpResponse<String> advanced = runtime.send("POST", "/_local/clock/advance?by=PT3H", null);
        assertEquals(200, advanced.statusCode(), advanced.body());
        runSchedule("MarketIngestFunctionCryptoHourly");
        assertEquals("2022-01-03T02:00:00Z", newest("CANDLE#ETHUSDT#1h", 1).getFirst().get("sk").s());
    }

    @Test
    @Order(3)
    void marketRoutes_needAToken_andServeTheIngestedCandles() throws Exception {
        assertEquals(200, runtime.get("/v1/health/market").statusCode());
        for (String path : List.of("/v1/assets", "/v1/assets/BTCUSDT", "/v1/assets/BTCUSDT/candles?limit=24",
                "/v1/market/summary")) {
            assertEquals(401, runtime.get(path).statusCode(), path);
        }
        String[] bearer = new AuthClient(runtime).signUp("reader").bearer();

        JsonNode btc = JSON.readTree(runtime.get("/v1/assets/BTCUSDT/candles?limit=24", bearer).body());
        assertEquals(24, btc.get("candles").size(), btc.toString());
        JsonNode newest = btc.get("candles").get(0);
        assertEquals("2022-01-02T23:00:00Z", newest.get("openTime").asText(), "newest first, closed before replay-now");
        assertEquals(0, bundledClose("crypto-1h/BTCUSDT_1h.csv", "1641164400000", 6)
                .compareTo(newest.get("close").decimalValue()));

        JsonNode aapl = JSON.readTree(runtime.get("/v1/assets/AAPL/candles?interval=1d&limit=5", bearer).body());
        assertEquals(5, aapl.get("candles").size(), aapl.toString());
        assertEquals(0, bundledClose("stocks-1d/AAPL.csv", "2021-12-31", 4)
                .compareTo(aapl.get("candles").get(0).get("close").decimalValue()));

        JsonNode asset = JSON.readTree(runtime.get("/v1/assets/AAPL", bearer).body());
        assertEquals("Apple Inc.", asset.get("name").asText());
        HttpResponse<String> summary = runtime.get("/v1/market/summary", bearer);
        assertEquals(200, summary.statusCode(), summary.body());
        assertEquals(404, runtime.get("/v1/assets/NOPE", bearer).statusCode());
    }
}
