package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.testing.Repository;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The template's tables, created by the local runtime's provisioner, behave as the code relies on: keys as
 * declared, TTL enabled, conditional writes enforced, and provisioning repeatable. Runs on every DynamoDB emulator.
 */
abstract class TemplateTablesContract {

    abstract DynamoDbClient client();

    private final SamTemplate template = SamTemplate.load(Repository.template());

    @Test
    void provisioning_createsEveryTableWithItsKeysAndTtl_andIsRepeatable() {
        var provisioner = new TableProvisioner(client());
        provisioner.ensure(template.tables());
        provisioner.ensure(template.tables());
        for (TableDefinition table : template.tables()) {
            var description = client().describeTable(b -> b.tableName(table.tableName())).table();
            assertEquals(table.keySchema().size(), description.keySchema().size(), table.tableName());
            assertEquals(table.globalSecondaryIndexes().size(),
                    description.hasGlobalSecondaryIndexes() ? description.globalSecondaryIndexes().size() : 0);
            if (table.ttlAttribute() != null) {
                var ttl = client().describeTimeToLive(b -> b.tableName(table.tableName())).timeToLiveDescription();
                assertEquals(table.ttlAttribute(), ttl.attributeName());
            }
        }
    }

    @Test
    void conditionalPut_refusesASecondWriteOfTheSameKey() {
        new TableProvisioner(client()).ensure(template.tables());
        String table = template.tables().getFirst().tableName();
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("CONTRACT#" + System.nanoTime()),
                "sk", AttributeValue.fromS("A"));
        client().putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        var error = assertThrows(ConditionalCheckFailedException.class, () -> client().putItem(b -> b.tableName(table)
                .item(item).conditionExpression("attribute_not_exists(pk)")));
        assertTrue(error.getMessage().toLowerCase().contains("conditional"));
    }
}
