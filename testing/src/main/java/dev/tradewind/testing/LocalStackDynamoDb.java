package dev.tradewind.testing;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack's DynamoDB, for the tests that run the same repository checks against a second emulator where Docker
 * exists. Pinned to a tag that runs without an auth token. Test classes annotate themselves with
 * {@code @Testcontainers(disabledWithoutDocker = true)} so they are reported as skipped where there is no Docker.
 */
public final class LocalStackDynamoDb {

    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

    private LocalStackDynamoDb() {
    }

    public static LocalStackContainer container() {
        return new LocalStackContainer(IMAGE).withServices(LocalStackContainer.Service.DYNAMODB);
    }

    public static URI endpoint(LocalStackContainer container) {
        return container.getEndpointOverride(LocalStackContainer.Service.DYNAMODB);
    }
}
