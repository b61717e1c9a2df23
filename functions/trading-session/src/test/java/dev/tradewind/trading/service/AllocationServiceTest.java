package dev.tradewind.trading.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.market.Interval;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AllocationServiceTest {

    private static final Instant TO = Instant.parse("2022-01-04T15:00:00Z");

    /**
     * Two symbols cost 2² = 4 a max-sharpe rebalance: 12,500 rebalances are its 50,000 budget. A range of 12,499 hours
     * holds at most 12,500 hourly bars (both ends), one rebalance each.
     */
    @Test
    void solverWork_atTheMethodsBudget_isAccepted_andOneRebalanceMoreIsRefusedNamingTheNumbers() {
        assertDoesNotThrow(() -> AllocationService.checkSolverWork(AllocationService.Method.MAX_SHARPE, 2,
                Interval.H1, TO.minus(Duration.ofHours(12_499)), TO, 1));

        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> AllocationService
                .checkSolverWork(AllocationService.Method.MAX_SHARPE, 2, Interval.H1,
                        TO.minus(Duration.ofHours(12_500)), TO, 1));
        assertEquals("backtest.rebalanceEvery", refused.details().getFirst().field());
        String message = refused.details().getFirst().message();
        assertTrue(message.contains("12501") && message.contains("50000") && message.contains("fewer symbols")
                && message.contains("larger rebalanceEvery"), message);
    }

    /** The documented defaults on 50 symbols: a month apart over a year of daily bars, every method fits. */
    @Test
    void solverWork_ofTheDefaultDailyBacktestOnFiftySymbols_fitsEveryMethod() {
        for (AllocationService.Method method : AllocationService.Method.values()) {
            assertDoesNotThrow(() -> AllocationService.checkSolverWork(method, 50, Interval.D1,
                    TO.minus(AllocationService.DEFAULT_DAILY_RANGE), TO, 21), method.code());
        }
    }

    /** 1,000 daily bars of 50 symbols (the bar-steps limit) rebalanced every bar: 1,000 solves of 50 assets. */
    @Test
    void solverWork_ofADailyRebalanceOnFiftySymbols_isRefusedForTheSolvingMethods() {
        Instant from = TO.minus(Duration.ofDays(1500));
        for (AllocationService.Method method : new AllocationService.Method[] {AllocationService.Method.MIN_VARIANCE,
            AllocationService.Method.MAX_SHARPE}) {
            assertThrows(InvalidInputException.class, () -> AllocationService.checkSolverWork(method, 50,
                    Interval.D1, from, TO, 1), method.code());
        }
    }
}
