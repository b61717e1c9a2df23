package dev.tradewind.realtime.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.validation.FieldRules;
import java.util.Objects;
import java.util.Optional;

/**
 * A channel a connection subscribes to (docs/realtime.md#websocket-api), as the client spells it ({@link #name()})
 * and as the {@code ByChannel} index keys its subscribers ({@link #key(String)}).
 */
public sealed interface Channel {

    /** What starts the index key of a user's own channel ({@link Me}); no other channel's key has a '#'. */
    String ME_PREFIX = "me#";

    /** What a channel that is none of these is told. */
    String RULE = "must be candles:<SYMBOL>:<interval>, forecast:<SYMBOL>:<interval>, signals:<class> or me"
            + " (interval 1h or 1d, class crypto or stock)";

    /** The channel as the client spells it, and as every message on it names it. */
    String name();

    /**
     * The index key of its subscriptions, for the connection of {@code userId}: the name itself, except {@code me},
     * whose key names the user, so that nobody else's events can reach it.
     */
    default String key(String userId) {
        return name();
    }

    /** A channel of one instrument: the catalog must know its symbol, with this interval. */
    sealed interface OfInstrument extends Channel {
        String symbol();

        Interval interval();
    }

    record Candles(String symbol, Interval interval) implements OfInstrument {
        public Candles {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public String name() {
            return "candles:" + symbol + ":" + interval.code();
        }
    }

    record Forecast(String symbol, Interval interval) implements OfInstrument {
        public Forecast {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public String name() {
            return "forecast:" + symbol + ":" + interval.code();
        }
    }

    record Signals(AssetClass assetClass) implements Channel {
        public Signals {
            Objects.requireNonNull(assetClass, "assetClass");
        }

        @Override
        public String name() {
            return "signals:" + assetClass.code();
        }
    }

    /** The caller's own events. */
    record Me() implements Channel {
        public static final String NAME = "me";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String key(String userId) {
            return meKey(userId);
        }
    }

    /** The user whose own channel {@code key} is the index key of; empty for a channel that is not per user. */
    static Optional<String> userOfKey(String key) {
        return key.startsWith(ME_PREFIX) ? Optional.of(key.substring(ME_PREFIX.length())) : Optional.empty();
    }

    /** The index key of {@code userId}'s own channel. */
    static String meKey(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("the me channel needs a user");
        }
        return ME_PREFIX + userId;
    }

    /** The channel {@code text} spells exactly (nothing is trimmed or case-folded), or empty. */
    static Optional<Channel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.equals(Me.NAME)) {
            return Optional.of(new Me());
        }
        String[] parts = text.split(":", -1);
        return switch (parts[0]) {
            case "candles", "forecast" -> {
                if (parts.length != 3 || !FieldRules.isSymbol(parts[1])) {
                    yield Optional.empty();
                }
                yield Interval.parse(parts[2]).map(interval -> parts[0].equals("candles")
                        ? new Candles(parts[1], interval) : new Forecast(parts[1], interval));
            }
            case "signals" -> parts.length != 2 ? Optional.empty()
                    : AssetClass.parse(parts[1]).map(Signals::new);
            default -> Optional.empty();
        };
    }
}
