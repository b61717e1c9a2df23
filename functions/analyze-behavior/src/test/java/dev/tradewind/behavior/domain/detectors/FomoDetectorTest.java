package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.Bars;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.InMemoryMarketContext;
import dev.tradewind.behavior.domain.MarketContext;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.Trades;
import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FomoDetectorTest {

    /**
     * Ten daily round trips at 12:00 at the last close: 100, or 103 on days 0, 2, 4, 6, 8 when {@code afterSpikes}
     * (the 11:00 bar of those days spiked +3 % on five times the volume).
     */
    private static Trades buysAtNoon(boolean afterSpikes) {
        Trades t = new Trades();
        for (int day = 0; day < 10; day++) {
            String price = afterSpikes && day % 2 == 0 ? "103" : "100";
            t.roundTrip(at(day, 12, 0), Duration.ofHours(2), "BTCUSDT", "1", price, price);
        }
        return t;
    }

    private static Bars calm() {
        return new Bars().calm("BTCUSDT", at(-2, 0, 0), 24 * 14, 100);
    }

    @Test
    void buysRightAfterSpikes_areDetectedWithTheSignals() {
        Bars bars = calm();
        for (int day = 0; day < 10; day += 2) {
            bars.spike("BTCUSDT", at(day, 11, 0), 103, 5000);
        }
        Finding f = Analysis.analyze(buysAtNoon(true).history(), bars.market(), Sensitivity.MEDIUM)
                .finding(Pattern.FOMO);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(5L, f.metrics().get("fomoBuys"));
        assertEquals(10L, f.metrics().get("buysWithMarketData"));
        assertEquals(new BigDecimal("0.5000"), f.metrics().get("share"));
        assertEquals(5L, f.metrics().get("afterAbnormalMove"));
        assertEquals(5L, f.metrics().get("afterAbnormalVolume"));
        assertEquals(List.of("f001"), f.evidence().get(0).tradeIds());
        assertTrue(f.evidence().get(0).description().contains("prior bar moved +3.00%"),
                f.evidence().get(0).description());
    }

    @Test
    void buysInACalmMarket_areNotFomo() {
        Finding f = Analysis.analyze(buysAtNoon(false).history(), calm().market(), Sensitivity.HIGH)
                .finding(Pattern.FOMO);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(0L, f.metrics().get("fomoBuys"));
    }

    @Test
    void withoutMarketData_fomoIsInsufficientData_notAFinding() {
        Finding f = Analysis.analyze(buysAtNoon(true).history(), MarketContext.NONE, Sensitivity.HIGH)
                .finding(Pattern.FOMO);
        assertEquals(Status.INSUFFICIENT_DATA, f.status());
        assertEquals(0L, f.metrics().get("buysWithMarketData"));
    }

    /**
     * The market data ends on day 0 at 00:00 with a +3 % bar on five times the volume; the buys come at noon on days
     * 3–12, long after it. Their prior bar is missing, not that spike: none of them has market data to judge.
     */
    @Test
    void buysAfterTheMarketDataEnds_areNotJudgedOnTheLastStaleBars() {
        Bars bars = new Bars().calm("BTCUSDT", at(-2, 0, 0), 48, 100).spike("BTCUSDT", at(-1, 23, 0), 103, 5000);
        Trades t = new Trades();
        for (int day = 3; day < 13; day++) {
            t.roundTrip(at(day, 12, 0), Duration.ofHours(2), "BTCUSDT", "1", "103", "103");
        }

        Finding f = Analysis.analyze(t.history(), bars.market(), Sensitivity.MEDIUM).finding(Pattern.FOMO);

        assertEquals(Status.INSUFFICIENT_DATA, f.status(), f.summary());
        assertEquals(0L, f.metrics().get("buysWithMarketData"));
        assertEquals(0L, f.metrics().get("fomoBuys"));
    }

    /**
     * Twenty flat bars (every close 100, every volume 1,000), then a bar that does something: a σ of 0 makes any
     * difference from the flat past certain, ±∞σ, never undefined. Buys at noon on days 0–9 (at {@code price} on
     * days 0, 2, 4, 6, 8, whose 11:00 bar closes at {@code close} on {@code volume}; at 100 on the others).
     */
    private static Finding afterFlatBars(double close, double volume, String price) {
        Bars bars = new Bars().flat("BTCUSDT", at(-2, 0, 0), 24 * 14, 100);
        Trades t = new Trades();
        for (int day = 0; day < 10; day++) {
            boolean spiked = day % 2 == 0;
            if (spiked) {
                bars.spike("BTCUSDT", at(day, 11, 0), close, volume);
            }
            t.roundTrip(at(day, 12, 0), Duration.ofHours(2), "BTCUSDT", "1", spiked ? price : "100", "100");
        }
        return Analysis.analyze(t.history(), bars.market(), Sensitivity.LOW).finding(Pattern.FOMO);
    }

    @Test
    void aSmallDropAfterTwentyFlatBars_isAnInfiniteSigmaMove() {
        Finding f = afterFlatBars(99.9, 1000, "99.9");

        assertEquals(Status.DETECTED, f.status(), f.summary());
        assertEquals(5L, f.metrics().get("afterAbnormalMove"));
        assertEquals(0L, f.metrics().get("afterAbnormalVolume"), "the same volume: 0 / 0, undefined");
        assertEquals(0L, f.metrics().get("farAboveMean"));
        assertTrue(f.evidence().get(0).description().contains("prior bar moved -0.10% (∞σ)"),
                f.evidence().get(0).description());
        assertFalse(f.evidence().get(0).values().containsKey("priorBarSigmas"));
    }

    @Test
    void moreVolumeAfterTwentyBarsOfTheSame_isAnInfiniteZ() {
        Finding f = afterFlatBars(100, 1500, "100");

        assertEquals(Status.DETECTED, f.status(), f.summary());
        assertEquals(5L, f.metrics().get("afterAbnormalVolume"));
        assertEquals(0L, f.metrics().get("afterAbnormalMove"), "no move: 0 / 0, undefined");
        assertTrue(f.evidence().get(0).description().contains("prior-bar volume z ∞"),
                f.evidence().get(0).description());
    }

    @Test
    void buyingAboveTwentyFlatCloses_isInfinitelyFarAboveTheMean() {
        Finding f = afterFlatBars(100, 1000, "100.5");

        assertEquals(Status.DETECTED, f.status(), f.summary());
        assertEquals(5L, f.metrics().get("farAboveMean"));
        assertTrue(f.evidence().get(0).description().contains("price ∞σ above its 20-bar mean"),
                f.evidence().get(0).description());
    }

    /**
     * Real Binance hourly BTCUSDT: buys right after the six largest hourly moves of 2021 and at six ordinary
     * Wednesdays at noon, each sold an hour later at the next close.
     */
    @Test
    void realHistory_buysAfterTheLargestHourlyMovesOf2021_areDetected() {
        List<Candle> candles = BundledHistory.load(Repository.path("data/market")).candles("BTCUSDT");
        List<Candle> year = candles.stream().filter(c -> c.openTime().toString().startsWith("2021")).toList();
        double[] returns = Indicators.logReturns(CandleSeries.closes(year));
        List<Integer> biggest = new ArrayList<>();
        for (int i = 30; i < year.size() - 1; i++) {
            biggest.add(i);
        }
        biggest.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(returns[i])).thenComparing(i -> i));
        Trades t = new Trades();
        List<Integer> chosen = new ArrayList<>();
        for (int i : biggest) {
            if (chosen.stream().noneMatch(c -> Math.abs(c - i) < 48)) {
                chosen.add(i);
            }
            if (chosen.size() == 6) {
                break;
            }
        }
        chosen.sort(Integer::compare);
        for (int i : chosen) {
            buyAfterClose(t, year, i);
        }
        Instant wednesday = Instant.parse("2021-03-03T11:00:00Z");
        for (int k = 0; k < 6; k++) {
            Instant open = wednesday.plus(Duration.ofDays(7L * k));
            int index = indexOf(year, open);
            buyAfterClose(t, year, index);
        }
        Finding f = Analysis.analyze(t.history(), InMemoryMarketContext.of(
                BundledHistory.load(Repository.path("data/market"))), Sensitivity.MEDIUM).finding(Pattern.FOMO);
        assertEquals(Status.DETECTED, f.status(), f.summary());
        assertTrue((Long) f.metrics().get("afterAbnormalMove") >= 6, f.summary());
    }

    private static void buyAfterClose(Trades t, List<Candle> bars, int i) {
        Instant closed = bars.get(i).openTime().plus(Duration.ofHours(1));
        String price = bars.get(i).close().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        String exit = bars.get(i + 1).close().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        t.roundTrip(closed, Duration.ofHours(1), "BTCUSDT", "0.1", price, exit);
    }

    private static int indexOf(List<Candle> bars, Instant open) {
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).openTime().equals(open)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no bar at " + open);
    }
}
