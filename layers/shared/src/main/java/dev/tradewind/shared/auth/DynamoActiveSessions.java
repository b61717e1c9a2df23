package dev.tradewind.shared.auth;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a session's state with one strongly consistent GetItem of two attributes (1 RRU), so a logout is seen by the
 * very next uncached authorization. Low-level client only: the authorizer builds no table schema at init.
 */
public final class DynamoActiveSessions implements ActiveSessions {

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoActiveSessions(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public boolean isActive(String userId, String sessionId, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(UsersKeys.userKey(userId)),
                        "sk", AttributeValue.fromS(UsersKeys.sessionSortKey(sessionId))))
                .projectionExpression("revoked, absoluteExpiresAt")).item();
        if (item == null || item.isEmpty()) {
            return false;
        }
        AttributeValue revoked = item.get("revoked");
        if (revoked != null && Boolean.TRUE.equals(revoked.bool())) {
            return false;
        }
        AttributeValue end = item.get("absoluteExpiresAt");
        try {
            return end != null && end.s() != null && Instant.parse(end.s()).isAfter(now);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
