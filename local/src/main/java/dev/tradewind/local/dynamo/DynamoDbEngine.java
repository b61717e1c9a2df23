package dev.tradewind.local.dynamo;

import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the local runtime and the tests keep their tables: DynamoDB Local in this JVM by default
 * ({@link DynamoDbLocalServer}), or any DynamoDB-compatible endpoint ({@link ExternalDynamoDb}).
 */
public interface DynamoDbEngine extends AutoCloseable {

    /** What the functions' {@code DYNAMODB_ENDPOINT} points at. */
    URI endpoint();

    /** A client for provisioning and inspection; functions build their own from the endpoint. */
    DynamoDbClient client();

    @Override
    void close();
}
