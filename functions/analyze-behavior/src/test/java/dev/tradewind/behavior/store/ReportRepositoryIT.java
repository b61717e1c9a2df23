package dev.tradewind.behavior.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

class ReportRepositoryIT {

    private static final Instant NOW = Instant.parse("2022-01-04T19:05:00Z");
    private static final String ID = "01JGXT3C7V9X1Z3B5D7F9H1K3M";

    private DynamoDbClient client;
    private String table;
    private ReportRepository reports;

    @BeforeEach
    void setUp() {
        var env = new Environment(LocalDynamoDb.environment("AnalyzeBehaviorFunction"), Clock.systemUTC());
        client = DynamoDbClients.create(env);
        table = env.require("BEHAVIOR_TABLE");
        LocalDynamoDb.truncate(table);
        reports = new ReportRepository(DynamoDbClients.enhanced(client), table);
    }

    private Map<String, AttributeValue> item(String user, String id) {
        return client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("USER#" + user),
                "sk", AttributeValue.fromS("REPORT#" + id)))).item();
    }

    @Test
    void reports_areStoredCompressed_andReadBackIdentical() {
        StringBuilder json = new StringBuilder("{\"evidence\":[");
        for (int i = 0; i < 200; i++) {
            json.append(i == 0 ? "" : ",").append("{\"tradeId\":\"t").append(i).append("\",\"note\":\"π ≈ 3.14\"}");
        }
        String report = json.append("]}").toString();

        reports.save("u1", ID, null, NOW, "hash", "{\"id\":\"" + ID + "\"}", report, NOW.plusSeconds(3600));

        Map<String, AttributeValue> item = item("u1", ID);
        assertFalse(item.containsKey("report"));
        assertTrue(item.get("body").b().asByteArray().length < report.length() / 4, "stored well compressed");
        var stored = reports.find("u1", ID, NOW).orElseThrow();
        assertEquals(report, stored.reportJson());
        assertEquals("hash", stored.contentHash());
    }

    @Test
    void reportsStoredBeforeTheBinaryBody_areStillRead() throws Exception {
        var gzipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(gzipped)) {
            zip.write("{\"big\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String other = "01JGXT3C7V9X1Z3B5D7F9H1K3N";
        String gzipBody = "01JGXT4D8W0Y2A4C6E8G0J2M4P";
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("USER#u1"),
                "sk", AttributeValue.fromS("REPORT#" + ID), "reportId", AttributeValue.fromS(ID),
                "report", AttributeValue.fromS("{\"a\":1}"))));
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("USER#u1"),
                "sk", AttributeValue.fromS("REPORT#" + other), "reportId", AttributeValue.fromS(other),
                "reportGzip", AttributeValue.fromS(java.util.Base64.getEncoder().encodeToString(gzipped.toByteArray())))));

        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("USER#u1"),
                "sk", AttributeValue.fromS("REPORT#" + gzipBody), "reportId", AttributeValue.fromS(gzipBody),
                "body", AttributeValue.fromB(SdkBytes.fromByteArray(gzipped.toByteArray())))));

        assertEquals("{\"a\":1}", reports.find("u1", ID, NOW).orElseThrow().reportJson());
        assertEquals("{\"big\":true}", reports.find("u1", other, NOW).orElseThrow().reportJson());
        assertEquals("{\"big\":true}", reports.find("u1", gzipBody, NOW).orElseThrow().reportJson());
    }

    @Test
    void latest_isTheNewestUnexpiredReport() {
        assertTrue(reports.latest("u1", NOW).isEmpty());
        reports.save("u1", ID, null, NOW, "old", "{}", "{}", NOW.plusSeconds(3600));
        reports.save("u1", "01JGXT3C7V9X1Z3B5D7F9H1K3N", null, NOW, "new", "{}", "{\"n\":2}", NOW.plusSeconds(60));

        var latest = reports.latest("u1", NOW).orElseThrow();
        assertEquals("new", latest.contentHash());
        assertEquals("{\"n\":2}", latest.reportJson());
        assertTrue(reports.latest("u1", NOW.plusSeconds(60)).isEmpty(), "an expired newest report is not reused");
        assertTrue(reports.latest("u2", NOW).isEmpty());
    }

    /** DynamoDB Local is always consistent, so what is checked is that the query asks DynamoDB for consistency. */
    @Test
    void latest_readsConsistently_soARetryFindsTheReportItsFirstAttemptStored() {
        List<QueryRequest> queries = new CopyOnWriteArrayList<>();
        var env = new Environment(LocalDynamoDb.environment("AnalyzeBehaviorFunction"), Clock.systemUTC());
        try (DynamoDbClient recorded = DynamoDbClients.create(env, List.of(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query) {
                    queries.add(query);
                }
            }
        }))) {
            reports.save("u1", ID, null, NOW, "hash", "{}", "{}", NOW.plusSeconds(3600));

            var latest = new ReportRepository(DynamoDbClients.enhanced(recorded), table).latest("u1", NOW);

            assertEquals("hash", latest.orElseThrow().contentHash());
            assertEquals(1, queries.size(), queries.toString());
            assertEquals(Boolean.TRUE, queries.getFirst().consistentRead(), queries.toString());
        }
    }

    @Test
    void sessionReports_areIndexed() {
        reports.save("u1", ID, "01JGXR0A5T6Y7Z8B9C0D1E2F3G", NOW, "h", "{}", "{\"a\":1}", NOW.plusSeconds(3600));

        Map<String, AttributeValue> item = item("u1", ID);
        assertEquals("USER#u1#SESSION#01JGXR0A5T6Y7Z8B9C0D1E2F3G#REPORT", item.get("gsi1pk").s());
        assertEquals(Long.toString(NOW.plusSeconds(3600).getEpochSecond()), item.get("expiresAt").n());

        reports.save("u1", "01JGXT3C7V9X1Z3B5D7F9H1K3N", null, NOW, "h", "{}", "{}", NOW.plusSeconds(3600));
        Map<String, AttributeValue> inline = item("u1", "01JGXT3C7V9X1Z3B5D7F9H1K3N");
        assertFalse(inline.containsKey("gsi1pk"), "reports without a session stay out of the index");
        assertFalse(inline.containsKey("sessionId"));
    }

    /** A save again under the same id (the SDK's retry of a write whose answer was lost) never overwrites it. */
    @Test
    void aReportIsWrittenOnce() {
        reports.save("u1", ID, null, NOW, "h", "{}", "{}", NOW.plusSeconds(3600));
        reports.save("u1", ID, null, NOW, "h", "{}", "{\"other\":true}", NOW.plusSeconds(3600));
        assertEquals("{}", reports.find("u1", ID, NOW).orElseThrow().reportJson());
        assertTrue(reports.find("u2", ID, NOW).isEmpty());
    }
}
