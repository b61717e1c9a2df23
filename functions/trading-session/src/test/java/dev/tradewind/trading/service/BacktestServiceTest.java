package dev.tradewind.trading.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tradewind.trading.domain.EquityPoint;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BacktestServiceTest {

    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");

    /** Decisions → the step and the points answered: every step-th and the last, never more than 1,000. */
    @ParameterizedTest
    @CsvSource({"1, 1, 1", "1000, 1, 1000", "1001, 2, 501", "1999, 2, 1000", "2000, 3, 668", "5000, 6, 835"})
    void curve_keepsEveryStepthPointAndTheLast_atMostAThousand(int decisions, int step, int answered) {
        List<EquityPoint> points = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            points.add(new EquityPoint("u1", "bt", START.plus(Duration.ofHours(i)), EquityPoint.Kind.CANDLE, 0, null,
                    BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ZERO));
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();

        assertEquals(step, BacktestService.curve(out, points));
        assertEquals(answered, out.size());
        assertEquals(START.plus(Duration.ofHours(decisions - 1)).toString(), out.get(out.size() - 1).get("time")
                .asText());
    }
}
