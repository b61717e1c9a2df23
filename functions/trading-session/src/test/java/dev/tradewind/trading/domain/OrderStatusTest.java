package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

    @Test
    void open_canBecomeEveryEndState_butNotOpenAgain() {
        for (OrderStatus next : EnumSet.complementOf(EnumSet.of(OrderStatus.OPEN))) {
            assertTrue(OrderStatus.OPEN.canBecome(next), "OPEN -> " + next);
        }
        assertFalse(OrderStatus.OPEN.canBecome(OrderStatus.OPEN));
        assertFalse(OrderStatus.OPEN.isTerminal());
    }

    @Test
    void endStates_areTerminal_andNeverChange() {
        for (OrderStatus end : EnumSet.complementOf(EnumSet.of(OrderStatus.OPEN))) {
            assertTrue(end.isTerminal(), end.name());
            for (OrderStatus next : OrderStatus.values()) {
                assertFalse(end.canBecome(next), end + " -> " + next);
            }
        }
    }

    @Test
    void names_areTheStoredStrings() {
        assertEquals("OPEN FILLED CANCELED EXPIRED REJECTED", String.join(" ",
                EnumSet.allOf(OrderStatus.class).stream().map(Enum::name).toList()));
    }
}
