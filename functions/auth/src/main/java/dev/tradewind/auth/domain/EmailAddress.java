package dev.tradewind.auth.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email addresses as account identifiers: lower-cased (so {@code Ann@Example.com} and {@code ann@example.com} are one
 * account), then checked for a plausible shape. Nothing is trimmed: like every text field (docs/api.md#field-rules)
 * an address is taken as sent, so a padded one is refused rather than silently matched. Deliverability is not
 * checked.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private EmailAddress() {
    }

    /**
     * Lower-cases ASCII letters only: an address is ASCII, and a full Unicode lower-casing would turn the Kelvin sign
     * (U+212A) into an ASCII "k", so that an address not as sent passed for another one.
     */
    public static String normalize(String email) {
        if (email == null) {
            return null;
        }
        StringBuilder normalized = new StringBuilder(email.length());
        email.chars().forEach(c -> normalized.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return normalized.toString();
    }

    /** The normalised address if it is acceptable for a new account. */
    public static Optional<String> valid(String email) {
        String normalized = normalize(email);
        if (normalized == null || normalized.length() > MAX_LENGTH || !SHAPE.matcher(normalized).matches()
                || normalized.startsWith(".") || normalized.contains("..") || normalized.contains(".@")) {
            return Optional.empty();
        }
        return Optional.of(normalized);
    }
}
