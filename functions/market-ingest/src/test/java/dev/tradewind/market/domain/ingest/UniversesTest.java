package dev.tradewind.market.domain.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.Repository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UniversesTest {

    private static Universes parse(String json) throws Exception {
        return Universes.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void bundledUniverses_coverEveryBundledInstrumentWithGenerousBackfill() {
        Universes universes = Universes.load(Optional.empty());
        Universe crypto = universes.find("crypto-1h").orElseThrow();
        Universe stocks = universes.find("stocks-1d").orElseThrow();
        assertEquals(AssetClass.CRYPTO, crypto.assetClass());
        assertEquals(Interval.D1, stocks.interval());
        // The model's features need ~200 bars before "now": the first run reaches well beyond that.
        assertTrue(crypto.backfill().compareTo(Duration.ofHours(400)) > 0);
        assertTrue(stocks.backfill().compareTo(Duration.ofDays(300)) > 0);
        BundledHistory history = BundledHistory.load(Repository.path("data/market"));
        assertEquals(history.instruments().size(), crypto.instruments().size() + stocks.instruments().size());
        history.instruments().forEach(i -> assertTrue(
                (i.assetClass() == AssetClass.CRYPTO ? crypto : stocks).instruments().contains(i), i.symbol()));
    }

    @Test
    void mistakes_failWithTheUniverseAndFieldNamed() {
        String yahooHourly = "{\"universes\":{\"x\":{\"assetClass\":\"stock\",\"interval\":\"1h\",\"provider\":\"yahoo\","
                + "\"backfill\":\"P1D\",\"instruments\":[{\"symbol\":\"AAPL\"}]}}}";
        assertTrue(assertThrows(ConfigException.class, () -> parse(yahooHourly)).getMessage().contains("'x'"));
        String badBackfill = "{\"universes\":{\"y\":{\"assetClass\":\"crypto\",\"interval\":\"1h\",\"provider\":\"binance\","
                + "\"backfill\":\"soon\",\"instruments\":[{\"symbol\":\"BTCUSDT\"}]}}}";
        assertTrue(assertThrows(ConfigException.class, () -> parse(badBackfill)).getMessage().contains("backfill"));
        String empty = "{\"universes\":{\"z\":{\"assetClass\":\"crypto\",\"interval\":\"1h\",\"provider\":\"binance\","
                + "\"backfill\":\"P1D\"}}}";
        assertTrue(assertThrows(ConfigException.class, () -> parse(empty)).getMessage().contains("instruments or discover"));
    }

    @Test
    void discovery_isOptionalAndBounded() throws Exception {
        Universes universes = parse("{\"universes\":{\"usdt\":{\"assetClass\":\"crypto\",\"interval\":\"1h\","
                + "\"provider\":\"binance\",\"backfill\":\"P2D\",\"discover\":{\"quoteAsset\":\"USDT\",\"max\":25}}}}");
        assertEquals(new Universe.Discovery("USDT", 25), universes.find("usdt").orElseThrow().discovery());
    }
}
