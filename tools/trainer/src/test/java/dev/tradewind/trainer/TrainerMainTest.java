package dev.tradewind.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerMainTest {

    @Test
    void parse_defaultsToEveryFamilyIntoModels() {
        TrainerMain.Options options = TrainerMain.parse(new String[0]);
        assertEquals(FamilySpec.ALL, options.families());
        assertEquals(Path.of("models"), options.out());
        assertEquals(Path.of("data/market"), options.data());
    }

    @Test
    void parse_familyAndCiSlice() {
        TrainerMain.Options options = TrainerMain.parse(new String[] {"--family", "stocks-1d", "--ci"});
        assertEquals(1, options.families().size());
        FamilySpec ci = options.families().getFirst();
        assertEquals("stocks-1d", ci.name());
        assertEquals(40, ci.params().rounds());
        assertEquals(List.of("AAPL", "AMZN"), ci.symbols());
        assertTrue(ci.dataFrom().isPresent());
    }

    @Test
    void parse_mistakes_areUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> TrainerMain.parse(new String[] {"--family", "fx-1m"}));
        assertThrows(IllegalArgumentException.class, () -> TrainerMain.parse(new String[] {"--out"}));
        assertThrows(IllegalArgumentException.class, () -> TrainerMain.parse(new String[] {"--fast"}));
    }

    @Test
    void families_trainBeforeTheReplayStart() {
        for (FamilySpec spec : FamilySpec.ALL) {
            assertEquals(java.time.Instant.parse("2022-01-03T00:00:00Z"), spec.cutoff());
            assertEquals(1, spec.params().threads(), "one thread: reproducible on any machine");
        }
        assertEquals(4, FamilySpec.CRYPTO_1H.horizonBars());
        assertEquals(1, FamilySpec.STOCKS_1D.horizonBars());
    }
}
