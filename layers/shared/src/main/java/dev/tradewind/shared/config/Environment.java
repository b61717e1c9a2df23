package dev.tradewind.shared.config;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment variables and the clocks a function runs with.
 *
 * <p>In Lambda each function is its own process, so the process environment and the system clock are the function's.
 * The local runtime runs every function in one JVM, each in its own class loader with its own copy of this class,
 * and calls {@link #install} on that copy to give the function its template variables and the shared replay clock;
 * the {@link #wallClock} stays the real one there too.
 */
public final class Environment {

    private static volatile Environment current = new Environment(System.getenv(), Clock.systemUTC());

    private final Map<String, String> variables;
    private final Clock clock;
    private final Clock wallClock;

    /** With the real time as the {@link #wallClock}. */
    public Environment(Map<String, String> variables, Clock clock) {
        this(variables, clock, Clock.systemUTC());
    }

    /** @param wallClock the {@link #wallClock}, which a test moves apart from {@code clock} */
    public Environment(Map<String, String> variables, Clock clock, Clock wallClock) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    public static Environment current() {
        return current;
    }

    /** Called reflectively by a host that runs several functions in one JVM; see the class comment. */
    public static void install(Map<String, String> variables, Clock clock) {
        current = new Environment(variables, clock);
    }

    /** "Now" for everything a function does: market time, which the local runtime replays faster than real time. */
    public Clock clock() {
        return clock;
    }

    /**
     * The real time, even where {@link #clock} replays the market: only for deadlines of the infrastructure (a Lambda
     * timeout, an asynchronous event's age), which pass in real time on the local runtime too. Never for market time
     * or anything a user sees.
     */
    public Clock wallClock() {
        return wallClock;
    }

    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String require(String name) {
        return optional(name).orElseThrow(() -> new ConfigException("Missing required environment variable " + name));
    }

    public String get(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int getInt(String name, int defaultValue) {
        return optional(name).map(value -> parseInt(name, value)).orElse(defaultValue);
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        return optional(name).map(value -> switch (value.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be true or false, was '" + value + "'");
        }).orElse(defaultValue);
    }

    /** A decimal number such as {@code 0.1}, within [min, max]. */
    public BigDecimal getDecimal(String name, BigDecimal defaultValue, BigDecimal min, BigDecimal max) {
        return optional(name).map(value -> {
            BigDecimal parsed;
            try {
                parsed = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a number, was '" + value + "'");
            }
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw new ConfigException(name + " must be between " + min.toPlainString() + " and "
                        + max.toPlainString() + ", was '" + value + "'");
            }
            return parsed;
        }).orElse(defaultValue);
    }

    /** ISO-8601 durations such as {@code PT15M}. */
    public Duration getDuration(String name, Duration defaultValue) {
        return optional(name).map(value -> {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + " must be an ISO-8601 duration such as PT15M, was '" + value + "'");
            }
        }).orElse(defaultValue);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer, was '" + value + "'");
        }
    }
}
