package dev.tradewind.market.store;

import dev.tradewind.testing.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class MarketStoreIT extends MarketStoreContract {

    @Override
    DynamoDbClient client() {
        return LocalDynamoDb.client();
    }
}
