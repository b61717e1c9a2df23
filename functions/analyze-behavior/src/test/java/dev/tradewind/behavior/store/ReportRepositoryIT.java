package dev.tradewind.behavior.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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
    void largeReports_areStoredCompressed_andReadBackIdentical() {
        StringBuilder json = new StringBuilder("{\"evidence\":[");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"tradeId\":\"t").append(i).append("\",\"note\":\"π ≈ 3.14\"}");
        }
        String big = json.append("]}").toString();
        assertTrue(big.length() > ReportRepository.COMPRESS_ABOVE_BYTES);

        reports.save("u1", ID, null, NOW, "{\"id\":\"" + ID + "\"}", big, NOW.plusSeconds(3600));

        Map<String, AttributeValue> item = item("u1", ID);
        assertFalse(item.containsKey("report"));
        assertTrue(item.get("reportGzip").s().length() < big.length() / 4, "compressed well below the item limit");
        assertEquals(big, reports.find("u1", ID, NOW).orElseThrow().reportJson());
    }

    @Test
    void smallReports_areStoredAsTheyAre_andSessionReportsAreIndexed() {
        reports.save("u1", ID, "01JGXR0A5T6Y7Z8B9C0D1E2F3G", NOW, "{}", "{\"a\":1}", NOW.plusSeconds(3600));

        Map<String, AttributeValue> item = item("u1", ID);
        assertEquals("{\"a\":1}", item.get("report").s());
        assertNull(item.get("reportGzip"));
        assertEquals("USER#u1#SESSION#01JGXR0A5T6Y7Z8B9C0D1E2F3G#REPORT", item.get("gsi1pk").s());
        assertEquals(Long.toString(NOW.plusSeconds(3600).getEpochSecond()), item.get("expiresAt").n());

        reports.save("u1", "01JGXT3C7V9X1Z3B5D7F9H1K3N", null, NOW, "{}", "{}", NOW.plusSeconds(3600));
        Map<String, AttributeValue> inline = item("u1", "01JGXT3C7V9X1Z3B5D7F9H1K3N");
        assertFalse(inline.containsKey("gsi1pk"), "reports without a session stay out of the index");
        assertFalse(inline.containsKey("sessionId"));
    }

    @Test
    void aReportIsWrittenOnce() {
        reports.save("u1", ID, null, NOW, "{}", "{}", NOW.plusSeconds(3600));
        assertThrows(ConditionalCheckFailedException.class,
                () -> reports.save("u1", ID, null, NOW, "{}", "{\"other\":true}", NOW.plusSeconds(3600)));
        assertTrue(reports.find("u2", ID, NOW).isEmpty());
    }
}
