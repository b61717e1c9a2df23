package dev.tradewind.auth.domain.password;

import dev.tradewind.auth.domain.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (unpadded standard base64),
 * the format of the reference implementation, so each hash carries its own parameters: old hashes
 * keep verifying after the cost is raised, and {@link #needsRehash} says when to upgrade one at login.
 *
 * <p>Thread-safe. Each call allocates {@code memoryKiB} of memory (19 MiB by default) and runs on the
 * calling thread.
 */
public final class PasswordHasher {

    /** Longest input accepted at all, in UTF-16 chars; bounds pre-hashing work on hostile input. */
    public static final int MAX_PASSWORD_CHARS = 1024;

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MAX_SALT_BYTES = 64;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_HASH_BYTES = 64;
    private static final String PREFIX = "$argon2id$v=19$";

    /** Fixed, public salt for {@link #dummyVerify}; it protects nothing, so sharing it is harmless. */
    private static final byte[] DUMMY_SALT = new byte[SALT_BYTES];

    private final Argon2Cost cost;
    private final SecureRandom random;

    /** @param random salt source, read at call time (never at construction) */
    public PasswordHasher(Argon2Cost cost, SecureRandom random) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @throws IllegalArgumentException if the password is null or longer than {@link #MAX_PASSWORD_CHARS} */
    public String hash(String password) {
        if (!acceptable(password)) {
            throw new IllegalArgumentException("password is missing or too long");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, cost, HASH_BYTES);
        String encoded = PREFIX + "m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + '$' + StrictBase64.encodeStandard(salt) + '$' + StrictBase64.encodeStandard(hash);
        Arrays.fill(hash, (byte) 0);
        return encoded;
    }

    /**
     * Checks a password against a stored hash, using the parameters stored in that hash.
     *
     * @return false for a wrong, missing or over-long password
     * @throws IllegalArgumentException if {@code encoded} is not an Argon2id v19 PHC string within
     *                                  {@link Argon2Cost}'s bounds (a data bug, not a login failure)
     */
    public boolean verify(String password, String encoded) {
        Phc stored = Phc.parse(encoded);
        if (!acceptable(password)) {
            return false;
        }
        byte[] actual = argon2(password, stored.salt, stored.cost, stored.hash.length);
        boolean match = MessageDigest.isEqual(actual, stored.hash);
        Arrays.fill(actual, (byte) 0);
        return match;
    }

    /**
     * For logins naming an unknown account: performs the same Argon2 work as {@link #verify} with the
     * current parameters, then fails, so response time does not reveal whether the account exists.
     * Cheap in everything but the hash itself: no stored hash, no lookup, no allocation beyond Argon2's.
     *
     * @return always false
     */
    public boolean dummyVerify(String password) {
        if (acceptable(password)) {
            Arrays.fill(argon2(password, DUMMY_SALT, cost, HASH_BYTES), (byte) 0);
        }
        return false;
    }

    /** True when the stored hash was made with other parameters or sizes than this hasher uses now. */
    public boolean needsRehash(String encoded) {
        Phc stored = Phc.parse(encoded);
        return !stored.cost.equals(cost) || stored.salt.length != SALT_BYTES || stored.hash.length != HASH_BYTES;
    }

    private static boolean acceptable(String password) {
        return password != null && password.length() <= MAX_PASSWORD_CHARS;
    }

    private static byte[] argon2(String password, byte[] salt, Argon2Cost cost, int hashBytes) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] secret = PasswordText.normalize(password).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[hashBytes];
        generator.generateBytes(secret, out);
        // Best effort only: the String copies cannot be wiped in Java.
        Arrays.fill(secret, (byte) 0);
        return out;
    }

    /** A parsed PHC string; its default toString shows array identities, never salt or hash bytes. */
    private record Phc(Argon2Cost cost, byte[] salt, byte[] hash) {

        static Phc parse(String encoded) {
            if (encoded == null || !encoded.startsWith(PREFIX)) {
                throw malformed();
            }
            // What follows the prefix: "m=…,t=…,p=…" "$" salt "$" hash
            String[] sections = encoded.substring(PREFIX.length()).split("\\$", -1);
            if (sections.length != 3) {
                throw malformed();
            }
            String[] parameters = sections[0].split(",", -1);
            if (parameters.length != 3) {
                throw malformed();
            }
            Argon2Cost cost;
            byte[] salt;
            byte[] hash;
            try {
                cost = new Argon2Cost(
                        decimal(parameters[0], "m="), decimal(parameters[1], "t="), decimal(parameters[2], "p="));
                salt = StrictBase64.decodeStandard(sections[1]);
                hash = StrictBase64.decodeStandard(sections[2]);
            } catch (IllegalArgumentException e) {
                throw malformed();
            }
            if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES
                    || hash.length < MIN_HASH_BYTES || hash.length > MAX_HASH_BYTES) {
                throw malformed();
            }
            return new Phc(cost, salt, hash);
        }

        /** PHC decimals: digits only, no sign, no leading zero. */
        private static int decimal(String parameter, String name) {
            if (!parameter.startsWith(name)) {
                throw malformed();
            }
            String digits = parameter.substring(name.length());
            if (digits.isEmpty() || digits.length() > 9 || (digits.length() > 1 && digits.charAt(0) == '0')) {
                throw malformed();
            }
            for (int i = 0; i < digits.length(); i++) {
                if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                    throw malformed();
                }
            }
            return Integer.parseInt(digits);
        }

        private static IllegalArgumentException malformed() {
            // Deliberately content-free: the input is a credential hash.
            return new IllegalArgumentException("not a supported Argon2id PHC string");
        }
    }
}
