package dev.tradewind.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    private final Clock clock = Clock.fixed(Instant.parse("2021-03-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void require_missingVariable_failsNamingIt() {
        var env = new Environment(Map.of(), clock);
        var error = assertThrows(ConfigException.class, () -> env.require("USERS_TABLE"));
        assertEquals("Missing required environment variable USERS_TABLE", error.getMessage());
    }

    @Test
    void wallClock_isTheRealTime_besideAnyOtherClock() {
        assertEquals(Clock.systemUTC(), new Environment(Map.of(), clock).wallClock());
    }

    @Test
    void require_blankVariable_countsAsMissing() {
        var env = new Environment(Map.of("USERS_TABLE", "  "), clock);
        assertThrows(ConfigException.class, () -> env.require("USERS_TABLE"));
    }

    @Test
    void typedGetters_parseOrFailWithTheVariableName() {
        var env = new Environment(Map.of("LIMIT", "12", "BAD", "x", "TTL", "PT15M", "FLAG", "true"), clock);
        assertEquals(12, env.getInt("LIMIT", 1));
        assertEquals(7, env.getInt("ABSENT", 7));
        assertEquals(Duration.ofMinutes(15), env.getDuration("TTL", Duration.ZERO));
        assertTrue(env.getBoolean("FLAG", false));
        var error = assertThrows(ConfigException.class, () -> env.getInt("BAD", 0));
        assertTrue(error.getMessage().startsWith("BAD must be an integer"));
        assertThrows(ConfigException.class, () -> env.getDuration("BAD", Duration.ZERO));
        assertThrows(ConfigException.class, () -> env.getBoolean("BAD", false));
    }

    @Test
    void install_replacesVariablesAndClockOfThisCopy() {
        Environment before = Environment.current();
        try {
            Environment.install(Map.of("A", "1"), clock);
            assertEquals("1", Environment.current().require("A"));
            assertSame(clock, Environment.current().clock());
        } finally {
            Environment.install(System.getenv(), before.clock());
        }
    }

    @Test
    void getDecimal_parsesWithinBoundsOrFailsNamingTheVariable() {
        var env = new Environment(Map.of("PCT", "0.25", "WORD", "abc", "BIG", "11"), clock);
        assertEquals(new BigDecimal("0.25"), env.getDecimal("PCT", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN));
        assertEquals(BigDecimal.ONE, env.getDecimal("ABSENT", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN));
        assertEquals("WORD must be a number, was 'abc'", assertThrows(ConfigException.class,
                () -> env.getDecimal("WORD", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN)).getMessage());
        assertEquals("BIG must be between 0 and 10, was '11'", assertThrows(ConfigException.class,
                () -> env.getDecimal("BIG", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN)).getMessage());
    }
}
