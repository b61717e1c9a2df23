package dev.tradewind.auth.domain.refresh;

/**
 * A newly issued refresh token and the family state to persist with it.
 *
 * @param token  the bearer value for the client, shown once and never stored; omitted from {@link #toString()}
 * @param family the family with {@code currentTokenHash} set to this token's storage hash
 */
public record Rotation(String token, RefreshFamily family) {

    @Override
    public String toString() {
        return "Rotation[family=" + family + "]";
    }
}
