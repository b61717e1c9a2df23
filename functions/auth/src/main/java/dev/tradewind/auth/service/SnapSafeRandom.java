package dev.tradewind.auth.service;

import dev.tradewind.shared.id.Ulid;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * The SecureRandom handed to key generation, ECDSA signing, salts and refresh tokens. It holds no state: every
 * byte comes from the shared layer's generator ({@link Ulid.Randomness}: NativePRNGNonBlocking, created on first
 * use and mixing fresh /dev/urandom bytes into each call), so constructing it at init is safe under SnapStart and
 * two restored instances never produce the same salt, token or ECDSA nonce.
 */
public final class SnapSafeRandom extends SecureRandom {

    public SnapSafeRandom() {
        super(new Spi(), null);
    }

    private static final class Spi extends SecureRandomSpi {

        @Override
        protected void engineSetSeed(byte[] seed) {
            // The shared generator seeds itself from the operating system; caller seeds are not needed.
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            Ulid.Randomness.fill(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] seed = new byte[numBytes];
            Ulid.Randomness.fill(seed);
            return seed;
        }
    }
}
