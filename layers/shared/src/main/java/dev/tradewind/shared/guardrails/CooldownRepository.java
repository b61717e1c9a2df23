package dev.tradewind.shared.guardrails;

import dev.tradewind.shared.behavior.BehaviorKeys;
import dev.tradewind.shared.dynamo.RecordSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A user's cooldown in the behaviour table: one item per user ({@link BehaviorKeys}: {@code pk = USER#<id>},
 * {@code sk = COOLDOWN}), the one in force. The behaviour analysis starts cooldowns; trading-session only reads them.
 * Starting a cooldown never shortens one already in force (a conditional write keeps the later end), and the item
 * expires by TTL a week after it ends.
 */
public final class CooldownRepository {

    static final Duration RETENTION = Duration.ofDays(7);

    private static final StaticImmutableTableSchema<Stored, RecordSchema.Values> SCHEMA =
            RecordSchema.of(Stored.class, v -> new Stored(new Cooldown(v.string("userId"), v.instant("startedAt"),
                            v.instant("until"), v.string("reason"), v.string("reportId")), v.longNumber("untilEpochMs"),
                            v.longNumber("expiresAt")))
                    .partitionKey("pk", s -> BehaviorKeys.userPartition(s.cooldown().userId()))
                    .sortKey("sk", s -> BehaviorKeys.COOLDOWN_SORT_KEY)
                    .string("userId", s -> s.cooldown().userId())
                    .instant("startedAt", s -> s.cooldown().startedAt())
                    .instant("until", s -> s.cooldown().until())
                    .longNumber("untilEpochMs", Stored::untilEpochMs)
                    .string("reason", s -> s.cooldown().reason())
                    .string("reportId", s -> s.cooldown().reportId())
                    .longNumber("expiresAt", Stored::expiresAt)
                    .build();

    /** The item: the cooldown, its end as a number (for the condition) and its TTL. */
    private record Stored(Cooldown cooldown, Long untilEpochMs, Long expiresAt) {
    }

    private final DynamoDbTable<Stored> table;
    private final Clock clock;

    public CooldownRepository(DynamoDbEnhancedClient client, String tableName, Clock clock) {
        this.table = client.table(tableName, SCHEMA);
        this.clock = clock;
    }

    /** The cooldown in force for {@code userId} at {@code now}, if any. */
    public Optional<Cooldown> active(String userId, Instant now) {
        Stored stored = table.getItem(r -> r.consistentRead(true)
                .key(Key.builder().partitionValue(BehaviorKeys.userPartition(userId))
                        .sortValue(BehaviorKeys.COOLDOWN_SORT_KEY).build()));
        return stored == null || !stored.cooldown().activeAt(now) ? Optional.empty() : Optional.of(stored.cooldown());
    }

    /**
     * Starts a cooldown until {@code until}, unless one already in force lasts longer; returns the one in force
     * afterwards.
     */
    public Cooldown start(String userId, Instant until, String reason, String reportId) {
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("a cooldown must end in the future");
        }
        Cooldown cooldown = new Cooldown(userId, now, until, reason, reportId);
        Stored stored = new Stored(cooldown, until.toEpochMilli(), until.plus(RETENTION).getEpochSecond());
        try {
            table.putItem(r -> r.item(stored).conditionExpression(Expression.builder()
                    .expression("attribute_not_exists(pk) OR untilEpochMs < :until")
                    .expressionValues(Map.of(":until", AttributeValue.fromN(Long.toString(until.toEpochMilli()))))
                    .build()));
            return cooldown;
        } catch (ConditionalCheckFailedException e) {
            return active(userId, now).orElse(cooldown);
        }
    }
}
