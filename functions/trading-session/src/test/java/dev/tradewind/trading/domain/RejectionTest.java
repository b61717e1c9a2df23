package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RejectionTest {

    @Test
    void codes_areTheStoredAndAnsweredStrings() {
        assertEquals("INSUFFICIENT_CASH", Rejection.INSUFFICIENT_CASH.code());
        assertEquals("INSUFFICIENT_POSITION", Rejection.INSUFFICIENT_POSITION.code());
        assertEquals(2, Rejection.values().length);
    }

    @Test
    void messages_areWhatARefusedPlacementAnswers() {
        assertEquals("Not enough cash for this order", Rejection.INSUFFICIENT_CASH.message());
        assertEquals("Cannot sell more than the position holds (no short selling)",
                Rejection.INSUFFICIENT_POSITION.message());
    }
}
