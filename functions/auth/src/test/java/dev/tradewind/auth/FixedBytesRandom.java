package dev.tradewind.auth;

import java.io.Serial;
import java.security.SecureRandom;

/** Test double: a "random" source that repeats a known byte pattern, to pin outputs. */
public final class FixedBytesRandom extends SecureRandom {

    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] pattern;

    public FixedBytesRandom(byte[] pattern) {
        this.pattern = pattern.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = pattern[i % pattern.length];
        }
    }
}
