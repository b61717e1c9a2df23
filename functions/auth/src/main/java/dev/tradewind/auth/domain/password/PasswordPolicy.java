package dev.tradewind.auth.domain.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for choosing a new password (registration, change, reset): length counted in Unicode code
 * points after {@link PasswordText#normalize normalisation}, and not a commonly used password.
 * No composition rules (digits, symbols…), in line with NIST SP 800-63B.
 *
 * <p>The common-password list is a bundled resource (origin and licence in the README beside it),
 * read once on first use and then shared; it is constant data, so it is safe in a SnapStart snapshot.
 */
public final class PasswordPolicy {

    public static final int DEFAULT_MIN_CODE_POINTS = 10;
    /** Bounds the hashing input and stops the field being used to smuggle megabytes. */
    public static final int DEFAULT_MAX_CODE_POINTS = 128;

    private static final String COMMON_PASSWORDS = "common-passwords.txt";

    private final int minCodePoints;
    private final int maxCodePoints;

    public PasswordPolicy(int minCodePoints, int maxCodePoints) {
        if (minCodePoints < 1 || maxCodePoints < minCodePoints) {
            throw new IllegalArgumentException("invalid length bounds");
        }
        this.minCodePoints = minCodePoints;
        this.maxCodePoints = maxCodePoints;
    }

    public static PasswordPolicy standard() {
        return new PasswordPolicy(DEFAULT_MIN_CODE_POINTS, DEFAULT_MAX_CODE_POINTS);
    }

    public int minCodePoints() {
        return minCodePoints;
    }

    public int maxCodePoints() {
        return maxCodePoints;
    }

    /** @return the violations, empty if the password is acceptable (null counts as too short) */
    public Set<PasswordViolation> check(String password) {
        if (password == null) {
            return Collections.unmodifiableSet(EnumSet.of(PasswordViolation.TOO_SHORT));
        }
        Set<PasswordViolation> violations = EnumSet.noneOf(PasswordViolation.class);
        // Over the hasher's hard cap can never be stored, whatever the code point count says.
        if (password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            violations.add(PasswordViolation.TOO_LONG);
            return Collections.unmodifiableSet(violations);
        }
        String normalized = PasswordText.normalize(password);
        int codePoints = normalized.codePointCount(0, normalized.length());
        if (codePoints < minCodePoints) {
            violations.add(PasswordViolation.TOO_SHORT);
        }
        if (codePoints > maxCodePoints) {
            violations.add(PasswordViolation.TOO_LONG);
        }
        if (CommonList.ENTRIES.contains(normalized.toLowerCase(Locale.ROOT))) {
            violations.add(PasswordViolation.COMMON);
        }
        return Collections.unmodifiableSet(violations);
    }

    /** Whether two passwords are one: equal in the form they are hashed in, so NFC and NFD spellings are the same. */
    public boolean samePassword(String password, String other) {
        return PasswordText.normalize(password).equals(PasswordText.normalize(other));
    }

    /** Lazy holder: only functions that check new passwords pay for loading the list. */
    private static final class CommonList {
        static final Set<String> ENTRIES = load();

        private static Set<String> load() {
            try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + COMMON_PASSWORDS);
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
                // Sized for the ~49k bundled entries so the table never rehashes while loading.
                Set<String> entries = new HashSet<>(1 << 17);
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isEmpty()) {
                        entries.add(line.toLowerCase(Locale.ROOT));
                    }
                }
                return Collections.unmodifiableSet(entries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + COMMON_PASSWORDS, e);
            }
        }
    }
}
