package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class TemplateTablesIT extends TemplateTablesContract {

    @Override
    DynamoDbClient client() {
        return LocalDynamoDb.client();
    }

    /**
     * DynamoDB Local deletes expired items by the wall clock; functions on the replay clock write TTLs in its past.
     * Provisioned for them, TTL stays off, and is turned off on a persisted table that had it on.
     */
    @Test
    void provisioningForFunctionsOffTheWallClock_leavesTtlDisabled() {
        var tables = SamTemplate.load(Repository.template()).tables();
        new TableProvisioner(client()).ensure(tables);
        new TableProvisioner(client(), false).ensure(tables);
        for (TableDefinition table : tables) {
            if (table.ttlAttribute() != null) {
                var ttl = client().describeTimeToLive(b -> b.tableName(table.tableName())).timeToLiveDescription();
                assertEquals(TimeToLiveStatus.DISABLED, ttl.timeToLiveStatus(), table.tableName());
            }
        }
        new TableProvisioner(client(), false).ensure(tables);
    }
}
