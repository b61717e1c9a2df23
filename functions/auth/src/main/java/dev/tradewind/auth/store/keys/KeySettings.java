package dev.tradewind.auth.store.keys;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.dynamo.SnapSafeRetries;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Where a function's keys come from, decided once at init from its environment.
 *
 * <p>Locally ({@code DYNAMODB_ENDPOINT} is set: the local runtime and the tests set it, a deployment never does) a
 * development key ring file: under the runtime's data directory ({@code TRADEWIND_LOCAL_DATA_DIR}) so it survives
 * restarts, or, for {@code --in-memory} runs that have none, in a temporary directory named after the DynamoDB
 * endpoint, which every function of one runtime shares and no other runtime uses at the same time. In AWS the two
 * SSM parameters named by {@code SIGNING_KEY_RING_PARAMETER} (signers only) and {@code PUBLIC_KEYS_PARAMETER}.
 */
public sealed interface KeySettings {

    String DATA_DIR_VARIABLE = "TRADEWIND_LOCAL_DATA_DIR";

    /** @param ringParameter null for a function that only verifies */
    record Ssm(String ringParameter, String publicKeysParameter, Duration cacheTtl) implements KeySettings {
    }

    /** @param signer whether this function signs: only a signer generates the ring when there is none yet */
    record LocalDev(Path file, boolean signer) implements KeySettings {
    }

    /** @param signer whether this function signs (and so needs the private key ring) */
    static KeySettings from(Environment env, boolean signer) {
        var endpoint = env.optional(DynamoDbClients.ENDPOINT_VARIABLE);
        if (endpoint.isPresent()) {
            Path directory = env.optional(DATA_DIR_VARIABLE)
                    .map(dir -> Path.of(dir, "auth"))
                    .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "tradewind-dev-keys",
                            directoryName(endpoint.get())));
            return new LocalDev(directory.resolve(LocalDevKeys.FILE_NAME), signer);
        }
        Duration cacheTtl = env.getDuration("KEYS_CACHE_TTL", VerificationKeys.DEFAULT_CACHE_TTL);
        if (cacheTtl.isNegative() || cacheTtl.isZero()) {
            // Powertools would keep nothing, and every token verification and signature would call SSM.
            throw new ConfigException("KEYS_CACHE_TTL must be positive, was " + cacheTtl);
        }
        return new Ssm(signer ? env.require("SIGNING_KEY_RING_PARAMETER") : null,
                env.require("PUBLIC_KEYS_PARAMETER"), cacheTtl);
    }

    /**
     * Opens the source once, at init: the local file store, or the SSM source, whose SSM client and Powertools
     * provider {@link SsmKeys} builds at its first fetch.
     */
    default KeySource open(Environment env, Clock clock, SecureRandom random) {
        return switch (this) {
            case Ssm ssm -> new SsmKeys(() -> {
                CacheManager cache = new CacheManager();
                cache.setDefaultExpirationTime(ssm.cacheTtl());
                return SSMProvider.builder().withClient(ssmClient(env)).withCacheManager(cache).build();
            }, ssm.ringParameter(), ssm.publicKeysParameter());
            case LocalDev local -> new LocalDevKeys(local.file(), local.signer(), clock, random);
        };
    }

    private static SsmClient ssmClient(Environment env) {
        return SsmClient.builder()
                .region(Region.of(env.get("AWS_REGION", "us-east-1")))
                // Apache5, like DynamoDbClients: the build allows no other SDK HTTP client in Lambda artifacts.
                .httpClient(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(3))
                        .tcpKeepAlive(true)
                        .useIdleConnectionReaper(false)
                        .build())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(c -> c
                        .retryStrategy(SnapSafeRetries.standard())
                        .apiCallAttemptTimeout(Duration.ofSeconds(2))
                        .apiCallTimeout(Duration.ofSeconds(4)))
                .build();
    }

    /** {@code http://127.0.0.1:8000} → {@code 127.0.0.1-8000}. */
    private static String directoryName(String endpoint) {
        URI uri = URI.create(endpoint);
        String name = (uri.getHost() == null ? endpoint : uri.getHost() + "-" + uri.getPort());
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
