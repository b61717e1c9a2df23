package dev.tradewind.auth.store.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tradewind.auth.domain.token.Jwks;
import dev.tradewind.auth.domain.token.KeyRing;
import dev.tradewind.auth.domain.token.SigningKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/** The SSM wiring through Powertools, against a mocked SsmClient: no AWS call is made. */
class SsmKeysTest {

    private static final String RING = "/tradewind/auth/signing-key-ring";
    private static final String JWKS = "/tradewind/auth/jwks";
    private final SsmClient ssm = mock(SsmClient.class);
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final KeyRing ring = KeyRing.of(SigningKey.generate(new SecureRandom(), Instant.now()));

    SsmKeysTest() {
        when(ssm.getParameter(any(GetParameterRequest.class))).thenAnswer(call -> {
            GetParameterRequest request = call.getArgument(0);
            String value = parameters.get(request.name());
            if (value == null) {
                throw ParameterNotFoundException.builder().message("Parameter " + request.name() + " not found").build();
            }
            return GetParameterResponse.builder().parameter(Parameter.builder().name(request.name()).value(value)
                    .build()).build();
        });
        parameters.put(RING, ring.toJson());
        parameters.put(JWKS, Jwks.render(ring.verificationKeys()));
    }

    private SsmKeys keys(String ringParameter, Duration cacheTtl) {
        CacheManager cache = new CacheManager();
        cache.setDefaultExpirationTime(cacheTtl);
        return new SsmKeys(() -> SSMProvider.builder().withClient(ssm).withCacheManager(cache).build(), ringParameter,
                JWKS);
    }

    @Test
    void provider_isBuiltAtTheFirstFetch_andOnlyOnce() {
        AtomicInteger built = new AtomicInteger();
        SsmKeys keys = new SsmKeys(() -> {
            built.incrementAndGet();
            return SSMProvider.builder().withClient(ssm).withCacheManager(new CacheManager()).build();
        }, RING, JWKS);

        assertEquals(0, built.get());
        keys.keys();
        keys.ring();
        keys.keys();
        assertEquals(1, built.get());
    }

    @Test
    void ring_isReadWithDecryption_publicKeysWithout() {
        SsmKeys keys = keys(RING, Duration.ofMinutes(5));

        assertEquals(ring.active().kid(), keys.ring().active().kid());
        assertEquals(ring.verificationKeys().keySet(), keys.keys().keySet());

        ArgumentCaptor<GetParameterRequest> requests = ArgumentCaptor.forClass(GetParameterRequest.class);
        verify(ssm, times(2)).getParameter(requests.capture());
        List<GetParameterRequest> sent = requests.getAllValues();
        assertEquals(RING, sent.get(0).name());
        assertTrue(sent.get(0).withDecryption());
        assertEquals(JWKS, sent.get(1).name());
        assertFalse(Boolean.TRUE.equals(sent.get(1).withDecryption()));
    }

    @Test
    void valuesAreCached_andParsedOncePerText() {
        SsmKeys keys = keys(RING, Duration.ofMinutes(5));
        var first = keys.keys();
        for (int i = 0; i < 5; i++) {
            assertSame(first, keys.keys());
        }
        verify(ssm, times(1)).getParameter(any(GetParameterRequest.class));
    }

    @Test
    void afterTheCacheLifetime_aChangedParameterIsPickedUp() {
        SsmKeys keys = keys(RING, Duration.ZERO);
        KeyRing rotated = ring.schedule(SigningKey.generate(new SecureRandom(), Instant.now()), Instant.now());
        parameters.put(JWKS, Jwks.render(rotated.verificationKeys()));

        assertEquals(2, keys.keys().size());
    }

    @Test
    void theAuthorizersSource_hasNoRing() {
        var error = assertThrows(KeysUnavailableException.class, () -> keys(null, Duration.ofMinutes(5)).ring());
        assertTrue(error.getMessage().contains("no signing key parameter"));
    }

    @Test
    void missingOrInvalidParameter_isUnavailable_withoutTheValueInTheMessage() {
        parameters.remove(JWKS);
        var missing = assertThrows(KeysUnavailableException.class, () -> keys(RING, Duration.ZERO).keys());
        assertTrue(missing.getMessage().contains(JWKS), missing.getMessage());

        parameters.put(RING, "{\"active\":{\"kid\":\"x\",\"privateKey\":\"c2VjcmV0\"},\"retired\":[]}");
        var invalid = assertThrows(KeysUnavailableException.class, () -> keys(RING, Duration.ZERO).ring());
        assertFalse(invalid.getMessage().contains("c2VjcmV0"), invalid.getMessage());
    }
}
