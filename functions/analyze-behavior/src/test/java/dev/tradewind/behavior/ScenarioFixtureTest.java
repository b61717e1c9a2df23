package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.shared.market.Candle;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample history is real: every price is the open of the bundled BTCUSDT bar its fill falls in. */
class ScenarioFixtureTest {

    @Test
    void everyPrice_isTheOpenOfTheBarItsFillFallsIn() {
        Map<Instant, Candle> bars = new HashMap<>();
        BehaviorApi.HISTORY.candles("BTCUSDT").forEach(c -> bars.put(c.openTime(), c));
        List<String> lines = BehaviorApi.SCENARIO.strip().lines().toList();
        assertEquals("time,symbol,side,quantity,price,fees", lines.getFirst());
        assertEquals(31, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Instant time = Instant.parse(f[0]);
            Candle bar = bars.get(time.truncatedTo(ChronoUnit.HOURS));
            assertEquals("BTCUSDT", f[1]);
            assertEquals(0, bar.open().compareTo(new BigDecimal(f[4])), line);
        }
    }
}
