package dev.tradewind.shared.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PrimingHistoryTest {

    private static final String USER = "01JH4WBT00000000000000CAFE";
    private static final String SESSION = "00000000000000000000000001";

    // Nothing listens there: a request that were sent would fail with a connection error.
    private final DynamoDbClient dynamo = DynamoDbClients.create(new Environment(Map.of("DYNAMODB_ENDPOINT",
            "http://127.0.0.1:9", "DYNAMODB_CALL_TIMEOUT", "PT2S"), Clock.systemUTC()));

    @Test
    void giveStoppedSession_outsideAnInMemoryPriming_isRefusedBeforeAnyWrite() {
        assertThrows(IllegalStateException.class,
                () -> PrimingHistory.giveStoppedSession(dynamo, "trading", USER, SESSION));
    }

    @Test
    void giveStoppedSession_writesTheSessionAndItsFills_intoTheRunsStore() {
        Map<String, Object> seen = new HashMap<>();
        Priming.Report report = Priming.builder("test").inMemoryWrites()
                .step("give", () -> PrimingHistory.giveStoppedSession(dynamo, "trading", USER, SESSION))
                .step("read", () -> {
                    seen.put("session", dynamo.getItem(b -> b.tableName("trading").key(Map.of(
                            "pk", AttributeValue.fromS(TradingKeys.userPartition(USER)),
                            "sk", AttributeValue.fromS(TradingKeys.sessionSortKey(SESSION))))).item());
                    seen.put("fills", dynamo.query(b -> b.tableName("trading")
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk",
                                    AttributeValue.fromS(TradingKeys.sessionPartition(USER, SESSION))))).count());
                })
                .build().prime();

        assertEquals(List.of(), report.failed(), report.toString());
        @SuppressWarnings("unchecked")
        Map<String, AttributeValue> session = (Map<String, AttributeValue>) seen.get("session");
        assertEquals("STOPPED", session.get(SessionAttributes.STATUS).s());
        assertEquals("6", session.get(SessionAttributes.TRADE_COUNT).n());
        // Three round trips of one BTC bought at 47,110.20 and sold at 46,980.50, $2 fees a fill.
        assertEquals("99598.90", session.get(SessionAttributes.FINAL_EQUITY).n());
        assertEquals(6, seen.get("fills"));
        // The last fill, an hour before the stop: the order-rate limit's list, as a real session item holds it.
        assertEquals(List.of(AttributeValue.fromN(Long.toString(PrimingHistory.START.plus(Duration.ofHours(5))
                .toEpochMilli()))), session.get(SessionAttributes.RECENT_ORDERS).l());
    }
}
