package dev.tradewind.shared.market;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Optional;

/** Candle intervals Tradewind ingests, named as Binance and Yahoo name them. */
public enum Interval {
    H1("1h", Duration.ofHours(1)),
    D1("1d", Duration.ofDays(1));

    private final String code;
    private final Duration duration;

    Interval(String code, Duration duration) {
        this.code = code;
        this.duration = duration;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public Duration duration() {
        return duration;
    }

    @JsonCreator
    public static Interval fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown interval '" + code + "'"));
    }

    public static Optional<Interval> parse(String code) {
        for (Interval interval : values()) {
            if (interval.code.equals(code)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }
}
