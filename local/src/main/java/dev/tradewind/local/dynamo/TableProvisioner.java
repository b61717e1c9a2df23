package dev.tradewind.local.dynamo;

import dev.tradewind.local.template.TableDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates the template's tables in DynamoDB Local with the same keys, indexes and TTL attribute. Idempotent, so a
 * persisted database survives restarts; a global index added to the template later is added to the existing table.
 *
 * <p>DynamoDB Local deletes expired items within about a second, judged by the wall clock. Functions on the replay
 * clock (or a test's fixed clock) write TTLs from their own clock, years in the wall clock's past, so their items
 * (cooldowns, reports, idempotency records) would vanish as soon as they are written. For them TTL is left disabled:
 * items then never expire by TTL, which DynamoDB itself allows (it deletes expired items within days, not at once),
 * and code that cares checks expiry on read.
 */
public final class TableProvisioner {

    private final DynamoDbClient client;
    private final boolean expireItems;

    /** Enables TTL as the template declares it. */
    public TableProvisioner(DynamoDbClient client) {
        this(client, true);
    }

    /**
     * @param expireItems false when the functions do not run on the wall clock: TTL is then disabled (and disabled
     *                    again on a persisted table that had it), see the class comment
     */
    public TableProvisioner(DynamoDbClient client, boolean expireItems) {
        this.client = client;
        this.expireItems = expireItems;
    }

    public void ensure(List<TableDefinition> tables) {
        tables.forEach(this::ensure);
    }

    public void ensure(TableDefinition table) {
        TableDescription existing = describe(table.tableName());
        if (existing == null) {
            create(table);
        } else {
            reconcile(table, existing);
        }
        if (table.ttlAttribute() != null) {
            var ttl = client.describeTimeToLive(b -> b.tableName(table.tableName())).timeToLiveDescription();
            boolean enabled = ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                    || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING;
            if (expireItems && !(enabled && table.ttlAttribute().equals(ttl.attributeName()))) {
                client.updateTimeToLive(b -> b.tableName(table.tableName())
                        .timeToLiveSpecification(s -> s.attributeName(table.ttlAttribute()).enabled(true)));
            } else if (!expireItems && enabled) {
                client.updateTimeToLive(b -> b.tableName(table.tableName())
                        .timeToLiveSpecification(s -> s.attributeName(ttl.attributeName()).enabled(false)));
            }
        }
    }

    private TableDescription describe(String name) {
        try {
            return client.describeTable(b -> b.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private void create(TableDefinition table) {
        client.createTable(b -> {
            b.tableName(table.tableName())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes(table.attributeTypes()))
                    .keySchema(keys(table.keySchema()));
            if (!table.globalSecondaryIndexes().isEmpty()) {
                b.globalSecondaryIndexes(table.globalSecondaryIndexes().stream().map(index -> GlobalSecondaryIndex.builder()
                        .indexName(index.name()).keySchema(keys(index.keySchema())).projection(projection(index))
                        .build()).toList());
            }
            if (!table.localSecondaryIndexes().isEmpty()) {
                b.localSecondaryIndexes(table.localSecondaryIndexes().stream().map(index -> LocalSecondaryIndex.builder()
                        .indexName(index.name()).keySchema(keys(index.keySchema())).projection(projection(index))
                        .build()).toList());
            }
        });
    }

    private void reconcile(TableDefinition table, TableDescription existing) {
        if (!keys(table.keySchema()).equals(existing.keySchema())) {
            throw new IllegalStateException("Table " + table.tableName() + " exists with key schema "
                    + existing.keySchema() + " but the template declares " + table.keySchema()
                    + "; delete the local data directory or run with --in-memory");
        }
        Set<String> present = existing.globalSecondaryIndexes().stream()
                .map(index -> index.indexName()).collect(Collectors.toSet());
        for (TableDefinition.Index index : table.globalSecondaryIndexes()) {
            if (!present.contains(index.name())) {
                client.updateTable(b -> b.tableName(table.tableName())
                        .attributeDefinitions(attributes(table.attributeTypes()))
                        .globalSecondaryIndexUpdates(u -> u.create(CreateGlobalSecondaryIndexAction.builder()
                                .indexName(index.name()).keySchema(keys(index.keySchema()))
                                .projection(projection(index)).build())));
            }
        }
    }

    private static List<AttributeDefinition> attributes(Map<String, String> types) {
        return types.entrySet().stream()
                .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                .toList();
    }

    private static List<KeySchemaElement> keys(List<TableDefinition.KeyElement> elements) {
        return elements.stream()
                .map(e -> KeySchemaElement.builder().attributeName(e.attributeName()).keyType(e.keyType()).build())
                .toList();
    }

    private static Projection projection(TableDefinition.Index index) {
        Projection.Builder projection = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return projection.build();
    }
}
