package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void of_oddCount_isTheMiddleValue_andLeavesTheInputUnsorted() {
        double[] values = {9.0, 1.0, 4.0};

        assertEquals(4.0, Medians.of(values));
        assertArrayEquals(new double[] {9.0, 1.0, 4.0}, values);
    }

    @Test
    void of_evenCount_isTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, Medians.of(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void ofColumn_takesOneColumnOfEachRun() {
        List<double[]> runs = List.of(new double[] {1.0, 30.0}, new double[] {2.0, 10.0}, new double[] {3.0, 20.0});

        assertEquals(20.0, Medians.ofColumn(runs, 1));
    }

    @Test
    void of_noValues_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Medians.of(new double[0]));
    }
}
