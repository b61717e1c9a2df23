package dev.tradewind.auth.api;

/** The request bodies of the account routes. They carry credentials, so their {@code toString()} omits them. */
public final class Requests {

    private Requests() {
    }

    public record RegisterBody(String email, String password, String displayName) {
        @Override
        public String toString() {
            return "RegisterBody[displayName=" + displayName + "]";
        }
    }

    public record LoginBody(String email, String password) {
        @Override
        public String toString() {
            return "LoginBody[]";
        }
    }

    public record RefreshBody(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshBody[]";
        }
    }

    public record ChangePasswordBody(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "ChangePasswordBody[]";
        }
    }

    public record DeleteAccountBody(String password) {
        @Override
        public String toString() {
            return "DeleteAccountBody[]";
        }
    }

    public record UpdateProfileBody(String displayName) {
    }
}
