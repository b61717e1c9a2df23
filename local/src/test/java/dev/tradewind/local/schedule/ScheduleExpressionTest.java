package dev.tradewind.local.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

    private static Instant next(String expression, String after) {
        return ScheduleExpression.parse(expression, ZoneOffset.UTC).nextAfter(Instant.parse(after)).orElseThrow();
    }

    @Test
    void rate_addsTheInterval() {
        assertEquals(Instant.parse("2022-01-03T01:00:00Z"), next("rate(1 hour)", "2022-01-03T00:00:00Z"));
        assertEquals(Instant.parse("2022-01-03T00:15:00Z"), next("rate(15 minutes)", "2022-01-03T00:00:00Z"));
        assertEquals(Instant.parse("2022-01-05T00:00:00Z"), next("rate(2 days)", "2022-01-03T00:00:00Z"));
    }

    @Test
    void rate_unitMustAgreeWithValue() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("rate(1 hours)", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("rate(0 minutes)", ZoneOffset.UTC));
    }

    @Test
    void cron_hourlyAtMinuteFive() {
        assertEquals(Instant.parse("2022-01-03T00:05:00Z"), next("cron(5 * * * ? *)", "2022-01-03T00:00:00Z"));
        assertEquals(Instant.parse("2022-01-03T01:05:00Z"), next("cron(5 * * * ? *)", "2022-01-03T00:05:00Z"));
    }

    @Test
    void cron_weekdaysAfterUsClose_skipsTheWeekend() {
        // 2022-01-07 is a Friday; MON-FRI in AWS numbering is 2-6.
        String expression = "cron(30 21 ? * MON-FRI *)";
        assertEquals(Instant.parse("2022-01-07T21:30:00Z"), next(expression, "2022-01-07T12:00:00Z"));
        assertEquals(Instant.parse("2022-01-10T21:30:00Z"), next(expression, "2022-01-07T21:30:00Z"));
        assertEquals(Instant.parse("2022-01-10T21:30:00Z"), next("cron(30 21 ? * 2-6 *)", "2022-01-07T21:30:00Z"));
    }

    @Test
    void cron_inTimeZone() {
        var expression = ScheduleExpression.parse("cron(0 17 ? * MON-FRI *)", ZoneId.of("America/New_York"));
        assertEquals(Optional.of(Instant.parse("2022-01-03T22:00:00Z")),
                expression.nextAfter(Instant.parse("2022-01-03T12:00:00Z")));
    }

    @Test
    void cron_stepsListsAndMonths() {
        assertEquals(Instant.parse("2022-03-01T00:00:00Z"), next("cron(0 0 1 MAR,JUN ? *)", "2022-01-15T00:00:00Z"));
        assertEquals(Instant.parse("2022-01-03T00:20:00Z"), next("cron(0/20 * * * ? *)", "2022-01-03T00:00:00Z"));
    }

    @Test
    void cron_unsupportedOrMalformed_isRejected() {
        var last = assertThrows(IllegalArgumentException.class,
                () -> ScheduleExpression.parse("cron(0 0 L * ? *)", ZoneOffset.UTC));
        assertTrue(last.getMessage().contains("not supported"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 0 * * *)", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 0 * * * *)", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 25 * * ? *)", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("every hour", ZoneOffset.UTC));
    }

    @Test
    void at_firesOnceInItsZone() {
        var at = ScheduleExpression.parse("at(2022-01-03T09:00:00)", ZoneOffset.UTC);
        assertEquals(Optional.of(Instant.parse("2022-01-03T09:00:00Z")), at.nextAfter(Instant.parse("2022-01-03T00:00:00Z")));
        assertEquals(Optional.empty(), at.nextAfter(Instant.parse("2022-01-03T09:00:00Z")));
    }
}
