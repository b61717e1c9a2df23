package dev.tradewind.shared.id;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * ULIDs: 48-bit millisecond time from the injected clock and 80 random bits, in Crockford base32 (26 chars).
 * They sort by creation time, which makes them good DynamoDB sort keys, and the time part follows the replay clock.
 */
public final class Ulid implements IdGenerator {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private final Clock clock;

    public Ulid(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String newId() {
        byte[] random = new byte[10];
        Randomness.fill(random);
        return encode(clock.millis(), random);
    }

    /** Whether {@code text} is shaped like a ULID (26 upper-case Crockford base32 characters). */
    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /**
     * The ULID of a given millisecond and 80 bits of {@code random} (10 bytes). Public so that records whose identity
     * is derived (e.g. a trade id from its fill time and a hash of its origin) still sort by time like every id.
     */
    public static String encode(long epochMillis, byte[] random) {
        if (random.length != 10) {
            throw new IllegalArgumentException("a ULID takes exactly 10 random bytes");
        }
        if (epochMillis < 0 || epochMillis >= (1L << 48)) {
            throw new IllegalArgumentException("time out of ULID range: " + epochMillis);
        }
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits become 16 base32 characters, 5 bits at a time from the most significant end.
        long high = ((random[0] & 0xFFL) << 32) | ((random[1] & 0xFFL) << 24) | ((random[2] & 0xFFL) << 16)
                | ((random[3] & 0xFFL) << 8) | (random[4] & 0xFFL);
        long low = ((random[5] & 0xFFL) << 32) | ((random[6] & 0xFFL) << 24) | ((random[7] & 0xFFL) << 16)
                | ((random[8] & 0xFFL) << 8) | (random[9] & 0xFFL);
        for (int i = 0; i < 8; i++) {
            out[10 + i] = ALPHABET[(int) ((high >>> (35 - 5 * i)) & 31)];
            out[18 + i] = ALPHABET[(int) ((low >>> (35 - 5 * i)) & 31)];
        }
        return new String(out);
    }

    /**
     * Randomness that stays unique after a SnapStart restore: NativePRNGNonBlocking mixes fresh /dev/urandom bytes
     * into every call, so a snapshot of its state cannot make two restored instances return the same bytes.
     * Created on first use, never at class init.
     */
    public static final class Randomness {
        private Randomness() {
        }

        public static void fill(byte[] bytes) {
            Holder.RANDOM.nextBytes(bytes);
        }

        private static final class Holder {
            private static final SecureRandom RANDOM = create();

            private static SecureRandom create() {
                try {
                    return SecureRandom.getInstance("NativePRNGNonBlocking");
                } catch (NoSuchAlgorithmException e) {
                    return new SecureRandom();
                }
            }
        }
    }
}
