package dev.tradewind.shared.trading;

import static dev.tradewind.shared.trading.SessionAttributes.COOLDOWN_ON_TILT;
import static dev.tradewind.shared.trading.SessionAttributes.CREATED_AT;
import static dev.tradewind.shared.trading.SessionAttributes.CURRENCY;
import static dev.tradewind.shared.trading.SessionAttributes.FEES_BPS;
import static dev.tradewind.shared.trading.SessionAttributes.FINAL_EQUITY;
import static dev.tradewind.shared.trading.SessionAttributes.MAX_DAILY_LOSS_PCT;
import static dev.tradewind.shared.trading.SessionAttributes.MAX_ORDERS_PER_HOUR;
import static dev.tradewind.shared.trading.SessionAttributes.MAX_POSITION_PCT;
import static dev.tradewind.shared.trading.SessionAttributes.NAME;
import static dev.tradewind.shared.trading.SessionAttributes.SESSION_ID;
import static dev.tradewind.shared.trading.SessionAttributes.SLIPPAGE_BPS;
import static dev.tradewind.shared.trading.SessionAttributes.STARTING_CASH;
import static dev.tradewind.shared.trading.SessionAttributes.STATUS;
import static dev.tradewind.shared.trading.SessionAttributes.STOPPED_AT;
import static dev.tradewind.shared.trading.SessionAttributes.TRADE_COUNT;
import static dev.tradewind.shared.trading.SessionAttributes.TYPE;
import static dev.tradewind.shared.trading.SessionAttributes.USER_ID;

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
 * @param tradeCount   fills committed so far (see {@link TradeRecord#committedBy})
 */
public record TradingSessionInfo(String userId, String sessionId, String name, SessionType type, SessionStatus status,
                                 String currency, BigDecimal startingCash, BigDecimal feesBps, BigDecimal slippageBps,
                                 RiskLimits riskLimits, boolean cooldownOnTilt, Instant createdAt, Instant stoppedAt,
                                 BigDecimal finalEquity, long tradeCount) {

    public TradingSessionInfo {
        startingCash = Decimals.cents(startingCash);
        finalEquity = Decimals.cents(finalEquity);
        riskLimits = riskLimits == null ? RiskLimits.NONE : riskLimits;
    }

    static final StaticImmutableTableSchema<TradingSessionInfo, RecordSchema.Values> SCHEMA =
            RecordSchema.of(TradingSessionInfo.class, v -> new TradingSessionInfo(v.string(USER_ID),
                            v.string(SESSION_ID), v.string(NAME), v.enumeration(TYPE, SessionType.class),
                            v.enumeration(STATUS, SessionStatus.class), v.string(CURRENCY),
                            v.decimal(STARTING_CASH), v.decimal(FEES_BPS), v.decimal(SLIPPAGE_BPS),
                            new RiskLimits(v.decimal(MAX_POSITION_PCT), v.decimal(MAX_DAILY_LOSS_PCT),
                                    v.integer(MAX_ORDERS_PER_HOUR)),
                            v.bool(COOLDOWN_ON_TILT, false), v.instant(CREATED_AT), v.instant(STOPPED_AT),
                            v.decimal(FINAL_EQUITY), v.longNumber(TRADE_COUNT, 0)))
                    .partitionKey("pk", s -> TradingKeys.userPartition(s.userId()))
                    .sortKey("sk", s -> TradingKeys.sessionSortKey(s.sessionId()))
                    .string(USER_ID, TradingSessionInfo::userId)
                    .string(SESSION_ID, TradingSessionInfo::sessionId)
                    .string(NAME, TradingSessionInfo::name)
                    .enumeration(TYPE, TradingSessionInfo::type)
                    .enumeration(STATUS, TradingSessionInfo::status)
                    .string(CURRENCY, TradingSessionInfo::currency)
                    .decimal(STARTING_CASH, TradingSessionInfo::startingCash)
                    .decimal(FEES_BPS, TradingSessionInfo::feesBps)
                    .decimal(SLIPPAGE_BPS, TradingSessionInfo::slippageBps)
                    .decimal(MAX_POSITION_PCT, s -> s.riskLimits().maxPositionPct())
                    .decimal(MAX_DAILY_LOSS_PCT, s -> s.riskLimits().maxDailyLossPct())
                    .integer(MAX_ORDERS_PER_HOUR, s -> s.riskLimits().maxOrdersPerHour())
                    .bool(COOLDOWN_ON_TILT, TradingSessionInfo::cooldownOnTilt)
                    .instant(CREATED_AT, TradingSessionInfo::createdAt)
                    .instant(STOPPED_AT, TradingSessionInfo::stoppedAt)
                    .decimal(FINAL_EQUITY, TradingSessionInfo::finalEquity)
                    .longNumber(TRADE_COUNT, TradingSessionInfo::tradeCount)
                    .build();
}
