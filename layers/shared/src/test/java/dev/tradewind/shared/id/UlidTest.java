package dev.tradewind.shared.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UlidTest {

    @Test
    void encode_knownValues_matchTheUlidSpecification() {
        assertEquals("00000000000000000000000000", Ulid.encode(0, new byte[10]));
        byte[] ones = new byte[10];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertEquals("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", Ulid.encode((1L << 48) - 1, ones));
        // 1469918176385 ms is the example time in the ULID specification: 01ARYZ6S41.
        assertEquals("01ARYZ6S41", Ulid.encode(1469918176385L, new byte[10]).substring(0, 10));
    }

    @Test
    void isValid_acceptsOnlyCrockfordUlids() {
        assertTrue(Ulid.isValid(new Ulid(Clock.systemUTC()).newId()));
        assertFalse(Ulid.isValid("01JGXR0A5T6Y7Z8B9C0D1E2F3"));
        assertFalse(Ulid.isValid("01JGXR0A5T6Y7Z8B9C0D1E2F3I"));
        assertFalse(Ulid.isValid("01jgxr0a5t6y7z8b9c0d1e2f3g"));
        assertFalse(Ulid.isValid(null));
    }

    @Test
    void encode_timeOutOfRange_rejected() {
        assertThrows(IllegalArgumentException.class, () -> Ulid.encode(-1, new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> Ulid.encode(1L << 48, new byte[10]));
    }

    @Test
    void newId_sortsByClockTimeAndIsUnique() {
        var early = new Ulid(Clock.fixed(Instant.parse("2021-01-01T00:00:00Z"), ZoneOffset.UTC));
        var late = new Ulid(Clock.fixed(Instant.parse("2021-01-01T00:00:00.001Z"), ZoneOffset.UTC));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = early.newId();
            assertEquals(26, id.length());
            assertTrue(id.matches("[0-9A-HJKMNP-TV-Z]{26}"), id);
            ids.add(id);
        }
        assertEquals(10_000, ids.size());
        assertTrue(late.newId().compareTo(early.newId()) > 0);
    }
}
