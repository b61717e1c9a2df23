package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.Direction;
import dev.tradewind.behavior.domain.Entry;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.Values;
import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.Candle;
import java.util.ArrayList;
import java.util.List;

/**
 * FOMO / chasing: buys right after the market did something attention-grabbing (Barber &amp; Odean 2008: individual
 * investors are net buyers of stocks with extreme one-day returns and abnormal volume). For each opening buy, over
 * the {@code lookback} bars before the last closed bar:
 * <ul>
 *   <li>abnormal move: |log return of the last closed bar| > k·σ, σ the sample standard deviation of the lookback's
 *       log returns (the spike itself excluded);</li>
 *   <li>abnormal volume: the last closed bar's volume z-score against the lookback's mean and sample standard
 *       deviation at least the preset (1.2816 = top decile under normality);</li>
 *   <li>far above the recent mean: (entry price − SMA) / σ(closes) at least the preset, over the lookback ending at
 *       the last closed bar (2 = above Bollinger's upper band).</li>
 * </ul>
 * Reported when the share of buys with a signal is well above what random timing gives (roughly 10–15 % at the
 * medium thresholds).
 */
public final class FomoDetector implements Detector {

    @Override
    public Pattern pattern() {
        return Pattern.FOMO;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Fomo t = context.thresholds(Thresholds.FOMO);
        int lookback = t.lookbackBars();
        int buys = 0;
        int evaluated = 0;
        int moves = 0;
        int volumes = 0;
        int stretched = 0;
        EvidenceTail evidence = new EvidenceTail();
        for (Entry e : context.entries()) {
            if (e.direction() != Direction.LONG) {
                continue;
            }
            buys++;
            List<Candle> bars = context.market().closedBarsBefore(e.symbol(), e.time(), lookback + 2);
            if (bars.size() < lookback + 2) {
                continue;
            }
            evaluated++;
            int last = bars.size() - 1;
            double[] closes = CandleSeries.closes(bars);
            double[] volume = CandleSeries.volumes(bars);
            double[] returns = Indicators.logReturns(closes);
            double move = returns[last];
            // Indicators.rollingVolatility(closes, lookback), without taking the logs twice.
            double sigma = Indicators.rollingStdDev(returns, lookback, true)[last - 1];
            // A σ of 0 (flat bars) makes any difference from them certain, ±∞, and none 0 / 0, NaN, as in welchT.
            double moveSigmas = Math.abs(move) / sigma;
            double volumeMean = Indicators.sma(volume, lookback)[last - 1];
            double volumeSd = Indicators.rollingStdDev(volume, lookback, true)[last - 1];
            double volumeZ = (volume[last] - volumeMean) / volumeSd;
            double closeMean = Indicators.sma(closes, lookback)[last];
            double closeSd = Indicators.rollingStdDev(closes, lookback, false)[last];
            double priceZ = (e.price().doubleValue() - closeMean) / closeSd;
            boolean abnormalMove = moveSigmas > t.returnSigma();
            boolean abnormalVolume = volumeZ >= t.volumeZ();
            boolean farAbove = priceZ >= t.priceZ();
            moves += abnormalMove ? 1 : 0;
            volumes += abnormalVolume ? 1 : 0;
            stretched += farAbove ? 1 : 0;
            if (abnormalMove || abnormalVolume || farAbove) {
                evidence.add(() -> {
                    List<String> signals = new ArrayList<>();
                    if (abnormalMove) {
                        signals.add(Text.f("prior bar moved %+.2f%% (%sσ)", 100 * (Math.exp(move) - 1),
                                Text.stat(moveSigmas, 1)));
                    }
                    if (abnormalVolume) {
                        signals.add("prior-bar volume z " + Text.stat(volumeZ, 1));
                    }
                    if (farAbove) {
                        signals.add(Text.f("price %sσ above its %d-bar mean", Text.stat(priceZ, 1), lookback));
                    }
                    return new Evidence(e.time(), e.symbol(), List.of(e.fillId()), Text.f("bought %s %s at %s: %s",
                            e.quantity().toPlainString(), e.symbol(), e.price().toPlainString(),
                            String.join(", ", signals)),
                            Values.of().money("price", e.price()).ratio("priorBarReturn", Math.exp(move) - 1)
                                    .ratio("priorBarSigmas", moveSigmas).ratio("volumeZ", volumeZ)
                                    .ratio("priceZ", priceZ).build());
                });
            }
        }
        var metrics = Values.of().count("buys", buys).count("buysWithMarketData", evaluated)
                .count("fomoBuys", evidence.count()).ratio("share", evaluated == 0 ? Double.NaN
                        : (double) evidence.count() / evaluated)
                .count("afterAbnormalMove", moves).count("afterAbnormalVolume", volumes)
                .count("farAboveMean", stretched).count("lookbackBars", lookback)
                .ratio("returnSigmaMin", t.returnSigma()).ratio("volumeZMin", t.volumeZ())
                .ratio("priceZMin", t.priceZ()).ratio("minShare", t.minShare()).build();
        if (evaluated < t.minEvaluated()) {
            return Result.of(Findings.insufficient(pattern(), Text.f(
                    "%d of %s had market data for the %d bars before them; %d needed", evaluated,
                    Text.plural(buys, "buy", "buys"), lookback + 2, t.minEvaluated()), metrics));
        }
        double share = (double) evidence.count() / evaluated;
        boolean detected = evidence.count() >= t.minCount() && share >= t.minShare();
        double score = evidence.count() >= t.minCount() ? Stats.pastThreshold(share, t.minShare()) : 0;
        String summary = Text.f("%d of %d buys (%s) came right after an abnormal move, abnormal volume or far above"
                + " the recent mean", evidence.count(), evaluated, Text.pct(share));
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence.build(),
                evidence.count());
        if (!detected) {
            return Result.of(finding);
        }
        String text = Text.f("%s (%d after a > %.1fσ bar, %d on top-decile-like volume, %d more than %.1fσ above"
                        + " the %d-bar mean) → write the entry plan before the bar closes; after a spike, wait for"
                        + " the next bar to close and enter only if the plan still holds.", summary, moves,
                t.returnSigma(), volumes, stretched, t.priceZ(), lookback);
        return new Result(finding, new Recommendation(pattern(), finding.severity(), text, false), null);
    }
}
