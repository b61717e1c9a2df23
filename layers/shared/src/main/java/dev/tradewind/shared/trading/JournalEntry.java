package dev.tradewind.shared.trading;

import dev.tradewind.shared.dynamo.RecordSchema;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A trader's note about a session or one of its trades: how they felt (emotion tags from {@link #EMOTIONS}), free
 * tags, and a 1–5 rating of their own execution. Written by the trading-session function, read by the behaviour
 * analysis (P&amp;L and rule-breaking by emotion).
 *
 * @param tradeId the trade the entry is about, or null for an entry about the session
 * @param rating  1 (poor) to 5 (excellent), or null
 */
public record JournalEntry(String userId, String sessionId, String entryId, Instant createdAt, String tradeId,
                           String note, List<String> emotions, List<String> tags, Integer rating) {

    /** The emotion vocabulary, lower case: a closed set so that entries can be grouped and compared. */
    public static final Set<String> EMOTIONS = Set.of("calm", "confident", "disciplined", "bored", "anxious",
            "fearful", "greedy", "frustrated", "impatient", "euphoric", "regretful");

    public JournalEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(createdAt, "createdAt");
        emotions = emotions == null ? List.of() : List.copyOf(emotions);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static final StaticImmutableTableSchema<JournalEntry, RecordSchema.Values> SCHEMA =
            RecordSchema.of(JournalEntry.class, v -> new JournalEntry(v.string("userId"), v.string("sessionId"),
                            v.string("entryId"), v.instant("createdAt"), v.string("tradeId"), v.string("note"),
                            v.strings("emotions"), v.strings("tags"), v.integer("rating")))
                    .partitionKey("pk", e -> TradingKeys.sessionPartition(e.userId(), e.sessionId()))
                    .sortKey("sk", e -> TradingKeys.journalSortKey(e.entryId()))
                    .indexPartitionKey(TradingKeys.INDEX, "gsi1pk", e -> TradingKeys.userJournal(e.userId()))
                    .indexSortKey(TradingKeys.INDEX, "gsi1sk", JournalEntry::entryId)
                    .string("userId", JournalEntry::userId)
                    .string("sessionId", JournalEntry::sessionId)
                    .string("entryId", JournalEntry::entryId)
                    .instant("createdAt", JournalEntry::createdAt)
                    .string("tradeId", JournalEntry::tradeId)
                    .string("note", JournalEntry::note)
                    .strings("emotions", JournalEntry::emotions)
                    .strings("tags", JournalEntry::tags)
                    .integer("rating", JournalEntry::rating)
                    .build();
}
