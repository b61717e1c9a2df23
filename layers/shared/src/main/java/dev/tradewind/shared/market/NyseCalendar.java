package dev.tradewind.shared.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * US equity sessions: 09:30–16:00 America/New_York on weekdays that are not NYSE holidays. Holidays follow the
 * exchange's rules (observed on the nearest weekday; New Year's Day falling on a Saturday is not observed).
 * One-off closures (e.g. national days of mourning) and early closes are not modelled: a bar on such a day simply
 * closes at 16:00.
 */
public final class NyseCalendar implements MarketCalendar {

    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final LocalTime SESSION_OPEN = LocalTime.of(9, 30);
    public static final LocalTime SESSION_CLOSE = LocalTime.of(16, 0);

    static final NyseCalendar INSTANCE = new NyseCalendar();

    private NyseCalendar() {
    }

    /** The instant a daily bar of {@code tradingDate} opens; daily stock bars are keyed by it. */
    public static Instant sessionOpen(LocalDate tradingDate) {
        return tradingDate.atTime(SESSION_OPEN).atZone(NEW_YORK).toInstant();
    }

    public static LocalDate tradingDate(Instant openTime) {
        return openTime.atZone(NEW_YORK).toLocalDate();
    }

    @Override
    public Instant closeTime(Interval interval, Instant openTime) {
        if (interval == Interval.D1) {
            return tradingDate(openTime).atTime(SESSION_CLOSE).atZone(NEW_YORK).toInstant();
        }
        return openTime.plus(interval.duration());
    }

    @Override
    public Instant nextOpenTime(Interval interval, Instant openTime) {
        if (interval == Interval.D1) {
            return sessionOpen(nextTradingDay(tradingDate(openTime)));
        }
        Instant next = openTime.plus(interval.duration());
        if (next.isBefore(closeTime(Interval.D1, sessionOpen(tradingDate(openTime))))) {
            return next;
        }
        return sessionOpen(nextTradingDay(tradingDate(openTime)));
    }

    public static LocalDate nextTradingDay(LocalDate date) {
        LocalDate next = date.plusDays(1);
        while (!isTradingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    public static boolean isTradingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !isHoliday(date);
    }

    static boolean isHoliday(LocalDate date) {
        int year = date.getYear();
        return date.equals(newYearsDay(year))
                || date.equals(nthWeekday(year, Month.JANUARY, DayOfWeek.MONDAY, 3))
                || date.equals(nthWeekday(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3))
                || date.equals(easterSunday(year).minusDays(2))
                || date.equals(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || year >= 2022 && date.equals(observed(LocalDate.of(year, Month.JUNE, 19)))
                || date.equals(observed(LocalDate.of(year, Month.JULY, 4)))
                || date.equals(nthWeekday(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))
                || date.equals(nthWeekday(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))
                || date.equals(observed(LocalDate.of(year, Month.DECEMBER, 25)));
    }

    /** NYSE does not close on the Friday before a Saturday New Year's Day: that would end the prior year early. */
    private static LocalDate newYearsDay(int year) {
        LocalDate day = LocalDate.of(year, Month.JANUARY, 1);
        return day.getDayOfWeek() == DayOfWeek.SUNDAY ? day.plusDays(1) : day;
    }

    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    private static LocalDate nthWeekday(int year, Month month, DayOfWeek weekday, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
    }

    /** Gregorian Easter (the anonymous "Meeus/Jones/Butcher" algorithm). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
