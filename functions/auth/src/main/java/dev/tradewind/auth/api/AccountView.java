package dev.tradewind.auth.api;

import dev.tradewind.auth.domain.Account;
import java.time.Instant;

/** A trader's account as the API shows it (register, me). Holds nothing secret. */
public record AccountView(String userId, String email, String displayName, Instant createdAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.userId(), account.email(), account.displayName(), account.createdAt());
    }
}
