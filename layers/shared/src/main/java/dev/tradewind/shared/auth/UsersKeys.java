package dev.tradewind.shared.auth;

/**
 * The keys of the users table that more than one function reads: a user's partition and a sign-in session in it.
 * The auth function writes them; the authorizer and the realtime fan-out read a session through them
 * ({@link DynamoActiveSessions}).
 */
public final class UsersKeys {

    private UsersKeys() {
    }

    public static String userKey(String userId) {
        return "USER#" + userId;
    }

    /** A sign-in session (a refresh token family) in its user's partition. */
    public static String sessionSortKey(String sessionId) {
        return "SESSION#" + sessionId;
    }
}
