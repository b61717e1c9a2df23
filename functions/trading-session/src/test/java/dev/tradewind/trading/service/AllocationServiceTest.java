package dev.tradewind.trading.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.trading.domain.portfolio.Covariance;
import dev.tradewind.trading.domain.portfolio.Optimizer;
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

    /**
     * An asset whose price did not move over the lookback (every return 0) has no standard error: its t-statistic
     * is 0/0. It is left out of z² and of N, so the two assets with strong positive means set the factor, and
     * max-sharpe holds them rather than falling back to min-variance.
     */
    @Test
    void jamesStein_leavesOutAFlatAsset_andMaxSharpeHoldsTheOthers() {
        double[][] returns = new double[40][3];
        for (int t = 0; t < returns.length; t++) {
            returns[t][0] = 0.01 + (t % 2 == 0 ? 0.002 : -0.002);
            returns[t][1] = 0.008 + (t % 3 == 0 ? 0.003 : -0.0015);
        }
        Covariance covariance = Covariance.ledoitWolf(returns);
        double z2 = 0;
        for (int i = 0; i < 2; i++) {
            z2 += covariance.means()[i] * covariance.means()[i]
                    / (covariance.sampleVariances()[i] / covariance.observations());
        }

        double factor = AllocationService.jamesStein(covariance);

        assertEquals(1 - 2 / z2, factor, 1e-12);
        assertTrue(factor > 0.9, "strong means barely shrink: " + factor);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = factor * covariance.means()[i];
        }
        double[] weights = Optimizer.maxSharpe(covariance, expected, 1);
        assertNotNull(weights, "no fallback to min-variance");
        assertEquals(0, weights[2], 1e-6, "the flat asset earns nothing");
        assertEquals(1, weights[0] + weights[1], 1e-6);
    }
}
