package dev.tradewind.stub;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One injected misbehaviour of the stub: which endpoint and symbol it hits, what happens, and how many times
 * ({@code times < 0}: until cleared). Built with the static factories, e.g.
 * {@code Fault.status(Endpoint.KLINES, "ETHUSDT", 429).retryAfter(1).times(1)}.
 */
public final class Fault {

    /** The stub's routes a fault can target. */
    public enum Endpoint {
        KLINES, EXCHANGE_INFO, CHART, ANY;

        static Endpoint parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** What the stub does instead of (or to) its normal answer. */
    public enum Kind {
        /** Answers with {@link #status} (e.g. 429, 418, 500) and the venue's error body, plus Retry-After if set. */
        STATUS,
        /** Waits {@link #delayMillis} before answering normally, so a client with a shorter timeout gives up. */
        DELAY,
        /** 200 with a body that is not valid JSON (cut in half, correct Content-Length). */
        MALFORMED_JSON,
        /** 200 whose Content-Length promises the whole body, then the connection closes half-way. */
        TRUNCATED,
        /** 200 with no body at all. */
        EMPTY_BODY,
        /** 200 with a well-formed answer holding no bars ({@code []}, or a chart without timestamps). */
        EMPTY_LIST,
        /**
         * The normal answer with one bar made invalid ({@link #variant}: HIGH_BELOW_LOW, NAN, NEGATIVE,
         * CLOSE_ABOVE_HIGH, HUGE).
         */
        INVALID_BAR,
        /** Yahoo only: the normal answer with one extra bar whose values are all null, as Yahoo pads some ranges. */
        NULL_BAR,
        /** The normal answer with the used-weight header reporting {@link #weight}. */
        USED_WEIGHT
    }

    private final Endpoint endpoint;
    private final String symbol;
    private final Kind kind;
    private int status;
    private int retryAfterSeconds = -1;
    private long delayMillis;
    private int weight;
    private String variant = "HIGH_BELOW_LOW";
    private int barIndex = -1;
    private final AtomicInteger remaining = new AtomicInteger(-1);

    private Fault(Endpoint endpoint, String symbol, Kind kind) {
        this.endpoint = endpoint;
        this.symbol = symbol;
        this.kind = kind;
    }

    public static Fault of(Endpoint endpoint, String symbol, Kind kind) {
        return new Fault(endpoint, symbol, kind);
    }

    public static Fault status(Endpoint endpoint, String symbol, int status) {
        Fault fault = new Fault(endpoint, symbol, Kind.STATUS);
        fault.status = status;
        return fault;
    }

    public static Fault delay(Endpoint endpoint, String symbol, long millis) {
        Fault fault = new Fault(endpoint, symbol, Kind.DELAY);
        fault.delayMillis = millis;
        return fault;
    }

    public static Fault usedWeight(Endpoint endpoint, int weight) {
        Fault fault = new Fault(endpoint, null, Kind.USED_WEIGHT);
        fault.weight = weight;
        return fault;
    }

    public static Fault invalidBar(Endpoint endpoint, String symbol, String variant) {
        Fault fault = new Fault(endpoint, symbol, Kind.INVALID_BAR);
        fault.variant = variant.toUpperCase(Locale.ROOT);
        return fault;
    }

    public Fault retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Fault times(int times) {
        remaining.set(times);
        return this;
    }

    /** Which bar of the answer INVALID_BAR or NULL_BAR alters (default: the middle one). */
    public Fault barIndex(int index) {
        this.barIndex = index;
        return this;
    }

    public Fault status(int code) {
        this.status = code;
        return this;
    }

    public Fault delayMillis(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public Fault weight(int value) {
        this.weight = value;
        return this;
    }

    public Fault variant(String name) {
        this.variant = name.toUpperCase(Locale.ROOT);
        return this;
    }

    boolean matches(Endpoint requested, String requestedSymbol) {
        return (endpoint == Endpoint.ANY || endpoint == requested)
                && (symbol == null || symbol.equals("*") || symbol.equalsIgnoreCase(requestedSymbol));
    }

    /** Takes one use of this fault; false once it is used up. */
    boolean consume() {
        while (true) {
            int left = remaining.get();
            if (left == 0) {
                return false;
            }
            if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public String symbol() {
        return symbol;
    }

    public Kind kind() {
        return kind;
    }

    public int statusCode() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public long delay() {
        return delayMillis;
    }

    public int reportedWeight() {
        return weight;
    }

    public String variantName() {
        return variant;
    }

    public int bar() {
        return barIndex;
    }

    public int remaining() {
        return remaining.get();
    }

    @Override
    public String toString() {
        return kind + (kind == Kind.STATUS ? " " + status : "") + " on " + endpoint
                + (symbol == null ? "" : " " + symbol) + " (" + (remaining.get() < 0 ? "always" : remaining.get() + " left") + ")";
    }
}
