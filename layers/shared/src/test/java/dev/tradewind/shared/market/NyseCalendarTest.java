package dev.tradewind.shared.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class NyseCalendarTest {

    private final MarketCalendar stocks = MarketCalendar.of(AssetClass.STOCK);
    private final MarketCalendar crypto = MarketCalendar.of(AssetClass.CRYPTO);

    @Test
    void holidays2022_followTheExchangeRules() {
        List<LocalDate> holidays = List.of(LocalDate.of(2022, 1, 17), LocalDate.of(2022, 2, 21),
                LocalDate.of(2022, 4, 15), LocalDate.of(2022, 5, 30), LocalDate.of(2022, 6, 20),
                LocalDate.of(2022, 7, 4), LocalDate.of(2022, 9, 5), LocalDate.of(2022, 11, 24),
                LocalDate.of(2022, 12, 26));
        holidays.forEach(day -> assertFalse(NyseCalendar.isTradingDay(day), day.toString()));
        // New Year's Day 2022 fell on a Saturday: not observed on Friday 2021-12-31.
        assertTrue(NyseCalendar.isTradingDay(LocalDate.of(2021, 12, 31)));
        assertFalse(NyseCalendar.isTradingDay(LocalDate.of(2023, 1, 2)), "Sunday New Year observed on Monday");
        assertEquals(LocalDate.of(2021, 4, 4), NyseCalendar.easterSunday(2021));
        assertEquals(LocalDate.of(2024, 3, 31), NyseCalendar.easterSunday(2024));
    }

    @Test
    void dailyBar_opensAndClosesInNewYorkTime_acrossDaylightSaving() {
        Instant winterOpen = NyseCalendar.sessionOpen(LocalDate.of(2022, 1, 3));
        assertEquals(Instant.parse("2022-01-03T14:30:00Z"), winterOpen);
        assertEquals(Instant.parse("2022-01-03T21:00:00Z"), stocks.closeTime(Interval.D1, winterOpen));
        Instant summerOpen = NyseCalendar.sessionOpen(LocalDate.of(2022, 7, 5));
        assertEquals(Instant.parse("2022-07-05T13:30:00Z"), summerOpen);
        assertEquals(Instant.parse("2022-07-05T20:00:00Z"), stocks.closeTime(Interval.D1, summerOpen));
    }

    @Test
    void nextDailyBar_skipsWeekendsAndHolidays() {
        Instant friday = NyseCalendar.sessionOpen(LocalDate.of(2022, 1, 14));
        assertEquals(NyseCalendar.sessionOpen(LocalDate.of(2022, 1, 18)), stocks.nextOpenTime(Interval.D1, friday),
                "Monday 2022-01-17 was Martin Luther King Jr. Day");
    }

    @Test
    void staleness_countsMissedBarsNotHours() {
        Instant friday = NyseCalendar.sessionOpen(LocalDate.of(2022, 1, 7));
        assertFalse(stocks.isStale(Interval.D1, friday, Instant.parse("2022-01-10T12:00:00Z")), "over the weekend");
        assertFalse(stocks.isStale(Interval.D1, friday, Instant.parse("2022-01-11T21:05:00Z")), "within the grace");
        assertTrue(stocks.isStale(Interval.D1, friday, Instant.parse("2022-01-11T21:05:01Z")),
                "Monday's and Tuesday's bars both missed");

        Instant hour = Instant.parse("2022-01-03T10:00:00Z");
        assertFalse(crypto.isStale(Interval.H1, hour, Instant.parse("2022-01-03T13:05:00Z")));
        assertTrue(crypto.isStale(Interval.H1, hour, Instant.parse("2022-01-03T13:05:01Z")),
                "older than 2 × interval + 5 minutes after its close");
    }

    @Test
    void calendar_agreesWithElevenYearsOfRealAaplBars() {
        BundledHistory history = BundledHistory.load(dev.tradewind.testing.Repository.path("data/market"));
        List<Candle> bars = history.candles("AAPL");
        java.util.Set<LocalDate> barDates = new java.util.HashSet<>();
        for (Candle bar : bars) {
            LocalDate date = NyseCalendar.tradingDate(bar.openTime());
            assertTrue(NyseCalendar.isTradingDay(date), "bar on a non-trading day " + date);
            barDates.add(date);
        }
        // The one unscheduled closure in the span: the national day of mourning for President George H. W. Bush.
        List<LocalDate> missing = NyseCalendar.tradingDate(bars.getFirst().openTime())
                .datesUntil(NyseCalendar.tradingDate(bars.getLast().openTime()))
                .filter(NyseCalendar::isTradingDay)
                .filter(day -> !barDates.contains(day))
                .toList();
        assertEquals(List.of(LocalDate.of(2018, 12, 5)), missing);
    }
}
