package dev.tradewind.shared.trading;

/**
 * Attribute names of the session item that both its writer (the trading-session function) and its readers
 * ({@link TradingSessionInfo}) use, named once so the two cannot drift apart. The item also holds attributes only
 * its writer reads (cash, version, evaluation state); those are named where they are written.
 */
public final class SessionAttributes {

    public static final String USER_ID = "userId";
    public static final String SESSION_ID = "sessionId";
    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String STATUS = "status";
    public static final String CURRENCY = "currency";
    public static final String STARTING_CASH = "startingCash";
    public static final String FEES_BPS = "feesBps";
    public static final String SLIPPAGE_BPS = "slippageBps";
    public static final String MAX_POSITION_PCT = "maxPositionPct";
    public static final String MAX_DAILY_LOSS_PCT = "maxDailyLossPct";
    public static final String MAX_ORDERS_PER_HOUR = "maxOrdersPerHour";
    public static final String COOLDOWN_ON_TILT = "cooldownOnTilt";
    public static final String CREATED_AT = "createdAt";
    public static final String STOPPED_AT = "stoppedAt";
    public static final String FINAL_EQUITY = "finalEquity";
    /** Fills committed so far: a staged import's fills count from the transaction that raises it past them. */
    public static final String TRADE_COUNT = "tradeCount";
    /**
     * The times (epoch milliseconds) of the orders within the last hour that the order-rate limit counts; a list,
     * empty without a limit. Read only by its writer, and written by {@link PrimingHistory} too, so that a primed
     * export reads a session item of the layout a real one has.
     */
    public static final String RECENT_ORDERS = "recentOrders";

    private SessionAttributes() {
    }
}
