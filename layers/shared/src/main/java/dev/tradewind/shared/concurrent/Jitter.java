package dev.tradewind.shared.concurrent;

import dev.tradewind.shared.id.Ulid;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Full jitter for back-off: a wait drawn uniformly from {@code [0, cap]}. The draw is seeded per call from
 * {@link Ulid.Randomness}, not from {@code ThreadLocalRandom}, whose per-thread seeds come from a static seeder that a
 * SnapStart snapshot holds: instances restored from one snapshot would then draw the same waits and retry in step,
 * which is what jitter exists to prevent.
 */
public final class Jitter {

    private Jitter() {
    }

    /** A uniformly random number of milliseconds from 0 to {@code capMillis}, both included. */
    public static long millisUpTo(long capMillis) {
        if (capMillis < 0) {
            throw new IllegalArgumentException("cap must not be negative: " + capMillis);
        }
        byte[] seed = new byte[Long.BYTES];
        Ulid.Randomness.fill(seed);
        return new SplittableRandom(ByteBuffer.wrap(seed).getLong()).nextLong(capMillis + 1);
    }
}
