package dev.tradewind.shared.guardrails;

import dev.tradewind.shared.behavior.BehaviorKeys;
import dev.tradewind.shared.dynamo.LostWrites;
import dev.tradewind.shared.dynamo.RecordSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

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
                            v.longNumber("expiresAt"), v.string("backedBy")))
                    .partitionKey("pk", s -> BehaviorKeys.userPartition(s.cooldown().userId()))
                    .sortKey("sk", s -> BehaviorKeys.COOLDOWN_SORT_KEY)
                    .string("userId", s -> s.cooldown().userId())
                    .instant("startedAt", s -> s.cooldown().startedAt())
                    .instant("until", s -> s.cooldown().until())
                    .longNumber("untilEpochMs", Stored::untilEpochMs)
                    .string("reason", s -> s.cooldown().reason())
                    .string("reportId", s -> s.cooldown().reportId())
                    .longNumber("expiresAt", Stored::expiresAt)
                    .string("backedBy", Stored::backedBy)
                    .build();

    /** Lost races a start goes through before it gives up: each one means another start or withdrawal landed. */
    private static final int START_ATTEMPTS = 3;

    /**
     * The item: the cooldown, its end as a number (for the condition), its TTL, and the last other report that
     * answered it "already in force" (null: none), which keeps it from being withdrawn.
     */
    private record Stored(Cooldown cooldown, Long untilEpochMs, Long expiresAt, String backedBy) {
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
     * afterwards and, when this call wrote it, the item it replaced (for {@link #withdraw}). Empty when {@code until}
     * has passed by now: the clock runs on while the caller decides (the replay clock hundreds of times faster than
     * wall time), so a cooldown it saw in force may have ended already, and there is nothing to start.
     */
    public Optional<Started> start(String userId, Instant until, String reason, String reportId) {
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            return Optional.empty();
        }
        Cooldown cooldown = new Cooldown(userId, now, until, reason, reportId);
        ConditionalCheckFailedException lost = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                Stored replaced = table.putItemWithResponse(r -> r.item(stored(cooldown, null))
                        .returnValues(ReturnValue.ALL_OLD)
                        .conditionExpression(Expression.builder()
                                .expression("attribute_not_exists(pk) OR untilEpochMs < :until")
                                .expressionValues(Map.of(":until", epochMs(until)))
                                .build())).attributes();
                return Optional.of(new Started(cooldown, replaced == null ? null : replaced.cooldown()));
            } catch (ConditionalCheckFailedException e) {
                lost = e;
                Optional<Cooldown> backed = backInForce(userId, now, reportId);
                if (backed.isPresent()) {
                    return Optional.of(new Started(backed.get(), null));
                }
                // The one in force was withdrawn or replaced since the put was refused: decide again.
            } catch (SdkException e) {
                // Every answer may have been lost after the put was stored: left so, the cooldown would stand
                // without the report that started it, and the caller's retry would find it "already in force".
                return Optional.of(new Started(storedAfterAll(cooldown, e), null));
            }
        }
        throw lost;
    }

    /**
     * Marks the cooldown in force as backed by {@code reportId}, whose report will say it is "already in force", so
     * that the analysis which started it cannot {@link #withdraw} it when its own report fails to be stored. Empty
     * when none is in force or it changed before the mark landed.
     */
    private Optional<Cooldown> backInForce(String userId, Instant now, String reportId) {
        Optional<Cooldown> inForce = active(userId, now);
        if (inForce.isEmpty() || inForce.get().reportId() == null || inForce.get().reportId().equals(reportId)) {
            // One started without a report id is never withdrawn; our own is (the SDK resent our put whose answer
            // was lost, and the condition refused the copy).
            return inForce;
        }
        Cooldown standing = inForce.get();
        try {
            table.putItem(r -> r.item(stored(standing, reportId)).conditionExpression(sameCooldown(standing)));
            return inForce;
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** {@code cooldown} when a consistent read finds it stored; otherwise {@code putFailure} is thrown. */
    private Cooldown storedAfterAll(Cooldown cooldown, SdkException putFailure) {
        return LostWrites.appliedOrThrow(putFailure, () -> active(cooldown.userId(), cooldown.startedAt())
                .filter(stored -> stored.reportId() != null && stored.reportId().equals(cooldown.reportId())
                        && stored.until().equals(cooldown.until())));
    }

    /**
     * Undoes a {@link #start} whose cooldown must not stand (the report that shows it could not be stored): puts back
     * the item it replaced, or deletes it when it replaced none. Does nothing once another start has replaced it.
     * Only for a cooldown started with a report id, which tells it apart from a later one.
     */
    public void withdraw(Started started) {
        Cooldown ours = started.inForce();
        Expression stillOursAlone = Expression.builder()
                .expression("reportId = :reportId AND untilEpochMs = :until AND attribute_not_exists(backedBy)")
                .expressionValues(Map.of(":reportId", AttributeValue.fromS(ours.reportId()),
                        ":until", epochMs(ours.until())))
                .build();
        try {
            if (started.replaced() == null) {
                table.deleteItem(r -> r.key(Key.builder().partitionValue(BehaviorKeys.userPartition(ours.userId()))
                        .sortValue(BehaviorKeys.COOLDOWN_SORT_KEY).build()).conditionExpression(stillOursAlone));
            } else {
                table.putItem(r -> r.item(stored(started.replaced(), null)).conditionExpression(stillOursAlone));
            }
        } catch (ConditionalCheckFailedException e) {
            // A later analysis has started its own cooldown since, or answered this one "already in force": it stands.
        }
    }

    /**
     * The cooldown in force after {@link #start}; {@code replaced} is the item the start overwrote (which may have
     * ended already), null when it wrote none or overwrote none, and when its answer was lost (a withdrawal then
     * deletes the item).
     */
    public record Started(Cooldown inForce, Cooldown replaced) {
    }

    private static Stored stored(Cooldown cooldown, String backedBy) {
        return new Stored(cooldown, cooldown.until().toEpochMilli(),
                cooldown.until().plus(RETENTION).getEpochSecond(), backedBy);
    }

    private static Expression sameCooldown(Cooldown cooldown) {
        return Expression.builder()
                .expression("reportId = :reportId AND untilEpochMs = :until")
                .expressionValues(Map.of(":reportId", AttributeValue.fromS(cooldown.reportId()),
                        ":until", epochMs(cooldown.until())))
                .build();
    }

    private static AttributeValue epochMs(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }
}
