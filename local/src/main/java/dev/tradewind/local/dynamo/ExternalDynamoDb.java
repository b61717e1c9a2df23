package dev.tradewind.local.dynamo;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB-compatible endpoint the user runs (LocalStack, another emulator, DynamoDB itself), instead of DynamoDB
 * Local in this JVM. Requests are signed for us-east-1, the region the local runtime emulates, with the credentials
 * in {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN} when they are set (which
 * the functions then get too), else with dummy ones, which emulators accept.
 */
public final class ExternalDynamoDb implements DynamoDbEngine {

    /** The variables that carry credentials to the endpoint, passed on to the functions when set. */
    public static final String[] CREDENTIAL_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN"};

    private final URI endpoint;
    private final DynamoDbClient client;

    private ExternalDynamoDb(URI endpoint, DynamoDbClient client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    /**
     * Connects and checks the endpoint answers (one ListTables).
     *
     * @throws IllegalStateException naming the endpoint when it does not answer like DynamoDB
     */
    public static ExternalDynamoDb connect(URI endpoint) {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))))
                .httpClient(Apache5HttpClient.builder().build())
                .build();
        try {
            client.listTables(r -> r.limit(1));
        } catch (SdkException e) {
            client.close();
            throw new IllegalStateException("DynamoDB endpoint " + endpoint + " did not answer: " + e.getMessage(), e);
        }
        return new ExternalDynamoDb(endpoint, client);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
