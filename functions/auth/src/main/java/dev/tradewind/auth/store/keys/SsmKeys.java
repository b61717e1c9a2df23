package dev.tradewind.auth.store.keys;

import dev.tradewind.auth.domain.token.Jwks;
import dev.tradewind.auth.domain.token.KeyRing;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * The keys in AWS: two SSM parameters read through Powertools' cached provider.
 * <ul>
 *   <li>the key ring, a SecureString holding the private keys ({@link KeyRing#toJson()}), read only by the auth
 *       function;</li>
 *   <li>the public keys, a String holding the JWK Set of every key that may verify (active, scheduled, retired),
 *       read by the authorizer and the JWKS route.</li>
 * </ul>
 * Powertools keeps each value for the provider's cache lifetime; a value is parsed again only when its text
 * changes. The rotation procedure (see {@link KeyRingTool}) publishes the next key long enough before it signs
 * that every cache has seen it, so no verifier needs to refetch on an unknown kid (which an attacker could
 * otherwise trigger at will).
 *
 * <p>The provider, and with it the SSM client, is built on the first fetch, not at init: building the SSM client
 * loads some 200 classes of its model, and only the routes that sign or publish keys need it. SnapStart priming
 * signs in, so a snapshot holds it built.
 */
public final class SsmKeys implements KeySource {

    private final Supplier<SSMProvider> newProvider;
    private volatile SSMProvider provider;
    private final String ringParameter;
    private final String publicKeysParameter;
    private volatile Parsed<KeyRing> ring;
    private volatile Parsed<Map<String, ECPublicKey>> publicKeys;

    private record Parsed<T>(String text, T value) {
    }

    /**
     * @param newProvider         builds the provider with the function's SSM client and cache lifetime, once, at the
     *                            first fetch
     * @param ringParameter       the SecureString name, or null where this function must not sign (authorizer)
     * @param publicKeysParameter the String parameter name
     */
    public SsmKeys(Supplier<SSMProvider> newProvider, String ringParameter, String publicKeysParameter) {
        this.newProvider = Objects.requireNonNull(newProvider, "newProvider");
        this.ringParameter = ringParameter;
        this.publicKeysParameter = Objects.requireNonNull(publicKeysParameter, "publicKeysParameter");
    }

    @Override
    public KeyRing ring() {
        if (ringParameter == null) {
            throw new KeysUnavailableException("this function has no signing key parameter");
        }
        String text = fetch(ringParameter, true);
        Parsed<KeyRing> current = ring;
        if (current == null || !current.text().equals(text)) {
            current = new Parsed<>(text, parse(ringParameter, text, KeyRing::fromJson));
            ring = current;
        }
        return current.value();
    }

    @Override
    public Map<String, ECPublicKey> keys() {
        String text = fetch(publicKeysParameter, false);
        Parsed<Map<String, ECPublicKey>> current = publicKeys;
        if (current == null || !current.text().equals(text)) {
            current = new Parsed<>(text, parse(publicKeysParameter, text, Jwks::parse));
            publicKeys = current;
        }
        return current.value();
    }

    private String fetch(String name, boolean decrypt) {
        try {
            SSMProvider ssm = provider();
            String value = decrypt ? ssm.withDecryption().get(name) : ssm.get(name);
            if (value == null || value.isBlank()) {
                throw new KeysUnavailableException("SSM parameter " + name + " is empty");
            }
            return value;
        } catch (KeysUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SDK's message names the parameter and the AWS error, never its value.
            throw new KeysUnavailableException("cannot read SSM parameter " + name + ": " + e.getMessage(), e);
        }
    }

    private SSMProvider provider() {
        SSMProvider current = provider;
        if (current == null) {
            synchronized (this) {
                current = provider;
                if (current == null) {
                    current = newProvider.get();
                    provider = current;
                }
            }
        }
        return current;
    }

    private static <T> T parse(String name, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            // The parsers' messages are content-free; the text itself holds key material.
            throw new KeysUnavailableException("SSM parameter " + name + " is not valid: " + e.getMessage());
        }
    }
}
