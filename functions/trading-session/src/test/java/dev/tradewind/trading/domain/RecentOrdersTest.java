package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session item keeps order times only as far as the order-rate limit needs them. */
class RecentOrdersTest {

    private static final Instant T0 = Instant.parse("2022-01-04T15:00:00Z");

    private static Account account(RiskLimits limits) {
        BigDecimal cash = new BigDecimal("1000.00");
        Session session = new Session("u1", "s1", "test", SessionType.PAPER, SessionStatus.ACTIVE, "USD", cash, cash,
                Money.zero(), Money.zero(), Money.zero(), BigDecimal.ZERO, BigDecimal.ZERO, limits, false, T0, null,
                null, 1, Map.of(), List.of(), null, 0, 0, null, 0);
        return Account.of(session, List.of(), List.of());
    }

    @Test
    void orderAccepted_withoutRateLimit_keepsNoTimes() {
        Account account = account(RiskLimits.NONE);
        for (int i = 0; i < 50; i++) {
            account.orderAccepted(T0.plusSeconds(i));
        }
        assertEquals(List.of(), account.recentOrders());
    }

    @Test
    void orderAccepted_withRateLimit_keepsAtMostTheLimitsNewestTimesWithinTheHour() {
        Account account = account(new RiskLimits(null, null, 3));
        for (int i = 0; i < 5; i++) {
            account.orderAccepted(T0.plusSeconds(60L * i));
        }
        assertEquals(List.of(T0.plusSeconds(120).toEpochMilli(), T0.plusSeconds(180).toEpochMilli(),
                T0.plusSeconds(240).toEpochMilli()), account.recentOrders());
        assertEquals(3, account.ordersInLastHour(T0.plusSeconds(300)));

        account.orderAccepted(T0.plusSeconds(3600 + 150));
        assertEquals(List.of(T0.plusSeconds(180).toEpochMilli(), T0.plusSeconds(240).toEpochMilli(),
                T0.plusSeconds(3750).toEpochMilli()), account.recentOrders());
    }
}
