package dev.tradewind.trading.service;

import dev.tradewind.shared.error.UnavailableException;

/**
 * Starts a stored backtest on the backtest worker, asynchronously: the request that asked for it has already been
 * answered 202. The worker ({@code BacktestWorkerHandler}) runs {@link BacktestService#runStored}.
 */
public interface BacktestRunner {

    /** Used when no worker is configured: a backtest too large to answer at once is then refused with a 503. */
    BacktestRunner NONE = new BacktestRunner() {
        @Override
        public void start(String userId, String backtestId) {
            throw unavailable();
        }

        @Override
        public boolean available() {
            return false;
        }
    };

    void start(String userId, String backtestId);

    /** False when {@link #start} can only refuse: the request is then refused before anything is stored. */
    default boolean available() {
        return true;
    }

    /** The refusal of a backtest too large to answer at once when there is no worker. */
    static UnavailableException unavailable() {
        return new UnavailableException("BACKTEST_WORKER_UNAVAILABLE", "no backtest worker is configured for this"
                + " function (BACKTEST_WORKER_FUNCTION); shorten the range to run it at once");
    }
}
