package dev.tradewind.auth.domain.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.auth.FixedBytesRandom;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery staple";

    /*
     * Produced by the Argon2 reference implementation's CLI (Debian package argon2), e.g.
     *   printf %s 'correct horse battery staple' | argon2 somesaltsomesalt -id -t 2 -k 19456 -p 1 -l 32 -e
     */
    private static final String REFERENCE_OWASP =
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y";
    private static final String REFERENCE_64MIB_4_LANES =
            "$argon2id$v=19$m=65536,t=3,p=4$YW5vdGhlcnNhbHR2YWx1ZQ$aCsP7Pwb+0LCuxlKfpKdjRpxLhEQolJ63bWj7n38j1M";
    private static final String REFERENCE_SHORT_SALT_AND_HASH =
            "$argon2id$v=19$m=4096,t=1,p=2$c2FsdHNhbHQ$L0JE2JBHbdLz1UbCpVSk6g";
    /** Over the UTF-8 of the NFC form of "p\u00e4ssw\u00f6rd-\u00fcn\u00efcode". */
    private static final String REFERENCE_UNICODE =
            "$argon2id$v=19$m=1024,t=2,p=1$dW5pY29kZXNhbHR2YWx1ZQ$SixBqW3Fy326V2TMqvqwpU4rNXyUNtJfxv0bnVbnpgg";
    private static final String REFERENCE_ARGON2I =
            "$argon2i$v=19$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$lb88+/fGadH75Lx8QJx2u8GQdiz4CH8SQPprk3jhsEk";
    private static final String REFERENCE_VERSION_16 =
            "$argon2id$v=16$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$MqtWClKyrSVsLZR770VY8Gd6g24NTFkVCu8WyqTYYfc";

    /** Keeps most tests fast; the OWASP cost is exercised where it matters. */
    private static final Argon2Cost CHEAP = new Argon2Cost(64, 1, 1);

    private final PasswordHasher cheap = new PasswordHasher(CHEAP, new SecureRandom());

    @Test
    void hash_owaspDefaultWithKnownSalt_matchesReferenceImplementation() {
        SecureRandom salt = new FixedBytesRandom("somesaltsomesalt".getBytes(StandardCharsets.US_ASCII));

        assertEquals(REFERENCE_OWASP, new PasswordHasher(Argon2Cost.OWASP, salt).hash(PASSWORD));
    }

    @Test
    void hash_defaultCost_isPhcStringWithOwaspParameters() {
        String encoded = new PasswordHasher(Argon2Cost.OWASP, new SecureRandom()).hash(PASSWORD);

        assertTrue(encoded.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"),
                "unexpected format");
    }

    @Test
    void hash_samePasswordTwice_differentSalts() {
        assertNotEquals(cheap.hash(PASSWORD), cheap.hash(PASSWORD));
    }

    @Test
    void verify_correctAndWrongPassword() {
        String encoded = cheap.hash(PASSWORD);

        assertTrue(cheap.verify(PASSWORD, encoded));
        assertFalse(cheap.verify(PASSWORD + " ", encoded));
        assertFalse(cheap.verify("", encoded));
        assertFalse(cheap.verify(null, encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {REFERENCE_OWASP, REFERENCE_64MIB_4_LANES, REFERENCE_SHORT_SALT_AND_HASH})
    void verify_referenceHashWithOtherParameters_usesStoredParameters(String reference) {
        assertTrue(cheap.verify(PASSWORD, reference));
        assertFalse(cheap.verify("correct horse battery stapler", reference));
    }

    @Test
    void verify_composedOrDecomposedUnicode_bothMatch() {
        String composed = "p\u00e4ssw\u00f6rd-\u00fcn\u00efcode";
        String decomposed = "pa\u0308ssw\u00f6rd-u\u0308ni\u0308code";

        assertTrue(cheap.verify(composed, REFERENCE_UNICODE));
        assertTrue(cheap.verify(decomposed, REFERENCE_UNICODE));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        REFERENCE_ARGON2I, REFERENCE_VERSION_16, "", "$argon2id$v=19$", "plaintext",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y$",
        "$argon2id$v=19$t=1,m=64,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=064,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=64,t=1,p=1,keyid=x$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=64,t=1000,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA==$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$ISO7kkvFzh19GM8qB7pat",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRz-21lc2FsdA$ISO7kkvFzh19GM8qB7patN3C3Y9HHsjlVTfEZ9T600Y"})
    void verify_unsupportedOrMalformedHash_refusedWithoutEchoingIt(String encoded) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cheap.verify(PASSWORD, encoded));

        assertEquals("not a supported Argon2id PHC string", e.getMessage());
    }

    @Test
    void verify_nullHash_refused() {
        assertThrows(IllegalArgumentException.class, () -> cheap.verify(PASSWORD, null));
    }

    @Test
    void needsRehash_onlyWhenParametersOrSizesDiffer() {
        PasswordHasher owasp = new PasswordHasher(Argon2Cost.OWASP, new SecureRandom());

        assertFalse(owasp.needsRehash(REFERENCE_OWASP));
        assertTrue(owasp.needsRehash(REFERENCE_64MIB_4_LANES));
        assertTrue(owasp.needsRehash(REFERENCE_SHORT_SALT_AND_HASH));
        assertTrue(cheap.needsRehash(REFERENCE_OWASP));
        assertFalse(cheap.needsRehash(cheap.hash(PASSWORD)));
    }

    @Test
    void dummyVerify_alwaysFalse() {
        assertFalse(cheap.dummyVerify(PASSWORD));
        assertFalse(cheap.dummyVerify(""));
        assertFalse(cheap.dummyVerify(null));
    }

    @Test
    void hash_overlongOrNullPassword_refused() {
        String overlong = "a".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1);

        assertThrows(IllegalArgumentException.class, () -> cheap.hash(overlong));
        assertThrows(IllegalArgumentException.class, () -> cheap.hash(null));
        assertFalse(cheap.verify(overlong, cheap.hash("a".repeat(PasswordHasher.MAX_PASSWORD_CHARS))));
    }

    @Test
    void argon2Cost_outOfBounds_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(7, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(64, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(64, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(64, 1, 9));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(Argon2Cost.MAX_MEMORY_KIB + 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(64, Argon2Cost.MAX_ITERATIONS + 1, 1));
    }
}
