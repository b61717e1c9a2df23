package dev.tradewind.auth.domain;

import java.time.Instant;

/**
 * What login looks up by email: whose account it is and the password hash (Argon2id PHC string, parameters
 * included). The hash never leaves the service and {@link #toString()} omits it.
 */
public record Credential(String email, String userId, String passwordHash, Instant createdAt) {

    public Credential withPasswordHash(String newHash) {
        return new Credential(email, userId, newHash, createdAt);
    }

    @Override
    public String toString() {
        return "Credential[userId=" + userId + "]";
    }
}
