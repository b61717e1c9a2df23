package dev.tradewind.shared.trading;

import dev.tradewind.shared.id.Ulid;
import java.time.Instant;
import java.util.Arrays;

/**
 * The key layout of the trading table (single-table design), shared by the trading-session function that writes it
 * and the readers in this package. Every key starts with the owner's user id, so a query can only ever reach the
 * caller's own items.
 *
 * <pre>
 * pk                          sk                         what                        gsi1pk / gsi1sk
 * USER#u                      SESSION#&lt;sessionId&gt;       a session (cash, version)
 * USER#u                      JOURNAL_DEFAULT            the default import journal
 * USER#u                      IDEMPOTENCY#SESSION#&lt;sha256(key)&gt; a session creation's key and session id (TTL)
 * USER#u#SESSION#s            POSITION#&lt;symbol&gt;         a position
 * USER#u#SESSION#s            ORDER#&lt;orderId&gt;          an order
 * USER#u#SESSION#s            OPEN#&lt;orderId&gt;           a resting order's book entry
 * USER#u#SESSION#s            TRADE#&lt;tradeId&gt;          a fill                      USER#u#TRADE / tradeId
 * USER#u#SESSION#s            EQUITY#&lt;time&gt;#&lt;fills&gt;#&lt;kind&gt; a point of the equity curve
 * USER#u#SESSION#s            JOURNAL#&lt;entryId&gt;        a journal entry             USER#u#JOURNAL / entryId
 * USER#u#SESSION#s            IDEMPOTENCY#&lt;sha256(key)&gt; an order placement's stored response (TTL)
 * USER#u#SESSION#s            IDEMPOTENCY#JOURNAL#&lt;sha256(key)&gt; a journal entry creation's key and entry id (TTL)
 * </pre>
 *
 * Session, order, trade and journal ids are ULIDs, so sort keys order them by time; a trade id's time part is its
 * fill time.
 */
public final class TradingKeys {

    public static final String INDEX = "gsi1";

    private static final byte[] LOWEST = new byte[10];
    private static final byte[] HIGHEST = new byte[10];

    static {
        Arrays.fill(HIGHEST, (byte) 0xFF);
    }

    private TradingKeys() {
    }

    public static String userPartition(String userId) {
        return "USER#" + userId;
    }

    public static String sessionSortKey(String sessionId) {
        return "SESSION#" + sessionId;
    }

    public static String sessionPartition(String userId, String sessionId) {
        return "USER#" + userId + "#SESSION#" + sessionId;
    }

    public static String tradeSortKey(String tradeId) {
        return "TRADE#" + tradeId;
    }

    public static String userTrades(String userId) {
        return "USER#" + userId + "#TRADE";
    }

    public static String journalSortKey(String entryId) {
        return "JOURNAL#" + entryId;
    }

    public static String userJournal(String userId) {
        return "USER#" + userId + "#JOURNAL";
    }

    /** The smallest ULID of the millisecond of {@code time}: a lower bound for ids created at or after it. */
    public static String idFloor(Instant time) {
        return Ulid.encode(clampMillis(time), LOWEST);
    }

    /** The largest ULID of the millisecond of {@code time}: an upper bound for ids created at or before it. */
    public static String idCeiling(Instant time) {
        return Ulid.encode(clampMillis(time), HIGHEST);
    }

    private static long clampMillis(Instant time) {
        long max = (1L << 48) - 1;
        if (time.isBefore(Instant.EPOCH)) {
            return 0;
        }
        return time.isAfter(Instant.ofEpochMilli(max)) ? max : time.toEpochMilli();
    }
}
