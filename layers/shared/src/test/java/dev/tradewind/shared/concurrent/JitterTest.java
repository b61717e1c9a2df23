package dev.tradewind.shared.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JitterTest {

    @Test
    void millisUpTo_drawsEveryValueFromZeroToTheCapAndNothingElse() {
        Set<Long> drawn = new TreeSet<>();
        for (int i = 0; i < 2_000; i++) {
            drawn.add(Jitter.millisUpTo(4));
        }
        // Each of the 5 values is missed by 2,000 uniform draws with probability 0.8^2000.
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), drawn);
    }

    @Test
    void millisUpTo_zeroCap_isZero() {
        assertEquals(0, Jitter.millisUpTo(0));
    }

    @Test
    void millisUpTo_negativeCap_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Jitter.millisUpTo(-1));
    }
}
