package dev.tradewind.shared.trading;

import dev.tradewind.shared.dynamo.RecordSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * One fill: a paper-trading execution or a real trade imported into a journal. Written once by the trading-session
 * function (in the same transaction as the cash and position change it causes) and never changed.
 *
 * <p>Money ({@code grossAmount}, {@code fees}, {@code realizedPnl}, {@code cashAfter}, {@code equityAfter}) is in the
 * session currency with two decimals; {@code quantity} and {@code price} are exact decimals.
 *
 * @param tradeId            a ULID whose time part is {@code filledAt}
 * @param orderId            the paper order that filled; null for imports
 * @param externalId         the broker's execution id when the import gave one
 * @param positionId         the position this fill belongs to: a new id each time a symbol's quantity leaves zero, so
 *                           every fill of one round trip (entry to exit) shares it
 * @param positionOpenedAt   when that position was opened (its first buy)
 * @param grossAmount        quantity × price, rounded to cents against the trader (buys up, sells down)
 * @param realizedPnl        for a SELL: net proceeds minus the cost basis it removes (so net of buy and sell fees);
 *                           zero for a BUY
 * @param positionQuantityAfter the position's quantity after this fill (zero: the round trip is closed)
 * @param cashAfter          the session's cash after this fill
 * @param equityAfter        the session's equity after this fill (cash plus positions at the latest prices; for a
 *                           journal, positions at their last trade price)
 * @param fillNumber         this fill's place in its session, from 1: fills at one instant (a candle filling two
 *                           resting orders, rows of an import with one timestamp) happened in this order, which the
 *                           trade id does not give
 * @param importId           the import that staged this fill before committing it (docs/trading.md#trade-import):
 *                           such a fill counts only once its session's {@code tradeCount} reaches its
 *                           {@code fillNumber}; null for a fill written in the same transaction as its session change
 */
public record TradeRecord(String userId, String sessionId, String tradeId, TradeSource source, String orderId,
                          String externalId, String positionId, Instant positionOpenedAt, String symbol, Side side,
                          BigDecimal quantity, BigDecimal price, BigDecimal grossAmount, BigDecimal fees,
                          BigDecimal realizedPnl, BigDecimal positionQuantityAfter, BigDecimal cashAfter,
                          BigDecimal equityAfter, String currency, Instant filledAt, long fillNumber,
                          String importId) {

    public TradeRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(filledAt, "filledAt");
        quantity = Decimals.canonical(Objects.requireNonNull(quantity, "quantity"));
        price = Decimals.canonical(Objects.requireNonNull(price, "price"));
        positionQuantityAfter = Decimals.canonical(positionQuantityAfter);
        grossAmount = Decimals.cents(grossAmount);
        fees = Decimals.cents(fees);
        realizedPnl = Decimals.cents(realizedPnl);
        cashAfter = Decimals.cents(cashAfter);
        equityAfter = Decimals.cents(equityAfter);
    }

    /** This fill as the import {@code importId} stages it. */
    public TradeRecord withImportId(String importId) {
        return new TradeRecord(userId, sessionId, tradeId, source, orderId, externalId, positionId, positionOpenedAt,
                symbol, side, quantity, price, grossAmount, fees, realizedPnl, positionQuantityAfter, cashAfter,
                equityAfter, currency, filledAt, fillNumber, importId);
    }

    /** Whether this fill is committed in a session that has committed {@code sessionTradeCount} fills. */
    public boolean committedBy(long sessionTradeCount) {
        return importId == null || fillNumber <= sessionTradeCount;
    }

    /** True for a fill that realised profit or loss (a sell): the unit trade statistics count. */
    public boolean closing() {
        return side == Side.SELL;
    }

    /** The attribute naming the import that staged a fill (also on its equity point). */
    public static final String IMPORT_ID = "importId";

    public static final StaticImmutableTableSchema<TradeRecord, RecordSchema.Values> SCHEMA =
            RecordSchema.of(TradeRecord.class, v -> new TradeRecord(v.string("userId"), v.string("sessionId"),
                            v.string("tradeId"), v.enumeration("source", TradeSource.class), v.string("orderId"),
                            v.string("externalId"), v.string("positionId"), v.instant("positionOpenedAt"),
                            v.string("symbol"), v.enumeration("side", Side.class), v.decimal("quantity"),
                            v.decimal("price"), v.decimal("grossAmount"), v.decimal("fees"), v.decimal("realizedPnl"),
                            v.decimal("positionQuantityAfter"), v.decimal("cashAfter"), v.decimal("equityAfter"),
                            v.string("currency"), v.instant("filledAt"), v.longNumber("fillNumber", 0),
                            v.string(IMPORT_ID)))
                    .partitionKey("pk", t -> TradingKeys.sessionPartition(t.userId(), t.sessionId()))
                    .sortKey("sk", t -> TradingKeys.tradeSortKey(t.tradeId()))
                    .indexPartitionKey(TradingKeys.INDEX, "gsi1pk", t -> TradingKeys.userTrades(t.userId()))
                    .indexSortKey(TradingKeys.INDEX, "gsi1sk", TradeRecord::tradeId)
                    .string("userId", TradeRecord::userId)
                    .string("sessionId", TradeRecord::sessionId)
                    .string("tradeId", TradeRecord::tradeId)
                    .enumeration("source", TradeRecord::source)
                    .string("orderId", TradeRecord::orderId)
                    .string("externalId", TradeRecord::externalId)
                    .string("positionId", TradeRecord::positionId)
                    .instant("positionOpenedAt", TradeRecord::positionOpenedAt)
                    .string("symbol", TradeRecord::symbol)
                    .enumeration("side", TradeRecord::side)
                    .decimal("quantity", TradeRecord::quantity)
                    .decimal("price", TradeRecord::price)
                    .decimal("grossAmount", TradeRecord::grossAmount)
                    .decimal("fees", TradeRecord::fees)
                    .decimal("realizedPnl", TradeRecord::realizedPnl)
                    .decimal("positionQuantityAfter", TradeRecord::positionQuantityAfter)
                    .decimal("cashAfter", TradeRecord::cashAfter)
                    .decimal("equityAfter", TradeRecord::equityAfter)
                    .string("currency", TradeRecord::currency)
                    .instant("filledAt", TradeRecord::filledAt)
                    .longNumber("fillNumber", TradeRecord::fillNumber)
                    .string(IMPORT_ID, TradeRecord::importId)
                    .build();
}
