package dev.tradewind.auth.store;

import static dev.tradewind.shared.auth.UsersKeys.sessionSortKey;
import static dev.tradewind.shared.auth.UsersKeys.userKey;

import dev.tradewind.auth.domain.Account;
import dev.tradewind.auth.domain.Credential;
import dev.tradewind.auth.domain.LoginCounter;
import dev.tradewind.auth.domain.StrictBase64;
import dev.tradewind.auth.domain.refresh.RefreshFamily;
import dev.tradewind.auth.domain.refresh.RefreshTokenRef;
import dev.tradewind.shared.dynamo.LostWrites;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The Users table (single-table design, {@code pk}/{@code sk}, TTL on {@code expiresAt}):
 * <pre>
 * EMAIL#&lt;email&gt;            CREDENTIAL          userId, passwordHash, createdAt   unique email: conditional put
 * USER#&lt;userId&gt;            PROFILE             userId, email, displayName, createdAt
 * USER#&lt;userId&gt;            SESSION#&lt;familyId&gt;   refresh family: current token hash, expiries, revoked  (TTL)
 * REFRESH#&lt;sha256(token)&gt;   REFRESH             userId, familyId; gsi1pk = USER#&lt;userId&gt;      (TTL)
 * LOGINFAIL#ACCOUNT#&lt;h&gt;     COUNTER             failures, lastFailureAt, lockedUntil, version (TTL),
 *                                                  countedAttempts (ids of the attempts counted, not taken back)
 * LOGINFAIL#IP#&lt;address&gt;     COUNTER             same, per source address                     (TTL)
 * </pre>
 * Everything a signed-in user owns lives under {@code USER#<userId>}, the caller's id from the authorizer, or is
 * found from it: the credential by the profile's email, refresh tokens through the keys-only index {@code gsi1}
 * (so an erasure can delete tokens rotated long ago, {@link UserDataStore}).
 * Expired items may linger until DynamoDB's TTL sweep, so every read checks {@code expiresAt} itself.
 */
public final class UsersRepository {

    static final String CREDENTIAL = "CREDENTIAL";
    static final String PROFILE = "PROFILE";
    static final String REFRESH = "REFRESH";
    static final String COUNTER = "COUNTER";
    /** Refresh tokens by user: gsi1pk = USER#&lt;userId&gt;, keys only. */
    static final String INDEX = "gsi1";
    private static final int TRANSACTION_ATTEMPTS = 3;
    private static final Expression NEW_ITEM = Expression.builder().expression("attribute_not_exists(pk)").build();

    /** A registration lost to another one for the same email. */
    public static final class EmailTakenException extends RuntimeException {
        EmailTakenException() {
            super("email already registered", null, false, false);
        }
    }

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<CredentialItem> credentials;
    private final DynamoDbTable<ProfileItem> profiles;
    private final DynamoDbTable<SessionItem> sessions;
    private final DynamoDbTable<RefreshItem> refreshTokens;
    private final DynamoDbTable<CounterItem> counters;

    public UsersRepository(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.enhanced = enhanced;
        this.credentials = enhanced.table(tableName, CredentialItem.SCHEMA);
        this.profiles = enhanced.table(tableName, ProfileItem.SCHEMA);
        this.sessions = enhanced.table(tableName, SessionItem.SCHEMA);
        this.refreshTokens = enhanced.table(tableName, RefreshItem.SCHEMA);
        this.counters = enhanced.table(tableName, CounterItem.SCHEMA);
    }

    static String emailKey(String email) {
        return "EMAIL#" + email;
    }

    /** The account's sign-in failure counter, keyed by a hash of the email (the counter exists for any email tried). */
    public static String accountCounterKey(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return "LOGINFAIL#ACCOUNT#" + StrictBase64.encodeUrl(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    /**
     * Writes the credential and the profile in one transaction whose condition is that neither exists, so of two
     * concurrent registrations of one email exactly one succeeds.
     *
     * When every answer was lost, what is stored says whether the account was created.
     *
     * @throws EmailTakenException if the email is registered (now or by a concurrent request)
     */
    public void createAccount(Credential credential, Account profile) {
        CredentialItem credentialItem = CredentialItem.from(credential);
        ProfileItem profileItem = ProfileItem.from(profile);
        for (int attempt = 1; ; attempt++) {
            try {
                enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                        .addPutItem(credentials, TransactPutItemEnhancedRequest.builder(CredentialItem.class)
                                .item(credentialItem).conditionExpression(NEW_ITEM).build())
                        .addPutItem(profiles, TransactPutItemEnhancedRequest.builder(ProfileItem.class)
                                .item(profileItem).conditionExpression(NEW_ITEM).build())
                        .build());
                return;
            } catch (TransactionCanceledException e) {
                if (hasReason(e, "ConditionalCheckFailed")) {
                    throw new EmailTakenException();
                }
                // TransactionConflict: another transaction on the same email is in flight. Retrying lets the
                // condition decide once it has committed (or been cancelled).
                if (!hasReason(e, "TransactionConflict") || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            } catch (SdkException e) {
                // Told it failed, a caller would retry and find the email taken by the account it just created.
                requireStored(e, credential.email(), stored -> stored.userId().equals(credential.userId()));
                return;
            }
        }
    }

    public Optional<Credential> findCredential(String email) {
        CredentialItem item = credentials.getItem(r -> r.key(key(emailKey(email), CREDENTIAL)).consistentRead(true));
        return Optional.ofNullable(item).map(CredentialItem::toCredential);
    }

    /**
     * Replaces the password hash only if it is still {@code credential}'s, so of two concurrent changes one wins, and a
     * sign-in's rehash of the old password cannot overwrite a change made since it read the credential.
     *
     * A refused condition with {@code newHash} stored is this very write, applied by DynamoDB and sent again by the
     * SDK after its answer was lost: a new hash has a salt of its own, so no other write stores the same one. When
     * every answer was lost, what is stored says whether the write was applied.
     *
     * @return false if the credential changed or went away meanwhile
     */
    public boolean replacePasswordHash(Credential credential, String newHash) {
        CredentialItem item = CredentialItem.from(credential);
        item.passwordHash = newHash;
        try {
            credentials.putItem(PutItemEnhancedRequest.builder(CredentialItem.class).item(item)
                    .conditionExpression(Expression.builder().expression("userId = :userId AND passwordHash = :old")
                            .putExpressionValue(":userId", AttributeValue.fromS(credential.userId()))
                            .putExpressionValue(":old", AttributeValue.fromS(credential.passwordHash())).build())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            AttributeValue stored = e.hasItem() ? e.item().get("passwordHash") : null;
            return stored != null && newHash.equals(stored.s());
        } catch (SdkException e) {
            // Told it failed, a caller would retry with the old password, no longer the one stored, and the sessions
            // the change ends would go on.
            requireStored(e, credential.email(), stored -> newHash.equals(stored.passwordHash()));
            return true;
        }
    }

    /**
     * Returns if the write whose answers were all lost ({@code lost}) was applied all the same, as {@code applied}
     * tells from the credential now stored for {@code email}; otherwise, or when that read fails too, throws
     * {@code lost}.
     */
    private void requireStored(SdkException lost, String email, Predicate<Credential> applied) {
        LostWrites.appliedOrThrow(lost, () -> findCredential(email).filter(applied));
    }

    /** Sets the profile's display name; empty if the profile does not exist. */
    public Optional<Account> updateDisplayName(String userId, String displayName) {
        try {
            var updated = dynamo.updateItem(r -> r.tableName(tableName)
                    .key(Map.of("pk", AttributeValue.fromS(userKey(userId)), "sk", AttributeValue.fromS(PROFILE)))
                    .updateExpression("SET displayName = :name")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":name", AttributeValue.fromS(displayName)))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(ProfileItem.SCHEMA.mapToItem(updated.attributes()).toAccount());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** The ids of the user's sessions that are not revoked, every page read. */
    public List<String> activeSessionIds(String userId) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(r -> r.tableName(tableName).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :session)")
                    .filterExpression("attribute_not_exists(revoked) OR revoked = :false")
                    .projectionExpression("familyId")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(userKey(userId)),
                            ":session", AttributeValue.fromS(sessionSortKey("")),
                            ":false", AttributeValue.fromBool(false)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ids.add(item.get("familyId").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    public Optional<Account> findProfile(String userId) {
        // Consistent: GET /v1/auth/me right after a PATCH must show the change.
        ProfileItem item = profiles.getItem(r -> r.consistentRead(true).key(key(userKey(userId), PROFILE)));
        return Optional.ofNullable(item).map(ProfileItem::toAccount);
    }

    /**
     * Stores a new session and its first refresh token, on the condition that the credential the sign-in checked is
     * still in place: a password change replaces its hash, and an erasure deletes it in the transaction that deletes
     * the profile, so no session starts for a password changed or an account erased since the check.
     *
     * @return false if the credential changed or went away
     */
    public boolean startSession(Credential verified, RefreshFamily family, RefreshTokenRef token) {
        try {
            enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                    .addConditionCheck(credentials, ConditionCheck.builder()
                            .key(key(emailKey(verified.email()), CREDENTIAL))
                            .conditionExpression(Expression.builder()
                                    .expression("userId = :userId AND passwordHash = :verified")
                                    .putExpressionValue(":userId", AttributeValue.fromS(verified.userId()))
                                    .putExpressionValue(":verified", AttributeValue.fromS(verified.passwordHash()))
                                    .build())
                            .build())
                    .addPutItem(sessions, TransactPutItemEnhancedRequest.builder(SessionItem.class)
                            .item(SessionItem.from(family)).conditionExpression(NEW_ITEM).build())
                    .addPutItem(refreshTokens, TransactPutItemEnhancedRequest.builder(RefreshItem.class)
                            .item(RefreshItem.from(token)).conditionExpression(NEW_ITEM).build())
                    .build());
            return true;
        } catch (TransactionCanceledException e) {
            if (hasReason(e, "ConditionalCheckFailed")) {
                return false;
            }
            throw e;
        }
    }

    public Optional<RefreshTokenRef> findRefreshToken(String tokenHash) {
        RefreshItem item = refreshTokens.getItem(r -> r.key(key("REFRESH#" + tokenHash, REFRESH)).consistentRead(true));
        return Optional.ofNullable(item).map(RefreshItem::toRef);
    }

    public Optional<RefreshFamily> findSession(String userId, String familyId) {
        SessionItem item = sessions.getItem(r -> r.key(key(userKey(userId), sessionSortKey(familyId)))
                .consistentRead(true));
        return Optional.ofNullable(item).map(SessionItem::toFamily);
    }

    /**
     * Compare-and-set on the family's current token: stores the rotated family and the new token's trace only if
     * the presented token is still the current one and the family is not revoked.
     *
     * @return false if another request rotated or revoked the family first
     */
    public boolean rotateSession(RefreshFamily rotated, String presentedHash, RefreshTokenRef newToken) {
        Expression current = Expression.builder()
                .expression("currentTokenHash = :presented AND revoked = :false")
                .putExpressionValue(":presented", AttributeValue.fromS(presentedHash))
                .putExpressionValue(":false", AttributeValue.fromBool(false))
                .build();
        try {
            enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                    .addPutItem(sessions, TransactPutItemEnhancedRequest.builder(SessionItem.class)
                            .item(SessionItem.from(rotated)).conditionExpression(current).build())
                    .addPutItem(refreshTokens, TransactPutItemEnhancedRequest.builder(RefreshItem.class)
                            .item(RefreshItem.from(newToken)).conditionExpression(NEW_ITEM).build())
                    .build());
            return true;
        } catch (TransactionCanceledException e) {
            if (hasReason(e, "ConditionalCheckFailed") || hasReason(e, "TransactionConflict")) {
                return false;
            }
            throw e;
        }
    }

    /** Marks the family revoked; a family that does not exist (or expired and was swept) stays absent. */
    public void revokeSession(String userId, String familyId) {
        SessionItem update = new SessionItem();
        update.pk = userKey(userId);
        update.sk = sessionSortKey(familyId);
        update.revoked = Boolean.TRUE;
        try {
            sessions.updateItem(UpdateItemEnhancedRequest.builder(SessionItem.class).item(update)
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                    .conditionExpression(Expression.builder().expression("attribute_exists(pk)").build()).build());
        } catch (ConditionalCheckFailedException e) {
            // Nothing to revoke.
        }
    }

    public Optional<LoginCounter> findCounter(String counterKey) {
        CounterItem item = counters.getItem(r -> r.key(key(counterKey, COUNTER)).consistentRead(true));
        return Optional.ofNullable(item).map(CounterItem::toCounter);
    }

    /**
     * Stores {@code counter} as version {@code counter.version() + 1}, written by {@code attemptId}, if the stored one
     * is still {@code counter.version()} (0: none stored). A refused condition whose stored item counts the attempt
     * that this put counts is this very put, applied by DynamoDB and sent again by the SDK after its answer was lost,
     * also when other attempts were counted in between.
     *
     * @return false if another request changed the counter first and it does not count {@code attemptId}
     */
    public boolean saveCounter(LoginCounter counter, String attemptId) {
        CounterItem item = CounterItem.from(counter);
        item.version = counter.version() + 1;
        Expression condition = counter.version() == 0 ? NEW_ITEM : Expression.builder()
                .expression("version = :version")
                .putExpressionValue(":version", AttributeValue.fromN(Long.toString(counter.version()))).build();
        try {
            counters.putItem(PutItemEnhancedRequest.builder(CounterItem.class).item(item)
                    .conditionExpression(condition)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return countedBy(e, attemptId);
        }
    }

    /**
     * Counts one failure, atomically (an ADD, so concurrent callers all count and none conflicts), on a counter that
     * does not exist yet or is live, unlocked and below {@code failuresBelow} failures; the callers pick that bound
     * so the failure it counts cannot lock the counter. The counter keeps the attempts it counted: the SDK sends an
     * ADD again when its answer was lost, maybe after other attempts were counted, and that attempt must not count
     * twice.
     *
     * @return the counter as counted, or empty when it was forgotten, is locked or had {@code failuresBelow} failures
     */
    public Optional<LoginCounter> addFailure(String counterKey, String attemptId, int failuresBelow, Instant at,
                                             Instant expiresAt, Instant now) {
        try {
            var updated = dynamo.updateItem(r -> r.tableName(tableName).key(counterKey(counterKey))
                    .updateExpression("ADD failures :one, version :one, countedAttempts :attempts"
                            + " SET lastFailureAt = :at, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(pk) OR (expiresAt > :now AND failures < :below"
                            + " AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)"
                            + " AND NOT contains(countedAttempts, :attempt))")
                    .expressionAttributeValues(Map.of(":one", number(1), ":at", number(at.getEpochSecond()),
                            ":expires", number(expiresAt.getEpochSecond()), ":now", number(now.getEpochSecond()),
                            ":below", number(failuresBelow), ":attempt", AttributeValue.fromS(attemptId),
                            ":attempts", AttributeValue.fromSs(List.of(attemptId))))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.of(CounterItem.SCHEMA.mapToItem(updated.attributes()).toCounter());
        } catch (ConditionalCheckFailedException e) {
            return countedBy(e, attemptId) ? Optional.of(CounterItem.SCHEMA.mapToItem(e.item()).toCounter())
                    : Optional.empty();
        }
    }

    /** Whether the counter a condition refused (returned with the refusal) counts the attempt. */
    private static boolean countedBy(ConditionalCheckFailedException refusal, String attemptId) {
        AttributeValue counted = refusal.hasItem() ? refusal.item().get("countedAttempts") : null;
        return counted != null && counted.ss().contains(attemptId);
    }

    /**
     * Takes back the failure counted for {@code attemptId} (an attempt that turned out not to be one), with its id;
     * nothing if the counter is gone, or no longer counts the attempt: the SDK's retry of this same update finds it
     * taken back already, also when others were taken back in between.
     */
    public void removeFailure(String counterKey, String attemptId) {
        try {
            dynamo.updateItem(r -> r.tableName(tableName).key(counterKey(counterKey))
                    .updateExpression("ADD failures :minusOne, version :one DELETE countedAttempts :attempts")
                    .conditionExpression("contains(countedAttempts, :attempt)")
                    .expressionAttributeValues(Map.of(":minusOne", number(-1), ":one", number(1),
                            ":attempt", AttributeValue.fromS(attemptId),
                            ":attempts", AttributeValue.fromSs(List.of(attemptId)))));
        } catch (ConditionalCheckFailedException e) {
            // Cleared meanwhile (a correct password on the account), or taken back already: nothing left to take.
        }
    }

    public void deleteCounter(String counterKey) {
        counters.deleteItem(key(counterKey, COUNTER));
    }

    private static Map<String, AttributeValue> counterKey(String counterKey) {
        return Map.of("pk", AttributeValue.fromS(counterKey), "sk", AttributeValue.fromS(COUNTER));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Key key(String pk, String sk) {
        return Key.builder().partitionValue(pk).sortValue(sk).build();
    }

    private static boolean hasReason(TransactionCanceledException e, String code) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return reasons.stream().anyMatch(reason -> code.equals(reason.code()));
    }

    private static Long epochSeconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }

    static final class CredentialItem {
        String pk;
        String sk;
        String userId;
        String passwordHash;
        Instant createdAt;

        static final StaticTableSchema<CredentialItem> SCHEMA = StaticTableSchema.builder(CredentialItem.class)
                .newItemSupplier(CredentialItem::new)
                .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                        .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                        .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
                .addAttribute(String.class, a -> a.name("passwordHash").getter(i -> i.passwordHash)
                        .setter((i, v) -> i.passwordHash = v))
                .addAttribute(Instant.class, a -> a.name("createdAt").getter(i -> i.createdAt)
                        .setter((i, v) -> i.createdAt = v))
                .build();

        static CredentialItem from(Credential credential) {
            CredentialItem item = new CredentialItem();
            item.pk = emailKey(credential.email());
            item.sk = CREDENTIAL;
            item.userId = credential.userId();
            item.passwordHash = credential.passwordHash();
            item.createdAt = credential.createdAt();
            return item;
        }

        Credential toCredential() {
            return new Credential(pk.substring("EMAIL#".length()), userId, passwordHash, createdAt);
        }
    }

    static final class ProfileItem {
        String pk;
        String sk;
        String userId;
        String email;
        String displayName;
        Instant createdAt;

        static final StaticTableSchema<ProfileItem> SCHEMA = StaticTableSchema.builder(ProfileItem.class)
                .newItemSupplier(ProfileItem::new)
                .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                        .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                        .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
                .addAttribute(String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
                .addAttribute(String.class, a -> a.name("displayName").getter(i -> i.displayName)
                        .setter((i, v) -> i.displayName = v))
                .addAttribute(Instant.class, a -> a.name("createdAt").getter(i -> i.createdAt)
                        .setter((i, v) -> i.createdAt = v))
                .build();

        static ProfileItem from(Account account) {
            ProfileItem item = new ProfileItem();
            item.pk = userKey(account.userId());
            item.sk = PROFILE;
            item.userId = account.userId();
            item.email = account.email();
            item.displayName = account.displayName();
            item.createdAt = account.createdAt();
            return item;
        }

        Account toAccount() {
            return new Account(userId, email, displayName, createdAt);
        }
    }

    static final class SessionItem {
        String pk;
        String sk;
        String familyId;
        String userId;
        String currentTokenHash;
        Instant currentExpiresAt;
        Instant absoluteExpiresAt;
        Boolean revoked;
        String previousTokenHash;
        Instant rotatedAt;
        String successorSeed;
        Long expiresAt;

        static final StaticTableSchema<SessionItem> SCHEMA = StaticTableSchema.builder(SessionItem.class)
                .newItemSupplier(SessionItem::new)
                .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                        .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                        .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(String.class, a -> a.name("familyId").getter(i -> i.familyId)
                        .setter((i, v) -> i.familyId = v))
                .addAttribute(String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
                .addAttribute(String.class, a -> a.name("currentTokenHash").getter(i -> i.currentTokenHash)
                        .setter((i, v) -> i.currentTokenHash = v))
                .addAttribute(Instant.class, a -> a.name("currentExpiresAt").getter(i -> i.currentExpiresAt)
                        .setter((i, v) -> i.currentExpiresAt = v))
                .addAttribute(Instant.class, a -> a.name("absoluteExpiresAt").getter(i -> i.absoluteExpiresAt)
                        .setter((i, v) -> i.absoluteExpiresAt = v))
                .addAttribute(Boolean.class, a -> a.name("revoked").getter(i -> i.revoked)
                        .setter((i, v) -> i.revoked = v))
                .addAttribute(String.class, a -> a.name("previousTokenHash").getter(i -> i.previousTokenHash)
                        .setter((i, v) -> i.previousTokenHash = v))
                .addAttribute(Instant.class, a -> a.name("rotatedAt").getter(i -> i.rotatedAt)
                        .setter((i, v) -> i.rotatedAt = v))
                .addAttribute(String.class, a -> a.name("successorSeed").getter(i -> i.successorSeed)
                        .setter((i, v) -> i.successorSeed = v))
                .addAttribute(Long.class, a -> a.name("expiresAt").getter(i -> i.expiresAt)
                        .setter((i, v) -> i.expiresAt = v))
                .build();

        static SessionItem from(RefreshFamily family) {
            SessionItem item = new SessionItem();
            item.pk = userKey(family.subject());
            item.sk = sessionSortKey(family.familyId());
            item.familyId = family.familyId();
            item.userId = family.subject();
            item.currentTokenHash = family.currentTokenHash();
            item.currentExpiresAt = family.currentExpiresAt();
            item.absoluteExpiresAt = family.absoluteExpiresAt();
            item.revoked = family.revoked();
            if (family.lastRotation() != null) {
                item.previousTokenHash = family.lastRotation().previousTokenHash();
                item.rotatedAt = family.lastRotation().rotatedAt();
                item.successorSeed = family.lastRotation().successorSeed();
            }
            item.expiresAt = epochSeconds(family.absoluteExpiresAt());
            return item;
        }

        RefreshFamily toFamily() {
            RefreshFamily.LastRotation lastRotation = previousTokenHash == null || rotatedAt == null
                    || successorSeed == null ? null
                    : new RefreshFamily.LastRotation(previousTokenHash, rotatedAt, successorSeed);
            return new RefreshFamily(familyId, userId, currentTokenHash, currentExpiresAt, absoluteExpiresAt,
                    Boolean.TRUE.equals(revoked), lastRotation);
        }
    }

    static final class RefreshItem {
        String pk;
        String sk;
        String userId;
        String familyId;
        String gsi1pk;
        String gsi1sk;
        Long expiresAt;

        static final StaticTableSchema<RefreshItem> SCHEMA = StaticTableSchema.builder(RefreshItem.class)
                .newItemSupplier(RefreshItem::new)
                .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                        .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                        .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
                .addAttribute(String.class, a -> a.name("familyId").getter(i -> i.familyId)
                        .setter((i, v) -> i.familyId = v))
                .addAttribute(String.class, a -> a.name("gsi1pk").getter(i -> i.gsi1pk).setter((i, v) -> i.gsi1pk = v))
                .addAttribute(String.class, a -> a.name("gsi1sk").getter(i -> i.gsi1sk).setter((i, v) -> i.gsi1sk = v))
                .addAttribute(Long.class, a -> a.name("expiresAt").getter(i -> i.expiresAt)
                        .setter((i, v) -> i.expiresAt = v))
                .build();

        static RefreshItem from(RefreshTokenRef ref) {
            RefreshItem item = new RefreshItem();
            item.pk = "REFRESH#" + ref.tokenHash();
            item.sk = REFRESH;
            item.userId = ref.userId();
            item.familyId = ref.familyId();
            item.gsi1pk = userKey(ref.userId());
            item.gsi1sk = item.pk;
            item.expiresAt = epochSeconds(ref.expiresAt());
            return item;
        }

        RefreshTokenRef toRef() {
            return new RefreshTokenRef(pk.substring("REFRESH#".length()), userId, familyId, instant(expiresAt));
        }
    }

    static final class CounterItem {
        String pk;
        String sk;
        Integer failures;
        Long lastFailureAt;
        Long lockedUntil;
        Long expiresAt;
        Long version;
        Set<String> countedAttempts;

        static final StaticTableSchema<CounterItem> SCHEMA = StaticTableSchema.builder(CounterItem.class)
                .newItemSupplier(CounterItem::new)
                .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                        .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                        .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(Integer.class, a -> a.name("failures").getter(i -> i.failures)
                        .setter((i, v) -> i.failures = v))
                .addAttribute(Long.class, a -> a.name("lastFailureAt").getter(i -> i.lastFailureAt)
                        .setter((i, v) -> i.lastFailureAt = v))
                .addAttribute(Long.class, a -> a.name("lockedUntil").getter(i -> i.lockedUntil)
                        .setter((i, v) -> i.lockedUntil = v))
                .addAttribute(Long.class, a -> a.name("expiresAt").getter(i -> i.expiresAt)
                        .setter((i, v) -> i.expiresAt = v))
                .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version)
                        .setter((i, v) -> i.version = v))
                .addAttribute(EnhancedType.setOf(String.class), a -> a.name("countedAttempts")
                        .getter(i -> i.countedAttempts).setter((i, v) -> i.countedAttempts = v))
                .build();

        static CounterItem from(LoginCounter counter) {
            CounterItem item = new CounterItem();
            item.pk = counter.key();
            item.sk = COUNTER;
            item.failures = counter.failures();
            item.lastFailureAt = epochSeconds(counter.lastFailureAt());
            item.lockedUntil = epochSeconds(counter.lockedUntil());
            item.expiresAt = epochSeconds(counter.expiresAt());
            // DynamoDB stores no empty set.
            item.countedAttempts = counter.countedAttempts().isEmpty() ? null : counter.countedAttempts();
            return item;
        }

        LoginCounter toCounter() {
            return new LoginCounter(pk, failures == null ? 0 : failures, instant(lastFailureAt), instant(lockedUntil),
                    instant(expiresAt), version == null ? 0 : version,
                    countedAttempts == null ? Set.of() : countedAttempts);
        }
    }
}
