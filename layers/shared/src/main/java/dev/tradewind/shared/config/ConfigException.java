package dev.tradewind.shared.config;

/** A function's configuration is missing or invalid; thrown at init so a misconfigured function fails fast. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
