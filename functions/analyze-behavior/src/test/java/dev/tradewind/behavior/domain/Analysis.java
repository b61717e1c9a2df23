package dev.tradewind.behavior.domain;

import dev.tradewind.behavior.domain.detectors.Detector;
import java.time.Instant;
import java.time.ZoneOffset;

/** Runs the engine or one detector the way the analyzer does, for tests. */
public final class Analysis {

    public static final Instant AS_OF = Instant.parse("2024-06-01T00:00:00Z");

    private Analysis() {
    }

    public static BehaviorAnalysis analyze(TradeHistory history, MarketContext market, Sensitivity sensitivity) {
        return new BehaviorAnalyzer(market).analyze(history, AnalysisOptions.of(sensitivity), AS_OF);
    }

    public static BehaviorAnalysis analyze(TradeHistory history, Sensitivity sensitivity) {
        return analyze(history, MarketContext.NONE, sensitivity);
    }

    /** One detector on a history, without the analysis-wide minimum of closed round trips. */
    public static Detector.Result detect(Detector detector, TradeHistory history, MarketContext market,
                                  Sensitivity sensitivity) {
        AnalysisOptions options = AnalysisOptions.of(sensitivity);
        TradeLedger ledger = TradeLedger.build(history, ZoneOffset.UTC);
        return detector.detect(new AnalysisContext(ledger, options, market, history.journal()));
    }
}
