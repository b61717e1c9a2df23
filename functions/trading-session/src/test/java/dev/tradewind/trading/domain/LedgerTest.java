package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final Instant T0 = Instant.parse("2022-01-04T15:00:00Z");

    static Account account(String startingCash, String feesBps) {
        BigDecimal cash = new BigDecimal(startingCash).setScale(2);
        Session session = new Session("u1", "s1", "test", SessionType.PAPER, SessionStatus.ACTIVE, "USD", cash, cash,
                Money.zero(), Money.zero(), Money.zero(), new BigDecimal(feesBps), BigDecimal.ZERO, RiskLimits.NONE,
                false, T0, null, null, 1, Map.of(), List.of(), null, 0, 0, null, 0);
        return Account.of(session, List.of(), List.of());
    }

    private static int sequence;

    private static Ledger.Result fill(Account account, Side side, String quantity, String price) {
        String id = "t" + (++sequence);
        return Ledger.apply(account, new Ledger.Fill(id, TradeSource.PAPER, "o" + sequence, null, "BTCUSDT", side,
                new BigDecimal(quantity), new BigDecimal(price), null, T0.plusSeconds(sequence)), false);
    }

    private static TradeRecord trade(Ledger.Result result) {
        return assertInstanceOf(Ledger.Filled.class, result).trade();
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(new BigDecimal(expected), actual);
    }

    /** starting cash + Σ realised = cash + Σ cost basis, to the cent. */
    private static void assertBooksBalance(Account account) {
        BigDecimal basis = account.positions().stream().map(Position::costBasis).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertEquals(account.session().startingCash().add(account.realizedPnl()), account.cash().add(basis));
        assertTrue(account.cash().signum() >= 0, "cash never negative");
    }

    @Test
    void buyThenPartialSellThenClose_accountsEveryCent() {
        Account account = account("10000", "10");
        TradeRecord buy = trade(fill(account, Side.BUY, "0.1", "46933.15"));
        // gross 4693.315 rounds up to 4693.32; fee 10 bps = 4.693320 rounds up to 4.70.
        assertMoney("4693.32", buy.grossAmount());
        assertMoney("4.70", buy.fees());
        assertMoney("5301.98", account.cash());
        assertMoney("4698.02", account.position("BTCUSDT").costBasis());
        assertMoney("0.00", buy.realizedPnl());
        assertBooksBalance(account);

        TradeRecord partial = trade(fill(account, Side.SELL, "0.03", "47303.01"));
        // gross 1419.0903 rounds down to 1419.09; fee 1.419090 rounds up to 1.42; basis out 4698.02 × 0.3 = 1409.406
        // rounds to 1409.41; realised = 1417.67 - 1409.41.
        assertMoney("1419.09", partial.grossAmount());
        assertMoney("1.42", partial.fees());
        assertMoney("8.26", partial.realizedPnl());
        assertMoney("3288.61", account.position("BTCUSDT").costBasis());
        assertEquals(new BigDecimal("0.07"), account.position("BTCUSDT").quantity());
        assertBooksBalance(account);

        TradeRecord close = trade(fill(account, Side.SELL, "0.07", "46000"));
        assertMoney("3220.00", close.grossAmount());
        assertMoney("3.22", close.fees());
        assertMoney("-71.83", close.realizedPnl());
        assertMoney("0.00", account.position("BTCUSDT").costBasis());
        assertEquals(0, account.position("BTCUSDT").quantity().signum());
        assertMoney("-63.57", account.realizedPnl());
        assertMoney("9.34", account.feesPaid());
        assertMoney("9936.43", account.cash());
        assertBooksBalance(account);
    }

    @Test
    void buyBeyondCash_isRefusedAndChangesNothing() {
        Account account = account("1000", "10");
        Ledger.Result result = fill(account, Side.BUY, "1", "999.5");
        // 999.50 + 1.00 fee > 1000.00
        assertEquals(new Ledger.Refused(Rejection.INSUFFICIENT_CASH), result);
        assertMoney("1000.00", account.cash());
        assertTrue(account.positions().isEmpty());
        assertInstanceOf(Ledger.Filled.class, fill(account, Side.BUY, "1", "999"));
        assertMoney("0.00", account.cash());
    }

    @Test
    void sellBeyondThePosition_isRefused_noShortSelling() {
        Account account = account("1000", "0");
        assertEquals(new Ledger.Refused(Rejection.INSUFFICIENT_POSITION), fill(account, Side.SELL, "0.1", "100"));
        trade(fill(account, Side.BUY, "1", "100"));
        assertEquals(new Ledger.Refused(Rejection.INSUFFICIENT_POSITION), fill(account, Side.SELL, "1.00000001", "100"));
        assertEquals(new BigDecimal("1"), account.position("BTCUSDT").quantity());
    }

    @Test
    void reopeningAPosition_givesItANewPositionId() {
        Account account = account("1000", "0");
        TradeRecord first = trade(fill(account, Side.BUY, "1", "100"));
        TradeRecord add = trade(fill(account, Side.BUY, "1", "100"));
        TradeRecord exit = trade(fill(account, Side.SELL, "2", "110"));
        TradeRecord again = trade(fill(account, Side.BUY, "1", "100"));
        assertEquals(first.tradeId(), first.positionId());
        assertEquals(first.positionId(), add.positionId());
        assertEquals(first.positionId(), exit.positionId());
        assertEquals(first.filledAt(), exit.positionOpenedAt());
        assertNotEquals(first.positionId(), again.positionId());
        assertMoney("20.00", exit.realizedPnl());
    }

    @Test
    void roundingNeverCreatesMoney_overManyRandomFills() {
        Random random = new Random(42);
        Account account = account("100000", "7.5");
        for (int i = 0; i < 2000; i++) {
            BigDecimal price = new BigDecimal(20000 + random.nextInt(30000)).add(new BigDecimal(random.nextInt(100))
                    .movePointLeft(2));
            BigDecimal held = account.position("BTCUSDT").quantity();
            boolean sell = held.signum() > 0 && random.nextBoolean();
            BigDecimal quantity = sell
                    ? held.multiply(BigDecimal.valueOf(random.nextInt(100) + 1)).divide(BigDecimal.valueOf(100), 8,
                            RoundingMode.DOWN).max(new BigDecimal("0.00000001")).min(held)
                    : new BigDecimal(random.nextInt(100_000) + 1).movePointLeft(8);
            fill(account, sell ? Side.SELL : Side.BUY, quantity.toPlainString(), price.toPlainString());
            assertBooksBalance(account);
        }
        // Buying and selling the same quantity at the same price can only lose (fees and rounding), never gain.
        Account flat = account("1000", "0");
        for (int i = 0; i < 100; i++) {
            trade(fill(flat, Side.BUY, "0.00000333", "33333.33"));
            trade(fill(flat, Side.SELL, "0.00000333", "33333.33"));
        }
        assertTrue(flat.cash().compareTo(new BigDecimal("1000.00")) <= 0, flat.cash().toPlainString());
    }
}
