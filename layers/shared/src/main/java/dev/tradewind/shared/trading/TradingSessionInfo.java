package dev.tradewind.shared.trading;

import dev.tradewind.shared.dynamo.RecordSchema;
import java.math.BigDecimal;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * What other functions may know about a trading session: a read-only view of the session item the trading-session
 * function owns (which also holds its live cash, version and evaluation state). Never write it through this schema.
 *
 * @param startingCash the capital the session started with (zero for a journal that was not given one)
 * @param finalEquity  set once the session is stopped
 */
public record TradingSessionInfo(String userId, String sessionId, String name, SessionType type, SessionStatus status,
                                 String currency, BigDecimal startingCash, BigDecimal feesBps, BigDecimal slippageBps,
                                 RiskLimits riskLimits, boolean cooldownOnTilt, Instant createdAt, Instant stoppedAt,
                                 BigDecimal finalEquity) {

    public TradingSessionInfo {
        startingCash = Decimals.cents(startingCash);
        finalEquity = Decimals.cents(finalEquity);
        riskLimits = riskLimits == null ? RiskLimits.NONE : riskLimits;
    }

    static final StaticImmutableTableSchema<TradingSessionInfo, RecordSchema.Values> SCHEMA =
            RecordSchema.of(TradingSessionInfo.class, v -> new TradingSessionInfo(v.string("userId"),
                            v.string("sessionId"), v.string("name"), v.enumeration("type", SessionType.class),
                            v.enumeration("status", SessionStatus.class), v.string("currency"),
                            v.decimal("startingCash"), v.decimal("feesBps"), v.decimal("slippageBps"),
                            new RiskLimits(v.decimal("maxPositionPct"), v.decimal("maxDailyLossPct"),
                                    v.integer("maxOrdersPerHour")),
                            v.bool("cooldownOnTilt", false), v.instant("createdAt"), v.instant("stoppedAt"),
                            v.decimal("finalEquity")))
                    .partitionKey("pk", s -> TradingKeys.userPartition(s.userId()))
                    .sortKey("sk", s -> TradingKeys.sessionSortKey(s.sessionId()))
                    .string("userId", TradingSessionInfo::userId)
                    .string("sessionId", TradingSessionInfo::sessionId)
                    .string("name", TradingSessionInfo::name)
                    .enumeration("type", TradingSessionInfo::type)
                    .enumeration("status", TradingSessionInfo::status)
                    .string("currency", TradingSessionInfo::currency)
                    .decimal("startingCash", TradingSessionInfo::startingCash)
                    .decimal("feesBps", TradingSessionInfo::feesBps)
                    .decimal("slippageBps", TradingSessionInfo::slippageBps)
                    .decimal("maxPositionPct", s -> s.riskLimits().maxPositionPct())
                    .decimal("maxDailyLossPct", s -> s.riskLimits().maxDailyLossPct())
                    .integer("maxOrdersPerHour", s -> s.riskLimits().maxOrdersPerHour())
                    .bool("cooldownOnTilt", TradingSessionInfo::cooldownOnTilt)
                    .instant("createdAt", TradingSessionInfo::createdAt)
                    .instant("stoppedAt", TradingSessionInfo::stoppedAt)
                    .decimal("finalEquity", TradingSessionInfo::finalEquity)
                    .build();
}
