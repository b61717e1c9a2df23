package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What every detector reads: the derived ledger, its thresholds at the chosen sensitivity, and a few shared measures.
 *
 * <p>"Risk" of an entry is its notional as a fraction of equity at that moment when equity is known, else its
 * notional: every comparison of sizes is a ratio, so either measure works, and the first also follows a trader whose
 * account grows.
 */
public final class AnalysisContext {

    private final TradeLedger ledger;
    private final AnalysisOptions options;
    private final MarketContext market;
    private final List<JournalNote> journal;
    private final double[] entryRisk;
    private final double[] entryEquity;
    private final double medianEntryRisk;
    private final int[] closedSeq;
    private final double[] closedRisk;
    private final double[] closedEquity;
    private final double[] equityBefore;

    AnalysisContext(TradeLedger ledger, AnalysisOptions options, MarketContext market, List<JournalNote> journal) {
        this.ledger = ledger;
        this.options = options;
        this.market = market;
        this.journal = journal;
        List<Entry> entries = ledger.entries();
        entryRisk = new double[entries.size()];
        entryEquity = new double[entries.size()];
        for (int i = 0; i < entryRisk.length; i++) {
            Entry e = entries.get(i);
            entryEquity[i] = equity().at(e.time());
            entryRisk[i] = risk(e.notional().doubleValue(), entryEquity[i]);
        }
        medianEntryRisk = Stats.median(entryRisk);
        List<ClosedTrade> closed = ledger.closed();
        closedSeq = new int[closed.size()];
        closedRisk = new double[closed.size()];
        closedEquity = new double[closed.size()];
        equityBefore = new double[closed.size()];
        for (int i = 0; i < closedSeq.length; i++) {
            ClosedTrade c = closed.get(i);
            closedSeq[i] = c.seq();
            closedEquity[i] = equity().at(c.entryTime());
            closedRisk[i] = risk(c.entryNotional().doubleValue(), closedEquity[i]);
            equityBefore[i] = equity().before(c);
        }
    }

    public TradeLedger ledger() {
        return ledger;
    }

    public List<ClosedTrade> closed() {
        return ledger.closed();
    }

    public List<Entry> entries() {
        return ledger.entries();
    }

    public TradeLedger.EquityTimeline equity() {
        return ledger.equity();
    }

    /** A pattern's thresholds at the chosen sensitivity. */
    public <T> T thresholds(Thresholds.Preset<T> preset) {
        return preset.at(options.sensitivity());
    }

    public AnalysisOptions options() {
        return options;
    }

    public MarketContext market() {
        return market;
    }

    public List<JournalNote> journal() {
        return journal;
    }

    public String riskMeasure() {
        return equity().known() ? "NOTIONAL_PCT_OF_EQUITY" : "NOTIONAL";
    }

    /** Risk of the i-th entry (see the class comment). */
    public double entryRisk(int index) {
        return entryRisk[index];
    }

    public double medianEntryRisk() {
        return medianEntryRisk;
    }

    /** Equity at the i-th entry; NaN when unknown. */
    public double entryEquity(int index) {
        return entryEquity[index];
    }

    /** Risk the i-th round trip carried: its FIFO cost relative to equity at its first entry. */
    public double closedRisk(int index) {
        return closedRisk[index];
    }

    /**
     * Whether the j-th round trip carried at least {@code multiple} × the i-th's risk, compared in decimals (the
     * notionals cross-multiplied by the equities) so a size of exactly the multiple counts, as it would not in doubles.
     */
    public boolean closedRiskAtLeast(int j, double multiple, int i) {
        List<ClosedTrade> closed = ledger.closed();
        BigDecimal larger = closed.get(j).entryNotional().multiply(riskBase(i));
        BigDecimal smaller = closed.get(i).entryNotional().multiply(BigDecimal.valueOf(multiple)).multiply(riskBase(j));
        return larger.compareTo(smaller) >= 0;
    }

    /** What a round trip's notional is divided by in its risk: its entry equity (as {@link #risk}), or 1. */
    private BigDecimal riskBase(int index) {
        return equity().known() ? BigDecimal.valueOf(Math.max(closedEquity[index], 1)) : BigDecimal.ONE;
    }

    /** Equity just before the i-th round trip's result was booked; NaN when unknown. */
    public double equityBefore(int index) {
        return equityBefore[index];
    }

    private double risk(double notional, double equity) {
        if (!equity().known()) {
            return notional;
        }
        // An account at or below zero equity makes any position maximal risk; 1 keeps the figure finite.
        return 100 * notional / Math.max(equity, 1);
    }

    /** Index in {@link #closed()} of the last round trip closed before sequence number {@code seq}, or −1. */
    public int lastClosedBefore(int seq) {
        int low = 0;
        int high = closedSeq.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (closedSeq[mid] < seq) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    public LocalDate day(java.time.Instant time) {
        return LocalDate.ofInstant(time, options.zone());
    }
}
