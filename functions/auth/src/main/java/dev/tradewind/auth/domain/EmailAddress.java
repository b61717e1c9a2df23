package dev.tradewind.auth.domain;

import java.util.Locale;
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

    public static String normalize(String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
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
