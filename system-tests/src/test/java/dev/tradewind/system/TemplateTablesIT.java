package dev.tradewind.system;

import dev.tradewind.testing.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class TemplateTablesIT extends TemplateTablesContract {

    @Override
    DynamoDbClient client() {
        return LocalDynamoDb.client();
    }
}
