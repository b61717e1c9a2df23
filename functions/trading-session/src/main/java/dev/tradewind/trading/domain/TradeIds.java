package dev.tradewind.trading.domain;

import dev.tradewind.shared.id.Ulid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Trade ids are ULIDs whose time is the fill time and whose random part is a hash of what the trade is the fill of,
 * so they sort by fill time and the same fill always gets the same id: writing it twice is refused by its
 * {@code attribute_not_exists} condition (an order can never fill twice; a re-imported row is recognised).
 */
public final class TradeIds {

    private TradeIds() {
    }

    /** The fill of a paper order (an order fills at most once). */
    public static String paper(String orderId, Instant filledAt) {
        return Ulid.encode(filledAt.toEpochMilli(), Arrays.copyOf(sha256("paper\n" + orderId), 10));
    }

    /** An imported row, identified by the journal it goes into and its content (and occurrence in the file). */
    public static String imported(String sessionId, String identity, Instant filledAt) {
        return Ulid.encode(filledAt.toEpochMilli(), Arrays.copyOf(sha256("import\n" + sessionId + "\n" + identity), 10));
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }
}
