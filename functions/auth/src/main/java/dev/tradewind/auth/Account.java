package dev.tradewind.auth;

import java.time.Instant;

/** A trader's account as the API shows it. Holds nothing secret. */
record Account(String userId, String email, String displayName, Instant createdAt) {
}
