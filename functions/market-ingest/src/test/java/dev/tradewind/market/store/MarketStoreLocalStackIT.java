package dev.tradewind.market.store;

import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.testing.LocalStackDynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The same contract on LocalStack; reported as skipped where there is no Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class MarketStoreLocalStackIT extends MarketStoreContract {

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackDynamoDb.container();

    private static DynamoDbClient client;

    @Override
    DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbLocalServer.clientFor(LocalStackDynamoDb.endpoint(LOCALSTACK));
        }
        return client;
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }
}
