package dev.tradewind.trading.store;

import static dev.tradewind.shared.trading.SessionAttributes.COOLDOWN_ON_TILT;
import static dev.tradewind.shared.trading.SessionAttributes.CREATED_AT;
import static dev.tradewind.shared.trading.SessionAttributes.CURRENCY;
import static dev.tradewind.shared.trading.SessionAttributes.FEES_BPS;
import static dev.tradewind.shared.trading.SessionAttributes.FINAL_EQUITY;
import static dev.tradewind.shared.trading.SessionAttributes.MAX_DAILY_LOSS_PCT;
import static dev.tradewind.shared.trading.SessionAttributes.MAX_ORDERS_PER_HOUR;
import static dev.tradewind.shared.trading.SessionAttributes.MAX_POSITION_PCT;
import static dev.tradewind.shared.trading.SessionAttributes.NAME;
import static dev.tradewind.shared.trading.SessionAttributes.RECENT_ORDERS;
import static dev.tradewind.shared.trading.SessionAttributes.SESSION_ID;
import static dev.tradewind.shared.trading.SessionAttributes.SLIPPAGE_BPS;
import static dev.tradewind.shared.trading.SessionAttributes.STARTING_CASH;
import static dev.tradewind.shared.trading.SessionAttributes.STATUS;
import static dev.tradewind.shared.trading.SessionAttributes.STOPPED_AT;
import static dev.tradewind.shared.trading.SessionAttributes.TRADE_COUNT;
import static dev.tradewind.shared.trading.SessionAttributes.TYPE;
import static dev.tradewind.shared.trading.SessionAttributes.USER_ID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tradewind.shared.dynamo.RecordSchema;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionAttributes;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradingKeys;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.IdempotencyRecord;
import dev.tradewind.trading.domain.Mark;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.PendingImport;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.domain.OrderType;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.TimeInForce;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * How the trading-session items are stored (see {@link TradingKeys} for the layout). The session item's attributes
 * that {@code TradingSessionInfo} in the shared layer also reads are named once, in {@link SessionAttributes}.
 */
public final class Schemas {

    private static final TypeReference<Map<String, Mark>> MARKS = new TypeReference<>() {
    };
    /** Fixed width, so equity points sort by time as strings. */
    private static final DateTimeFormatter POINT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static String fillsKey(long fills) {
        return String.format(Locale.ROOT, "%012d", fills);
    }

    private Schemas() {
    }

    static String positionSortKey(String symbol) {
        return "POSITION#" + symbol;
    }

    static String orderSortKey(String orderId) {
        return "ORDER#" + orderId;
    }

    static String restingSortKey(String orderId) {
        return "OPEN#" + orderId;
    }

    static String idempotencySortKey(String keyHash) {
        return "IDEMPOTENCY#" + keyHash;
    }

    /** In the user's partition: keys of session creation are the user's, not a session's. */
    static String sessionIdempotencySortKey(String keyHash) {
        return "IDEMPOTENCY#SESSION#" + keyHash;
    }

    /** In the session's partition beside the order keys, apart from them: one key may serve both routes. */
    static String journalIdempotencySortKey(String keyHash) {
        return "IDEMPOTENCY#JOURNAL#" + keyHash;
    }

    /** In the user's partition beside the keys of session creation, apart from them: one key may serve both routes. */
    static String backtestIdempotencySortKey(String keyHash) {
        return "IDEMPOTENCY#BACKTEST#" + keyHash;
    }

    static final String DEFAULT_JOURNAL = "JOURNAL_DEFAULT";

    /** The HTTP status a creation answers with, as idempotency items have always recorded it. */
    private static final int CREATED_STATUS = 201;
    /** What a backtest sent to the worker answers. */
    private static final int ACCEPTED_STATUS = 202;

    static String equityTime(Instant time) {
        return POINT_TIME.format(time);
    }

    /**
     * Time, then the fill count, then the kind: of two points at one instant the later state sorts last, even a
     * candle sampled just before a fill at the same instant.
     */
    static String equitySortKey(EquityPoint point) {
        return "EQUITY#" + equityTime(point.time()) + "#" + fillsKey(point.fills()) + "#" + point.kind().code()
                + (point.ref() == null ? "" : "#" + point.ref());
    }

    private static PendingImport pendingImport(String importId, Instant startedAt) {
        return importId == null ? null : new PendingImport(importId, startedAt);
    }

    static String writeMarks(Map<String, Mark> marks) {
        try {
            return Json.mapper().writeValueAsString(marks);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Mark> readMarks(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, MARKS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final StaticImmutableTableSchema<Session, RecordSchema.Values> SESSION =
            RecordSchema.of(Session.class, v -> new Session(v.string(USER_ID), v.string(SESSION_ID), v.string(NAME),
                            v.enumeration(TYPE, SessionType.class), v.enumeration(STATUS, SessionStatus.class),
                            v.string(CURRENCY), v.decimal(STARTING_CASH), v.decimal("cash"), v.decimal("realizedPnl"),
                            v.decimal("feesPaid"), v.decimal("tradedNotional"), v.decimal(FEES_BPS),
                            v.decimal(SLIPPAGE_BPS), new RiskLimits(v.decimal(MAX_POSITION_PCT),
                                    v.decimal(MAX_DAILY_LOSS_PCT), v.integer(MAX_ORDERS_PER_HOUR)),
                            v.bool(COOLDOWN_ON_TILT, false), v.instant(CREATED_AT), v.instant(STOPPED_AT),
                            v.decimal(FINAL_EQUITY), v.longNumber("version", 0), readMarks(v.string("marks")),
                            v.longs(RECENT_ORDERS), v.instant("lastFillAt"), v.longNumber(TRADE_COUNT, 0),
                            v.longNumber("orderCount", 0), pendingImport(v.string("pendingImportId"),
                                    v.instant("pendingImportAt")), v.integer("openOrders")))
                    .partitionKey("pk", s -> TradingKeys.userPartition(s.userId()))
                    .sortKey("sk", s -> TradingKeys.sessionSortKey(s.sessionId()))
                    .string(USER_ID, Session::userId)
                    .string(SESSION_ID, Session::sessionId)
                    .string(NAME, Session::name)
                    .enumeration(TYPE, Session::type)
                    .enumeration(STATUS, Session::status)
                    .string(CURRENCY, Session::currency)
                    .decimal(STARTING_CASH, Session::startingCash)
                    .decimal("cash", Session::cash)
                    .decimal("realizedPnl", Session::realizedPnl)
                    .decimal("feesPaid", Session::feesPaid)
                    .decimal("tradedNotional", Session::tradedNotional)
                    .decimal(FEES_BPS, Session::feesBps)
                    .decimal(SLIPPAGE_BPS, Session::slippageBps)
                    .decimal(MAX_POSITION_PCT, s -> s.riskLimits().maxPositionPct())
                    .decimal(MAX_DAILY_LOSS_PCT, s -> s.riskLimits().maxDailyLossPct())
                    .integer(MAX_ORDERS_PER_HOUR, s -> s.riskLimits().maxOrdersPerHour())
                    .bool(COOLDOWN_ON_TILT, Session::cooldownOnTilt)
                    .instant(CREATED_AT, Session::createdAt)
                    .instant(STOPPED_AT, Session::stoppedAt)
                    .decimal(FINAL_EQUITY, Session::finalEquity)
                    .longNumber("version", Session::version)
                    .string("marks", s -> writeMarks(s.marks()))
                    .longs(RECENT_ORDERS, Session::recentOrders)
                    .instant("lastFillAt", Session::lastFillAt)
                    .longNumber(TRADE_COUNT, Session::tradeCount)
                    .longNumber("orderCount", Session::orderCount)
                    .string("pendingImportId", s -> s.pendingImport() == null ? null : s.pendingImport().importId())
                    .instant("pendingImportAt", s -> s.pendingImport() == null ? null : s.pendingImport().startedAt())
                    .integer("openOrders", Session::openOrders)
                    .build();

    public static final StaticImmutableTableSchema<Position, RecordSchema.Values> POSITION =
            RecordSchema.of(Position.class, v -> new Position(v.string("userId"), v.string("sessionId"),
                            v.string("symbol"), v.decimal("quantity"), v.decimal("costBasis"), v.decimal("realizedPnl"),
                            v.string("positionId"), v.instant("openedAt"), v.decimal("lastPrice"),
                            v.instant("lastTradeAt"), v.longNumber("version", 0)))
                    .partitionKey("pk", p -> TradingKeys.sessionPartition(p.userId(), p.sessionId()))
                    .sortKey("sk", p -> positionSortKey(p.symbol()))
                    .string("userId", Position::userId)
                    .string("sessionId", Position::sessionId)
                    .string("symbol", Position::symbol)
                    .decimal("quantity", Position::quantity)
                    .decimal("costBasis", Position::costBasis)
                    .decimal("realizedPnl", Position::realizedPnl)
                    .string("positionId", Position::positionId)
                    .instant("openedAt", Position::openedAt)
                    .decimal("lastPrice", Position::lastPrice)
                    .instant("lastTradeAt", Position::lastTradeAt)
                    .longNumber("version", Position::version)
                    .build();

    public static final StaticImmutableTableSchema<Order, RecordSchema.Values> ORDER =
            RecordSchema.of(Order.class, v -> new Order(v.string("userId"), v.string("sessionId"), v.string("orderId"),
                            v.string("symbol"), v.enumeration("side", Side.class), v.enumeration("type", OrderType.class),
                            v.decimal("quantity"), v.decimal("limitPrice"), v.decimal("stopPrice"),
                            v.enumeration("timeInForce", TimeInForce.class), v.enumeration("status", OrderStatus.class),
                            v.string("statusReason"), v.instant("createdAt"), v.instant("updatedAt"),
                            v.decimal("referencePrice"), v.instant("referenceCandleOpen"), v.instant("triggeredAt"),
                            v.instant("filledAt"), v.decimal("fillPrice"), v.decimal("grossAmount"), v.decimal("fees"),
                            v.decimal("realizedPnl"), v.string("tradeId")))
                    .partitionKey("pk", o -> TradingKeys.sessionPartition(o.userId(), o.sessionId()))
                    .sortKey("sk", o -> orderSortKey(o.orderId()))
                    .string("userId", Order::userId)
                    .string("sessionId", Order::sessionId)
                    .string("orderId", Order::orderId)
                    .string("symbol", Order::symbol)
                    .enumeration("side", Order::side)
                    .enumeration("type", Order::type)
                    .decimal("quantity", Order::quantity)
                    .decimal("limitPrice", Order::limitPrice)
                    .decimal("stopPrice", Order::stopPrice)
                    .enumeration("timeInForce", Order::timeInForce)
                    .enumeration("status", Order::status)
                    .string("statusReason", Order::statusReason)
                    .instant("createdAt", Order::createdAt)
                    .instant("updatedAt", Order::updatedAt)
                    .decimal("referencePrice", Order::referencePrice)
                    .instant("referenceCandleOpen", Order::referenceCandleOpen)
                    .instant("triggeredAt", Order::triggeredAt)
                    .instant("filledAt", Order::filledAt)
                    .decimal("fillPrice", Order::fillPrice)
                    .decimal("grossAmount", Order::grossAmount)
                    .decimal("fees", Order::fees)
                    .decimal("realizedPnl", Order::realizedPnl)
                    .string("tradeId", Order::tradeId)
                    .build();

    public static final StaticImmutableTableSchema<RestingOrder, RecordSchema.Values> RESTING =
            RecordSchema.of(RestingOrder.class, v -> new RestingOrder(v.string("userId"), v.string("sessionId"),
                            v.string("orderId"), v.string("symbol"), v.enumeration("side", Side.class),
                            v.enumeration("type", OrderType.class), v.decimal("quantity"), v.decimal("limitPrice"),
                            v.decimal("stopPrice"), v.instant("lastEvaluatedOpen"), v.instant("triggeredAt"),
                            v.instant("createdAt")))
                    .partitionKey("pk", r -> TradingKeys.sessionPartition(r.userId(), r.sessionId()))
                    .sortKey("sk", r -> restingSortKey(r.orderId()))
                    .string("userId", RestingOrder::userId)
                    .string("sessionId", RestingOrder::sessionId)
                    .string("orderId", RestingOrder::orderId)
                    .string("symbol", RestingOrder::symbol)
                    .enumeration("side", RestingOrder::side)
                    .enumeration("type", RestingOrder::type)
                    .decimal("quantity", RestingOrder::quantity)
                    .decimal("limitPrice", RestingOrder::limitPrice)
                    .decimal("stopPrice", RestingOrder::stopPrice)
                    .instant("lastEvaluatedOpen", RestingOrder::lastEvaluatedOpen)
                    .instant("triggeredAt", RestingOrder::triggeredAt)
                    .instant("createdAt", RestingOrder::createdAt)
                    .build();

    public static final StaticImmutableTableSchema<EquityPoint, RecordSchema.Values> EQUITY =
            RecordSchema.of(EquityPoint.class, v -> new EquityPoint(v.string("userId"), v.string("sessionId"),
                            v.instant("time"), v.enumeration("kind", EquityPoint.Kind.class), v.longNumber("fills", 0),
                            v.string("ref"),
                            v.decimal("equity"), v.decimal("cash"), v.decimal("positionsValue")))
                    .partitionKey("pk", p -> TradingKeys.sessionPartition(p.userId(), p.sessionId()))
                    .sortKey("sk", Schemas::equitySortKey)
                    .string("userId", EquityPoint::userId)
                    .string("sessionId", EquityPoint::sessionId)
                    .instant("time", EquityPoint::time)
                    .enumeration("kind", EquityPoint::kind)
                    .longNumber("fills", EquityPoint::fills)
                    .string("ref", EquityPoint::ref)
                    .decimal("equity", EquityPoint::equity)
                    .decimal("cash", EquityPoint::cash)
                    .decimal("positionsValue", EquityPoint::positionsValue)
                    .build();

    /**
     * {@code status} (always 201) and {@code orderId} are kept beside the remembered order so the item's format does
     * not change.
     */
    public static final StaticImmutableTableSchema<IdempotencyRecord<Order>, RecordSchema.Values> IDEMPOTENCY =
            RecordSchema.of(Schemas.<Order>idempotencyRecords(), v -> new IdempotencyRecord<>(v.string("userId"),
                            v.string("sessionId"), v.string("keyHash"), v.string("requestHash"),
                            StoredAnswer.read(v.string("userId"), v.string("responseBody")), v.instant("createdAt"),
                            v.longNumber("expiresAt", 0)))
                    .partitionKey("pk", r -> TradingKeys.sessionPartition(r.userId(), r.sessionId()))
                    .sortKey("sk", r -> idempotencySortKey(r.keyHash()))
                    .string("userId", IdempotencyRecord::userId)
                    .string("sessionId", IdempotencyRecord::sessionId)
                    .string("keyHash", IdempotencyRecord::keyHash)
                    .string("requestHash", IdempotencyRecord::requestHash)
                    .integer("status", r -> CREATED_STATUS)
                    .string("responseBody", r -> StoredAnswer.write(r.answer()))
                    .string("orderId", r -> r.answer().orderId())
                    .instant("createdAt", IdempotencyRecord::createdAt)
                    .longNumber("expiresAt", IdempotencyRecord::expiresAt)
                    .build();

    /** The key of a session's creation, in the user's partition; it remembers the session's id. */
    public static final StaticImmutableTableSchema<IdempotencyRecord<String>, RecordSchema.Values>
            SESSION_IDEMPOTENCY = createdIdempotency(r -> TradingKeys.userPartition(r.userId()),
                    r -> sessionIdempotencySortKey(r.keyHash()), id -> id, id -> CREATED_STATUS, (id, status) -> id);

    /** The key of a journal entry's creation, in its session's partition; it remembers the entry's id. */
    public static final StaticImmutableTableSchema<IdempotencyRecord<String>, RecordSchema.Values>
            JOURNAL_IDEMPOTENCY = createdIdempotency(r -> TradingKeys.sessionPartition(r.userId(), r.sessionId()),
                    r -> journalIdempotencySortKey(r.keyHash()), id -> id, id -> CREATED_STATUS, (id, status) -> id);

    /**
     * The key of a backtest's creation, in the user's partition; it remembers the backtest's id and the status it
     * was answered with: 202 when it was sent to the worker.
     */
    public static final StaticImmutableTableSchema<IdempotencyRecord<BacktestRepository.Created>, RecordSchema.Values>
            BACKTEST_IDEMPOTENCY = createdIdempotency(r -> TradingKeys.userPartition(r.userId()),
                    r -> backtestIdempotencySortKey(r.keyHash()), BacktestRepository.Created::backtestId,
                    created -> created.running() ? ACCEPTED_STATUS : CREATED_STATUS,
                    (id, status) -> new BacktestRepository.Created(id, status == ACCEPTED_STATUS));

    /**
     * A record that remembers the id of what its request created, under {@code createdId}, and the status it was
     * answered with.
     *
     * @param answer what a retry is answered from, made of the id and the status
     */
    private static <A> StaticImmutableTableSchema<IdempotencyRecord<A>, RecordSchema.Values> createdIdempotency(
            Function<IdempotencyRecord<A>, String> partition, Function<IdempotencyRecord<A>, String> sort,
            Function<A, String> createdId, Function<A, Integer> status, BiFunction<String, Integer, A> answer) {
        return RecordSchema.of(Schemas.<A>idempotencyRecords(), v -> new IdempotencyRecord<>(v.string("userId"),
                        v.string("sessionId"), v.string("keyHash"), v.string("requestHash"),
                        answer.apply(v.string("createdId"), v.integer("status")), v.instant("createdAt"),
                        v.longNumber("expiresAt", 0)))
                .partitionKey("pk", partition)
                .sortKey("sk", sort)
                .string("userId", IdempotencyRecord::userId)
                .string("sessionId", IdempotencyRecord::sessionId)
                .string("keyHash", IdempotencyRecord::keyHash)
                .string("requestHash", IdempotencyRecord::requestHash)
                .integer("status", r -> status.apply(r.answer()))
                .string("createdId", r -> createdId.apply(r.answer()))
                .instant("createdAt", IdempotencyRecord::createdAt)
                .longNumber("expiresAt", IdempotencyRecord::expiresAt)
                .build();
    }

    @SuppressWarnings("unchecked") // the class of a generic record is its raw class
    private static <A> Class<IdempotencyRecord<A>> idempotencyRecords() {
        return (Class<IdempotencyRecord<A>>) (Class<?>) IdempotencyRecord.class;
    }
}
