package dev.tradewind.auth.store.keys;

/** The signing or verification keys could not be obtained. The message names the source, never key material. */
public final class KeysUnavailableException extends RuntimeException {

    public KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeysUnavailableException(String message) {
        super(message);
    }
}
