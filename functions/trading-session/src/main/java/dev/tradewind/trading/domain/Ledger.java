package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Applies a fill to an account (docs/trading.md#accounting). Average-cost accounting on the position's cost basis in cents:
 *
 * <ul>
 *   <li>BUY: cash −= gross + fee; cost basis += gross + fee; quantity += q.</li>
 *   <li>SELL: cash += gross − fee; the cost basis leaving is the whole basis when the position closes, else
 *       basis × q / quantity rounded half up to the cent; realised P&amp;L = (gross − fee) − that basis.</li>
 * </ul>
 *
 * So at every moment, exactly: starting cash + Σ realised P&amp;L = cash + Σ cost basis of open positions.
 */
public final class Ledger {

    private Ledger() {
    }

    /** The outcome of trying to apply a fill. */
    public sealed interface Result {
    }

    public record Filled(TradeRecord trade, Position position) implements Result {
    }

    /** The fill cannot happen and nothing changed. */
    public record Refused(Rejection reason) implements Result {
    }

    /** One fill to apply. {@code fee} null means the session's fee rate applies. */
    public record Fill(String tradeId, TradeSource source, String orderId, String externalId, String symbol, Side side,
                       BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant filledAt) {
    }

    /** The gross amount and fee a fill would cost or bring, before it is applied. */
    public record Amounts(BigDecimal gross, BigDecimal fee) {
        public BigDecimal cashDelta(Side side) {
            return side == Side.BUY ? gross.add(fee).negate() : gross.subtract(fee);
        }
    }

    public static Amounts amounts(Side side, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                                  BigDecimal feesBps) {
        BigDecimal gross = Money.gross(side, quantity, price);
        return new Amounts(gross, fee != null ? Money.cents(fee) : Money.fee(gross, feesBps));
    }

    /**
     * Applies {@code fill} to {@code account} if it can happen: a buy needs the cash (unless {@code cashMayGoNegative},
     * for a journal of real trades), a sell needs the quantity (no short selling).
     */
    public static Result apply(Account account, Fill fill, boolean cashMayGoNegative) {
        Position before = account.position(fill.symbol());
        Amounts amounts = amounts(fill.side(), fill.quantity(), fill.price(), fill.fee(), account.feesBps());
        BigDecimal gross = amounts.gross();
        BigDecimal fee = amounts.fee();
        Position after;
        BigDecimal realized;
        if (fill.side() == Side.BUY) {
            BigDecimal cost = gross.add(fee);
            if (!cashMayGoNegative && account.cash().compareTo(cost) < 0) {
                return new Refused(Rejection.INSUFFICIENT_CASH);
            }
            boolean opens = !before.isOpen();
            after = new Position(before.userId(), before.sessionId(), before.symbol(),
                    before.quantity().add(fill.quantity()), before.costBasis().add(cost), before.realizedPnl(),
                    opens ? fill.tradeId() : before.positionId(), opens ? fill.filledAt() : before.openedAt(),
                    fill.price(), fill.filledAt(), before.version());
            realized = Money.zero();
        } else {
            if (before.quantity().compareTo(fill.quantity()) < 0) {
                return new Refused(Rejection.INSUFFICIENT_POSITION);
            }
            boolean closes = before.quantity().compareTo(fill.quantity()) == 0;
            BigDecimal basisOut = closes ? before.costBasis()
                    : before.costBasis().multiply(fill.quantity())
                            .divide(before.quantity(), Money.CASH_SCALE, RoundingMode.HALF_UP);
            BigDecimal proceeds = gross.subtract(fee);
            realized = proceeds.subtract(basisOut);
            after = new Position(before.userId(), before.sessionId(), before.symbol(),
                    before.quantity().subtract(fill.quantity()), before.costBasis().subtract(basisOut),
                    before.realizedPnl().add(realized), before.positionId(), before.openedAt(), fill.price(),
                    fill.filledAt(), before.version());
        }
        account.applyFill(after, amounts.cashDelta(fill.side()), realized, fee, gross, fill.filledAt());
        TradeRecord trade = new TradeRecord(account.userId(), account.sessionId(), fill.tradeId(), fill.source(),
                fill.orderId(), fill.externalId(), after.positionId(), after.openedAt(), fill.symbol(), fill.side(),
                fill.quantity(), fill.price(), gross, fee, realized, after.quantity(), account.cash(),
                account.equity(), account.session().currency(), fill.filledAt(), account.tradeCount(), null);
        return new Filled(trade, after);
    }
}
