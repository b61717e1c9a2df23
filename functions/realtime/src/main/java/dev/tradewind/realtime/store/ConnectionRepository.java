package dev.tradewind.realtime.store;

import dev.tradewind.realtime.domain.Channel;
import dev.tradewind.realtime.domain.Connection;
import dev.tradewind.shared.dynamo.BatchBackoff;
import dev.tradewind.shared.dynamo.RecordSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Connections and their subscriptions in the realtime table, one partition per connection (docs/realtime.md):
 * <pre>
 * pk = CONN#&lt;connectionId&gt;  sk = CONN              userId, sessionId, connectedAt, expiresAt, subscriptions
 *                                                    (their count)
 *                            sk = SUB#&lt;channel&gt;     channel = the ByChannel key, expiresAt (the connection's)
 * </pre>
 * The {@code ByChannel} index (channel → pk, keys only) lists a channel's subscribers for the fan-out; before a
 * private push it reads their connections' sign-in sessions ({@link #sessions}). The {@code ByUser} index (userId,
 * keys only: connection items alone) lists a user's connections for $connect's cap ({@link #connectionIdsOf}) and
 * for an account's erasure, in the auth function. Every item of a connection expires with it (TTL), which removes
 * what a lost $disconnect leaves behind.
 */
public final class ConnectionRepository {

    public static final String BY_CHANNEL = "ByChannel";
    static final String BY_USER = "ByUser";
    static final String CONNECTION = "CONN";
    static final String SUBSCRIPTION = "SUB#";
    private static final String PARTITION = "CONN#";
    /** BatchGetItem takes at most 100 keys per call. */
    private static final int READ_BATCH_SIZE = 100;
    private static final Expression NEW_ITEM = Expression.builder().expression("attribute_not_exists(pk)").build();
    private static final Expression EXISTING_ITEM = Expression.builder().expression("attribute_exists(pk)").build();

    private static final StaticImmutableTableSchema<Connection, RecordSchema.Values> CONNECTIONS =
            RecordSchema.of(Connection.class, v -> new Connection(connectionId(v.string("pk")), v.string("userId"),
                            v.string("sessionId"), v.instant("connectedAt"),
                            Instant.ofEpochSecond(v.longNumber("expiresAt", 0)),
                            v.integer("subscriptions") == null ? 0 : v.integer("subscriptions")))
                    .partitionKey("pk", c -> partitionKey(c.connectionId()))
                    .sortKey("sk", c -> CONNECTION)
                    .string("userId", Connection::userId)
                    .string("sessionId", Connection::sessionId)
                    .instant("connectedAt", Connection::connectedAt)
                    .longNumber("expiresAt", c -> c.expiresAt().getEpochSecond())
                    .integer("subscriptions", Connection::subscriptions)
                    .build();

    /**
     * A subscription item: the channel's name (in the sort key) and its index key (the {@code channel} attribute).
     * Read back from the index, only the keys are there.
     */
    private record Subscription(String connectionId, String name, String key, Long expiresAt) {
    }

    private static final StaticImmutableTableSchema<Subscription, RecordSchema.Values> SUBSCRIPTIONS =
            RecordSchema.of(Subscription.class, v -> new Subscription(connectionId(v.string("pk")),
                            channelName(v.string("sk")), v.string("channel"), v.longNumber("expiresAt")))
                    .partitionKey("pk", s -> partitionKey(s.connectionId()))
                    .sortKey("sk", s -> SUBSCRIPTION + s.name())
                    .indexPartitionKey(BY_CHANNEL, "channel", Subscription::key)
                    .longNumber("expiresAt", Subscription::expiresAt)
                    .build();

    /** A connection item as the keys-only {@code ByUser} index holds it: its keys and its user. */
    private record UserConnection(String connectionId, String userId) {
    }

    private static final StaticImmutableTableSchema<UserConnection, RecordSchema.Values> USER_CONNECTIONS =
            RecordSchema.of(UserConnection.class, v -> new UserConnection(connectionId(v.string("pk")),
                            v.string("userId")))
                    .partitionKey("pk", c -> partitionKey(c.connectionId()))
                    .sortKey("sk", c -> CONNECTION)
                    .indexPartitionKey(BY_USER, "userId", UserConnection::userId)
                    .build();

    /** Any item of the table by its keys alone: what a deletion needs. */
    private record ItemKey(String pk, String sk) {
    }

    private static final StaticImmutableTableSchema<ItemKey, RecordSchema.Values> KEYS =
            RecordSchema.of(ItemKey.class, v -> new ItemKey(v.string("pk"), v.string("sk")))
                    .partitionKey("pk", ItemKey::pk)
                    .sortKey("sk", ItemKey::sk)
                    .build();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<Connection> connections;
    private final DynamoDbTable<Subscription> subscriptions;
    private final DynamoDbIndex<Subscription> byChannel;
    private final DynamoDbIndex<UserConnection> byUser;
    private final DynamoDbTable<ItemKey> keys;

    public ConnectionRepository(DynamoDbEnhancedClient enhanced, String tableName) {
        this.enhanced = enhanced;
        this.connections = enhanced.table(tableName, CONNECTIONS);
        this.subscriptions = enhanced.table(tableName, SUBSCRIPTIONS);
        this.byChannel = subscriptions.index(BY_CHANNEL);
        this.byUser = enhanced.table(tableName, USER_CONNECTIONS).index(BY_USER);
        this.keys = enhanced.table(tableName, KEYS);
    }

    static String partitionKey(String connectionId) {
        return PARTITION + connectionId;
    }

    private static String connectionId(String partitionKey) {
        return partitionKey == null ? null : partitionKey.substring(PARTITION.length());
    }

    private static String channelName(String sortKey) {
        return sortKey == null ? null : sortKey.substring(SUBSCRIPTION.length());
    }

    public void put(Connection connection) {
        connections.putItem(connection);
    }

    /** The connection, read consistently: a subscription must see what $connect wrote a moment ago. */
    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(connections.getItem(r -> r.consistentRead(true)
                .key(Key.builder().partitionValue(partitionKey(connectionId)).sortValue(CONNECTION).build())));
    }

    /** The names of the channels the connection is subscribed to (at most a page: a connection has at most 50). */
    public Set<String> channels(String connectionId) {
        Set<String> names = new LinkedHashSet<>();
        keys.query(r -> r.consistentRead(true).attributesToProject("pk", "sk")
                        .queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                                .partitionValue(partitionKey(connectionId)).sortValue(SUBSCRIPTION).build())))
                .items().forEach(key -> names.add(channelName(key.sk())));
        return names;
    }

    /**
     * Adds the subscriptions, none of which the connection had when read, and counts them on the connection: one
     * transaction, conditional on the count read and on each subscription still being new.
     *
     * @return false, with nothing written, if the connection changed or disappeared since {@code read} was read
     */
    public boolean subscribe(Connection read, List<Channel> added) {
        TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(connections, countChanged(read, read.subscriptions() + added.size()));
        for (Channel channel : added) {
            transaction.addPutItem(subscriptions, TransactPutItemEnhancedRequest.builder(Subscription.class)
                    .item(new Subscription(read.connectionId(), channel.name(), channel.key(read.userId()),
                            read.expiresAt().getEpochSecond()))
                    .conditionExpression(NEW_ITEM).build());
        }
        return commit(transaction.build());
    }

    /**
     * Removes the subscriptions, all of which the connection had when read, and counts them off: one transaction,
     * conditional on the count read and on each subscription still being there.
     *
     * @return false, with nothing written, if the connection changed or disappeared since {@code read} was read
     */
    public boolean unsubscribe(Connection read, List<String> removed) {
        TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(connections, countChanged(read, read.subscriptions() - removed.size()));
        for (String channel : removed) {
            transaction.addDeleteItem(subscriptions, TransactDeleteItemEnhancedRequest.builder()
                    .key(Key.builder().partitionValue(partitionKey(read.connectionId()))
                            .sortValue(SUBSCRIPTION + channel).build())
                    .conditionExpression(EXISTING_ITEM).build());
        }
        return commit(transaction.build());
    }

    private static TransactPutItemEnhancedRequest<Connection> countChanged(Connection read, int count) {
        return TransactPutItemEnhancedRequest.builder(Connection.class).item(read.withSubscriptions(count))
                .conditionExpression(Expression.builder().expression("subscriptions = :read")
                        .expressionValues(Map.of(":read",
                                AttributeValue.fromN(Integer.toString(read.subscriptions())))).build())
                .build();
    }

    /** False if a condition failed or a concurrent transaction got in the way: the caller reads again. */
    private boolean commit(TransactWriteItemsEnhancedRequest transaction) {
        try {
            enhanced.transactWriteItems(transaction);
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code())
                    || "TransactionConflict".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes every item of the connection's partition: the connection and its subscriptions. Read page by page
     * (keys only), deleted in BatchWriteItem calls of 25, unprocessed keys sent again with backoff.
     *
     * @return how many items were deleted
     */
    public int delete(String connectionId) {
        List<ItemKey> found = new ArrayList<>();
        keys.query(r -> r.consistentRead(true).attributesToProject("pk", "sk")
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder()
                                .partitionValue(partitionKey(connectionId)).build())))
                .items().forEach(found::add);
        for (int from = 0; from < found.size(); from += BatchBackoff.WRITE_BATCH_SIZE) {
            List<Key> pending = found.subList(from, Math.min(found.size(), from + BatchBackoff.WRITE_BATCH_SIZE))
                    .stream().map(k -> Key.builder().partitionValue(k.pk()).sortValue(k.sk()).build()).toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BatchBackoff.MAX_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " deletions of a connection stayed unprocessed"
                            + " after " + BatchBackoff.MAX_ATTEMPTS + " attempts");
                }
                if (attempt > 1) {
                    BatchBackoff.beforeAttempt(attempt);
                }
                WriteBatch.Builder<ItemKey> batch = WriteBatch.builder(ItemKey.class).mappedTableResource(keys);
                pending.forEach(batch::addDeleteItem);
                BatchWriteResult result = enhanced.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                        .writeBatches(batch.build()).build());
                pending = result.unprocessedDeleteItemsForTable(keys);
            }
        }
        return found.size();
    }

    /**
     * The user's connections as the {@code ByUser} index lists them, in pages of at most {@code pageSize}, each one
     * Query (keys only) made only when the stream reaches it. Eventually consistent: a connection stored a moment
     * ago may be missing, one deleted or expired still listed.
     */
    public Stream<List<String>> connectionIdsOf(String userId, int pageSize) {
        return byUser.query(r -> r.limit(pageSize).queryConditional(QueryConditional.keyEqualTo(Key.builder()
                        .partitionValue(userId).build())))
                .stream().map(page -> page.items().stream().map(UserConnection::connectionId).toList());
    }

    /**
     * The sign-in session each connection's record names (empty on a record stored before connections recorded their
     * session); a connection without a record is left out: it is gone. Strongly consistent, because the fan-out
     * deletes a connection left out, and an eventually consistent read could miss one $connect stored a moment ago.
     */
    public Map<String, Optional<String>> sessions(Collection<String> connectionIds) {
        Map<String, Optional<String>> found = new HashMap<>();
        findAll(connectionIds).forEach(c -> found.put(c.connectionId(), Optional.ofNullable(c.sessionId())));
        return found;
    }

    /**
     * The connections' records, read strongly consistently in BatchGetItem calls of 100 whose unprocessed keys the
     * SDK's paginator fetches again; a connection without a record is left out: it is gone.
     */
    public List<Connection> findAll(Collection<String> connectionIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(connectionIds));
        List<Connection> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += READ_BATCH_SIZE) {
            ReadBatch.Builder<Connection> batch = ReadBatch.builder(Connection.class).mappedTableResource(connections);
            for (String id : ids.subList(from, Math.min(ids.size(), from + READ_BATCH_SIZE))) {
                batch.addGetItem(GetItemEnhancedRequest.builder().consistentRead(true)
                        .key(Key.builder().partitionValue(partitionKey(id)).sortValue(CONNECTION).build()).build());
            }
            for (BatchGetResultPage page : enhanced.batchGetItem(r -> r.readBatches(batch.build()))) {
                found.addAll(page.resultsForTable(connections));
            }
        }
        return found;
    }

    /** The connections subscribed to a channel, and how many Query calls (pages) reading them took. */
    public record Subscribers(List<String> connectionIds, int reads) {
    }

    /** The subscribers of the channel whose index key is {@code channelKey}, every page of the index. */
    public Subscribers subscribers(String channelKey) {
        List<String> ids = new ArrayList<>();
        int reads = 0;
        for (Page<Subscription> page : byChannel.query(r -> r.queryConditional(QueryConditional.keyEqualTo(
                Key.builder().partitionValue(channelKey).build())))) {
            reads++;
            page.items().forEach(subscription -> ids.add(subscription.connectionId()));
        }
        return new Subscribers(ids, reads);
    }
}
