package dev.tradewind.auth.domain;

import java.time.Instant;

/** A trader's account: who it is and how they are shown. Holds nothing secret. */
public record Account(String userId, String email, String displayName, Instant createdAt) {
}
