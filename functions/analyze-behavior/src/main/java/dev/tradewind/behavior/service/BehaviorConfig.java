package dev.tradewind.behavior.service;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.time.Duration;
import java.util.Optional;

/**
 * The analyze-behavior function's configuration, read once at init.
 *
 * @param tradingTable    trades, journal entries and sessions, read only ({@code TRADING_TABLE})
 * @param marketTable     candles and instruments, read only ({@code MARKET_TABLE})
 * @param behaviorTable   reports and cooldowns ({@code BEHAVIOR_TABLE})
 * @param reportRetention how long a stored report is kept before DynamoDB's TTL removes it
 *                        ({@code REPORT_RETENTION}, ISO-8601, default {@code P365D})
 * @param metricsNamespace {@code POWERTOOLS_METRICS_NAMESPACE} (default Tradewind): where analysis counts go
 * @param eventBus        {@code EVENT_BUS_NAME}: the bus {@code CooldownStarted} goes to (docs/realtime.md#events);
 *                        none without it
 */
public record BehaviorConfig(String tradingTable, String marketTable, String behaviorTable,
                             Duration reportRetention, String metricsNamespace, Optional<String> eventBus) {

    public static BehaviorConfig from(Environment env) {
        Duration retention = env.getDuration("REPORT_RETENTION", Duration.ofDays(365));
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException("REPORT_RETENTION must be at least one day (P1D)");
        }
        return new BehaviorConfig(env.require("TRADING_TABLE"), env.require("MARKET_TABLE"),
                env.require("BEHAVIOR_TABLE"), retention, env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"),
                env.optional("EVENT_BUS_NAME"));
    }
}
