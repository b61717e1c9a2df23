package dev.tradewind.auth.store;

import dev.tradewind.shared.auth.UsersKeys;
import dev.tradewind.shared.dynamo.BatchBackoff;
import dev.tradewind.shared.behavior.BehaviorKeys;
import dev.tradewind.shared.dynamo.LostWrites;
import dev.tradewind.shared.trading.TradingKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Everything stored for one user, in every table, found by key (Query, never Scan): read for an export, deleted for
 * an erasure (docs/auth.md#deleting-an-account).
 * <pre>
 * Users     USER#&lt;id&gt;                   profile, sessions (refresh families)
 *           EMAIL#&lt;email&gt; CREDENTIAL    the password hash
 *           LOGINFAIL#ACCOUNT#&lt;h&gt;        the account's sign-in failure counter
 *           REFRESH#&lt;hash&gt; REFRESH      every refresh token the user's sessions issued, through gsi1 = USER#&lt;id&gt;
 * Trading   USER#&lt;id&gt;                   sessions, the default-journal pointer, backtests
 *           USER#&lt;id&gt;#SESSION#&lt;sid&gt;     positions, orders, resting orders, idempotency records, trades, equity,
 *                                      journal entries (their gsi1 copies go with them)
 * Behavior  USER#&lt;id&gt;                   reports, the cooldown
 * Realtime  CONN#&lt;connectionId&gt;         each WebSocket connection and its subscriptions, the connection item
 *                                      through ByUser = &lt;id&gt; (docs/realtime.md#connections-and-subscriptions)
 * </pre>
 * Deletion goes leaf first: a session's partition before the session item that names it (and the partition once
 * more after it), a connection's subscriptions before the connection item, so an erasure interrupted anywhere finds
 * what is left by the same keys when it runs again.
 */
public final class UserDataStore {

    /** The tables as the export and the erasure report name them. */
    public static final String USERS = "users";
    public static final String TRADING = "trading";
    public static final String BEHAVIOR = "behavior";
    public static final String REALTIME = "realtime";
    /** The realtime table's keys-only index of connection items by their {@code userId}. */
    static final String CONNECTIONS_BY_USER = "ByUser";

    private static final int TRANSACTION_ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final Map<String, String> tables;

    public UserDataStore(DynamoDbClient dynamo, String usersTable, String tradingTable, String behaviorTable,
                         String realtimeTable) {
        this.dynamo = dynamo;
        this.tables = Map.of(USERS, usersTable, TRADING, tradingTable, BEHAVIOR, behaviorTable,
                REALTIME, realtimeTable);
    }

    /** What one erasure pass deleted, table by table and kind by kind, and how much more it may delete. */
    public static final class Tally {
        private final Map<String, Map<String, Integer>> erased = new LinkedHashMap<>();
        private int remaining;
        private boolean unbounded;

        public Tally(int budget) {
            this.remaining = budget;
        }

        boolean exhausted() {
            return !unbounded && remaining <= 0;
        }

        /** Lifts the budget: for the last sweeps, which no later request could finish once the account is gone. */
        void unbound() {
            unbounded = true;
        }

        /**
         * How many keys to read for deletion next: at most {@code largest}, and at most what the budget has left
         * unless it was lifted (by then the account alone may have spent it all).
         */
        int pageSize(int largest) {
            return unbounded ? largest : Math.min(remaining, largest);
        }

        void count(String table, Map<String, AttributeValue> key) {
            erased.computeIfAbsent(table, t -> new LinkedHashMap<>()).merge(kind(key), 1, Integer::sum);
            remaining--;
        }

        /** Table → kind (the sort key's prefix, e.g. {@code order}, {@code equity}) → items deleted. */
        public Map<String, Map<String, Integer>> erased() {
            return erased;
        }
    }

    /**
     * Calls {@code visitor} with every item stored for the user that is the user's data rather than a secret: the
     * Users table's profile, sessions and sign-in counter, and everything in the other tables. Password and refresh
     * token hashes are not data of the user's to take away; the caller strips the secret attributes of sessions.
     */
    public void forEachItem(String userId, String email, ItemVisitor visitor) {
        String user = UsersKeys.userKey(userId);
        forEach(USERS, user, item -> visitor.visit(USERS, item));
        Optional.ofNullable(get(USERS, Map.of("pk", s(UsersRepository.accountCounterKey(email)),
                        "sk", s(UsersRepository.COUNTER))))
                .ifPresent(item -> visitor.visit(USERS, item));
        List<String> sessionPartitions = new ArrayList<>();
        forEach(TRADING, TradingKeys.userPartition(userId), item -> {
            visitor.visit(TRADING, item);
            sessionIdOf(item).ifPresent(id -> sessionPartitions.add(TradingKeys.sessionPartition(userId, id)));
        });
        new LinkedHashSet<>(sessionPartitions)
                .forEach(partition -> forEach(TRADING, partition, item -> visitor.visit(TRADING, item)));
        forEach(BEHAVIOR, BehaviorKeys.userPartition(userId), item -> visitor.visit(BEHAVIOR, item));
    }

    @FunctionalInterface
    public interface ItemVisitor {
        void visit(String table, Map<String, AttributeValue> item);
    }

    /**
     * Deletes the user's WebSocket connections, which ends their pushes (docs/realtime.md#fan-out), then the behaviour
     * reports and cooldown, then every trading session's partition and the session items.
     *
     * @return false if the tally's budget ran out first (what was deleted stays deleted)
     */
    public boolean eraseActivity(String userId, Tally tally) {
        return eraseConnections(userId, tally)
                && deletePartition(BEHAVIOR, BehaviorKeys.userPartition(userId), true, tally)
                && eraseTrading(userId, tally);
    }

    private boolean eraseTrading(String userId, Tally tally) {
        String user = TradingKeys.userPartition(userId);
        // The user's sessions work until the last step, so another device may place an order or start a session
        // meanwhile. Every write into a session's partition is conditional on its session item: with the items
        // naming sessions gone, their partitions are swept again, and those items read again until none is left.
        for (Map<Map<String, AttributeValue>, String> naming = sessionNamers(user); !naming.isEmpty();
                naming = sessionNamers(user)) {
            Set<String> partitions = new LinkedHashSet<>();
            naming.values().forEach(sessionId -> partitions.add(TradingKeys.sessionPartition(userId, sessionId)));
            if (!deletePartitions(partitions, tally)
                    || !deleteKeys(TRADING, new ArrayList<>(naming.keySet()), tally)
                    || !deletePartitions(partitions, tally)) {
                return false;
            }
        }
        return deletePartition(TRADING, user, true, tally);
    }

    private boolean eraseConnections(String userId, Tally tally) {
        Set<String> connections = new LinkedHashSet<>();
        dynamo.queryPaginator(r -> r.tableName(tables.get(REALTIME)).indexName(CONNECTIONS_BY_USER)
                        .keyConditionExpression("userId = :user").expressionAttributeValues(Map.of(":user", s(userId))))
                .items().forEach(key -> connections.add(key.get("pk").s()));
        for (String connection : connections) {
            // Descending: the subscriptions (SUB#...) before the connection item (CONN) the index finds it by.
            if (!deletePartition(REALTIME, connection, false, tally)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The keys of the items of the user's trading partition that name a session, each with the session's id; read
     * without the other attributes, since the partition also holds the backtests' results.
     */
    private Map<Map<String, AttributeValue>, String> sessionNamers(String userPartition) {
        Map<Map<String, AttributeValue>, String> naming = new LinkedHashMap<>();
        dynamo.queryPaginator(r -> r.tableName(tables.get(TRADING)).consistentRead(true)
                        .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(userPartition)))
                        .projectionExpression("pk, sk, sessionId"))
                .items().forEach(item -> sessionIdOf(item).ifPresent(sessionId ->
                        naming.put(Map.of("pk", item.get("pk"), "sk", item.get("sk")), sessionId)));
        return naming;
    }

    private boolean deletePartitions(Set<String> partitions, Tally tally) {
        for (String partition : partitions) {
            if (!deletePartition(TRADING, partition, true, tally)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes every session of the user except {@code keptSessionId} (each with its current and previous refresh
     * token, in one transaction conditional on the tokens read, so a rotation meanwhile is not missed), every refresh
     * token the index lists, and the account's sign-in failure counter.
     *
     * @return false if the tally's budget ran out first
     */
    public boolean eraseSessions(String userId, String email, String keptSessionId, Tally tally) {
        // Tokens already deleted here, or left for the last step with the kept session: the index may still list
        // them, and each is counted once.
        Set<Map<String, AttributeValue>> handled = new HashSet<>();
        for (Map<String, AttributeValue> session : sessions(userId)) {
            if (tally.exhausted()) {
                return false;
            }
            handled.addAll(tokenKeys(session));
            if (!session.get("sk").s().equals(UsersKeys.sessionSortKey(keptSessionId))) {
                deleteSession(session, List.of(), tally);
            }
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>(indexedTokens(userId));
        keys.removeAll(handled);
        Map<String, AttributeValue> counter = Map.of("pk", s(UsersRepository.accountCounterKey(email)),
                "sk", s(UsersRepository.COUNTER));
        if (get(USERS, counter) != null) {
            keys.add(counter);
        }
        return deleteKeys(USERS, keys, tally);
    }

    /**
     * The last step, in one transaction: the kept session and its refresh tokens, the credential (only while it is
     * still this user's) and the profile. A transaction whose every answer was lost is read back: the account is
     * gone if its profile is, and the caller's retry could no longer be authorised to learn it. Then
     * {@link #sweepAfterAccount}.
     */
    public void eraseAccount(String userId, String email, String keptSessionId, Tally tally) {
        Map<String, AttributeValue> credential = Map.of("pk", s(UsersRepository.emailKey(email)),
                "sk", s(UsersRepository.CREDENTIAL));
        Map<String, AttributeValue> profile = Map.of("pk", s(UsersKeys.userKey(userId)),
                "sk", s(UsersRepository.PROFILE));
        List<TransactWriteItem> accountItems = List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(tables.get(USERS)).key(credential)
                        .conditionExpression("attribute_not_exists(pk) OR userId = :user")
                        .expressionAttributeValues(Map.of(":user", s(userId))).build()).build(),
                TransactWriteItem.builder().delete(delete(USERS, profile)).build());
        Map<String, AttributeValue> kept = keptSessionId == null ? null : get(USERS, Map.of(
                "pk", s(UsersKeys.userKey(userId)), "sk", s(UsersKeys.sessionSortKey(keptSessionId))));
        try {
            if (kept != null) {
                deleteSession(kept, accountItems, tally);
            } else {
                transact(accountItems);
            }
        } catch (SdkException e) {
            LostWrites.appliedOrThrow(e, () -> Optional.of(profile).filter(deleted -> get(USERS, deleted) == null));
        }
        tally.count(USERS, credential);
        tally.count(USERS, profile);
    }

    /**
     * After {@link #eraseAccount}: every session a sign-in started meanwhile (starting one needs the credential the
     * sign-in checked, see {@link UsersRepository#startSession}, so none can start after it). Then every refresh token
     * the index still lists: a rotation of the kept session after {@link #eraseSessions} read it leaves the token it
     * replaced, which no session names any more, and none can rotate once the sessions are gone. Then
     * {@link #eraseActivity} once more. Not held to the budget: with the account gone, no later request could finish
     * it.
     */
    public void sweepAfterAccount(String userId, Tally tally) {
        sessions(userId).forEach(session -> deleteSession(session, List.of(), tally));
        for (Map<String, AttributeValue> token : indexedTokens(userId)) {
            // The index may still list a token deleted a moment ago: count only what this deletes.
            if (dynamo.deleteItem(r -> r.tableName(tables.get(USERS)).key(token).returnValues(ReturnValue.ALL_OLD))
                    .hasAttributes()) {
                tally.count(USERS, token);
            }
        }
        // The user's sessions worked until the transaction above, so another device may have stored something (a
        // report, a connection, a trading session) after the erasure passed its table.
        tally.unbound();
        eraseActivity(userId, tally);
    }

    /** The keys of the user's refresh tokens, as the index lists them. */
    private List<Map<String, AttributeValue>> indexedTokens(String userId) {
        return dynamo.queryPaginator(r -> r.tableName(tables.get(USERS)).indexName(UsersRepository.INDEX)
                        .keyConditionExpression("gsi1pk = :user")
                        .expressionAttributeValues(Map.of(":user", s(UsersKeys.userKey(userId)))))
                .items().stream()
                .map(item -> Map.<String, AttributeValue>of("pk", item.get("pk"), "sk", item.get("sk"))).toList();
    }

    private List<Map<String, AttributeValue>> sessions(String userId) {
        return dynamo.queryPaginator(r -> r.tableName(tables.get(USERS)).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :session)")
                        .expressionAttributeValues(Map.of(":pk", s(UsersKeys.userKey(userId)),
                                ":session", s(UsersKeys.sessionSortKey("")))))
                .items().stream().toList();
    }

    /**
     * Deletes a session item with its current and previous refresh tokens (and {@code alongside}) in one transaction,
     * on the condition that its current token is still the one read; a rotation meanwhile is read again.
     */
    private void deleteSession(Map<String, AttributeValue> session, List<TransactWriteItem> alongside, Tally tally) {
        Map<String, AttributeValue> current = session;
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> key = Map.of("pk", current.get("pk"), "sk", current.get("sk"));
            List<TransactWriteItem> writes = new ArrayList<>(alongside);
            List<Map<String, AttributeValue>> tokens = tokenKeys(current);
            tokens.forEach(token -> writes.add(TransactWriteItem.builder().delete(delete(USERS, token)).build()));
            AttributeValue readHash = current.get("currentTokenHash");
            Delete.Builder sessionDelete = Delete.builder().tableName(tables.get(USERS)).key(key);
            if (readHash != null) {
                sessionDelete.conditionExpression("attribute_not_exists(pk) OR currentTokenHash = :read")
                        .expressionAttributeValues(Map.of(":read", readHash));
            }
            writes.add(TransactWriteItem.builder().delete(sessionDelete.build()).build());
            try {
                transact(writes);
                tokens.forEach(token -> tally.count(USERS, token));
                tally.count(USERS, key);
                return;
            } catch (TransactionCanceledException e) {
                if (attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                current = get(USERS, key);
                if (current == null) {
                    current = key;
                }
            }
        }
    }

    /** The keys of a session's current and previous refresh tokens. */
    private static List<Map<String, AttributeValue>> tokenKeys(Map<String, AttributeValue> session) {
        List<Map<String, AttributeValue>> tokens = new ArrayList<>();
        for (String hashAttribute : List.of("currentTokenHash", "previousTokenHash")) {
            AttributeValue hash = session.get(hashAttribute);
            if (hash != null && hash.s() != null) {
                Map<String, AttributeValue> token = Map.of("pk", s("REFRESH#" + hash.s()),
                        "sk", s(UsersRepository.REFRESH));
                if (!tokens.contains(token)) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    private void transact(List<TransactWriteItem> writes) {
        dynamo.transactWriteItems(r -> r.transactItems(writes));
    }

    private Delete delete(String table, Map<String, AttributeValue> key) {
        return Delete.builder().tableName(tables.get(table)).key(key).build();
    }

    /**
     * Deletes the partition's items page by page (keys only read) in ascending or descending sort-key order; false if
     * the budget ran out first.
     */
    private boolean deletePartition(String table, String partition, boolean ascending, Tally tally) {
        while (true) {
            if (tally.exhausted()) {
                return false;
            }
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(tables.get(table)).consistentRead(true)
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(partition)))
                    .scanIndexForward(ascending).projectionExpression("pk, sk")
                    .limit(tally.pageSize(1000)).build());
            if (page.items().isEmpty()) {
                return true;
            }
            if (!deleteKeys(table, page.items(), tally)) {
                return false;
            }
        }
    }

    /** BatchWriteItem deletes in groups of 25, unprocessed keys sent again with backoff. */
    private boolean deleteKeys(String table, List<Map<String, AttributeValue>> keys, Tally tally) {
        String tableName = tables.get(table);
        for (int from = 0; from < keys.size(); from += BatchBackoff.WRITE_BATCH_SIZE) {
            if (tally.exhausted()) {
                return false;
            }
            List<Map<String, AttributeValue>> group =
                    keys.subList(from, Math.min(keys.size(), from + BatchBackoff.WRITE_BATCH_SIZE));
            List<WriteRequest> pending = group.stream().map(key -> WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key).build()).build()).toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BatchBackoff.MAX_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " deletions stayed unprocessed");
                }
                if (attempt > 1) {
                    BatchBackoff.beforeAttempt(attempt);
                }
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(tableName, batch)));
                pending = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(tableName, List.of()) : List.of();
            }
            group.forEach(key -> tally.count(table, key));
        }
        return true;
    }

    private void forEach(String table, String partition, Consumer<Map<String, AttributeValue>> consumer) {
        dynamo.queryPaginator(r -> r.tableName(tables.get(table)).consistentRead(true)
                        .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(partition))))
                .items().forEach(consumer);
    }

    private Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        var response = dynamo.getItem(r -> r.tableName(tables.get(table)).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? new HashMap<>(response.item()) : null;
    }

    /** The trading session an item of the user's partition names: a session item, or the default-journal pointer. */
    private static Optional<String> sessionIdOf(Map<String, AttributeValue> item) {
        AttributeValue sessionId = item.get("sessionId");
        if (sessionId != null && sessionId.s() != null) {
            return Optional.of(sessionId.s());
        }
        String sk = item.get("sk").s();
        return sk.startsWith(TradingKeys.sessionSortKey("")) ? Optional.of(sk.substring(sk.indexOf('#') + 1))
                : Optional.empty();
    }

    /** An item's kind: its sort key up to the first {@code #}, lower case ({@code SESSION#x} → {@code session}). */
    public static String kind(Map<String, AttributeValue> key) {
        String sk = key.get("sk").s();
        int hash = sk.indexOf('#');
        return (hash < 0 ? sk : sk.substring(0, hash)).toLowerCase(Locale.ROOT);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
