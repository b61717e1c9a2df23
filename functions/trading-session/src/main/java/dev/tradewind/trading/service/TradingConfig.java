package dev.tradewind.trading.service;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The trading-session function's configuration, read once at init.
 *
 * @param marketableLimitPct a limit order crossing the latest close by more than this percentage at placement fills
 *                           at once like a market order (capped at its limit); {@code MARKETABLE_LIMIT_PCT}
 * @param idempotencyTtl     how long an Idempotency-Key (orders, sessions, journal entries, backtests) is remembered;
 *                           {@code IDEMPOTENCY_TTL}
 * @param metricsNamespace   {@code POWERTOOLS_METRICS_NAMESPACE} (default Tradewind): where order and fill counts go
 * @param forecastFunction   {@code FORECAST_HISTORY_FUNCTION}: the predict function model-signal backtests ask for
 *                           past forecasts; without it they are refused (503)
 * @param workerFunction     {@code BACKTEST_WORKER_FUNCTION}: the function a backtest too large to answer at once runs
 *                           on; without it such a backtest is refused (503)
 * @param backtestSyncBars   {@code BACKTEST_SYNC_BARS} (100 to 20,000, default 20,000): the most decisions a backtest
 *                           runs at once
 * @param eventBus           {@code EVENT_BUS_NAME}: the bus {@code OrderFilled} and {@code OrderEnded} go to
 *                           (docs/realtime.md#events); none without it
 */
public record TradingConfig(String tradingTable, String marketTable, String behaviorTable,
                            BigDecimal marketableLimitPct, Duration idempotencyTtl, String metricsNamespace,
                            Optional<String> forecastFunction, Optional<String> workerFunction,
                            int backtestSyncBars, Optional<String> eventBus) {

    public static TradingConfig from(Environment env) {
        BigDecimal pct = env.getDecimal("MARKETABLE_LIMIT_PCT", new BigDecimal("0.1"), BigDecimal.ZERO,
                BigDecimal.TEN);
        Duration ttl = env.getDuration("IDEMPOTENCY_TTL", Duration.ofHours(24));
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ConfigException("IDEMPOTENCY_TTL must be positive");
        }
        int syncBars = env.getInt("BACKTEST_SYNC_BARS", BacktestService.MAX_BARS);
        if (syncBars < 100 || syncBars > BacktestService.MAX_BARS) {
            throw new ConfigException("BACKTEST_SYNC_BARS must be between 100 and " + BacktestService.MAX_BARS
                    + ", was " + syncBars);
        }
        return new TradingConfig(env.require("TRADING_TABLE"), env.require("MARKET_TABLE"),
                env.require("BEHAVIOR_TABLE"), pct, ttl, env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"),
                env.optional("FORECAST_HISTORY_FUNCTION"), env.optional("BACKTEST_WORKER_FUNCTION"), syncBars,
                env.optional("EVENT_BUS_NAME"));
    }
}
