package dev.tradewind.market.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.market.domain.ingest.CandleValidator;
import dev.tradewind.market.domain.ingest.RejectReason;
import dev.tradewind.market.domain.ingest.SeriesOutcome;
import dev.tradewind.market.domain.provider.BarPage;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.market.domain.series.Gap;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.store.CandleWriter;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One series' share of a run: refill known gaps, reach back to the backfill window if the series does not yet, then
 * fetch forward from the watermark to now, page by page. Each page is validated, written (and waited for) before the
 * watermark moves, and the new state is published after every page, so a run stopped at any point (deadline, venue
 * failure) loses nothing it stored and the next run resumes exactly there.
 */
final class SeriesIngest {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesIngest.class);
    private static final int MAX_GRID_STEPS = 100_000;

    private enum Mode { GAP, BACKFILL, FORWARD }

    /** The run reached its deadline in the middle of this series. */
    private static final class DeadlineReached extends RuntimeException {
        final Instant resumeFrom;

        DeadlineReached(Instant resumeFrom) {
            super(null, null, false, false);
            this.resumeFrom = resumeFrom;
        }
    }

    /** Candles could not be stored. */
    private static final class StoreFailure extends RuntimeException {
        StoreFailure(Throwable cause) {
            super(cause == null ? "store failed" : cause.getMessage(), cause, false, false);
        }
    }

    private final Instrument instrument;
    private final MarketCalendar calendar;
    private final MarketDataProvider provider;
    private final CandleWriter writer;
    private final Instant now;
    private final Instant windowStart;
    private final int pageLimit;
    private final int maxGapAttempts;
    private final Deadline deadline;
    private final Consumer<SeriesState> publish;

    private SeriesState state;
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Gap> priorGaps;
    private final Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
    private int written;
    private Candle newest;
    private int gapsDetected;
    private int gapsFilled;
    private int gapsAbandoned;
    private int placeholders;

    SeriesIngest(Instrument instrument, SeriesState prior, MarketDataProvider provider, CandleWriter writer, Instant now,
                 Instant windowStart, int pageLimit, int maxGapAttempts, Deadline deadline, Consumer<SeriesState> publish) {
        this.instrument = instrument;
        this.calendar = instrument.calendar();
        this.provider = provider;
        this.writer = writer;
        this.now = now;
        this.windowStart = windowStart;
        this.pageLimit = pageLimit;
        this.maxGapAttempts = maxGapAttempts;
        this.deadline = deadline;
        this.publish = publish;
        this.state = prior;
        gaps.addAll(prior.gaps());
        this.priorGaps = List.copyOf(prior.gaps());
    }

    SeriesOutcome run() {
        if (deadline.passed()) {
            return outcome(SeriesOutcome.Status.DEFERRED, "DEADLINE", "the run reached its deadline first");
        }
        try {
            // Fresh bars first: if time runs short, being current matters more than old history.
            Instant from = state.latest() == null ? windowStart : calendar.nextOpenTime(instrument.interval(), state.latest());
            if (from.isBefore(now)) {
                fetch(from, now, Mode.FORWARD);
            }
            refillGaps();
            reachBackToWindow();
            finish(null);
            return outcome(SeriesOutcome.Status.OK, null, null);
        } catch (DeadlineReached e) {
            finish(state.lastFailure());
            return outcome(SeriesOutcome.Status.DEFERRED, "DEADLINE", "stopped at " + e.resumeFrom + " to meet the deadline");
        } catch (ProviderException e) {
            return failed(e.reason().name(), e.getMessage(), e);
        } catch (StoreFailure e) {
            // Under load a BatchWriteItem can outlast the SDK's call timeout (DYNAMODB_CALL_TIMEOUT): the cause says so.
            return failed("STORE_ERROR", "candles could not be stored: " + describe(e.getCause()), e.getCause());
        } catch (RuntimeException e) {
            LOG.error("Ingesting {} failed unexpectedly", instrument.symbol(), e);
            return failed("INTERNAL", "unexpected failure: " + describe(e), e);
        }
    }

    /** Ends the series as failed, with one structured log line naming its cause. */
    private SeriesOutcome failed(String reason, String message, Throwable cause) {
        finish(reason);
        LOG.warn("Series ingestion failed", entry("symbol", instrument.symbol()),
                entry("interval", instrument.interval().code()), entry("reason", reason), entry("detail", message),
                entry("cause", describe(cause)), entry("written", written));
        return outcome(SeriesOutcome.Status.FAILED, reason, message);
    }

    /** The exception's type and first message line; SDK and venue messages carry no credentials. */
    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /**
     * Retries the gaps known when the run started and still held; gaps found in this run get their first retry next
     * run.
     */
    private void refillGaps() {
        List<Gap> pending = List.copyOf(priorGaps);
        for (Gap gap : pending) {
            if (!gaps.contains(gap)) {
                // Given up earlier in this run to make room for a newer gap: its bars stay missing.
                continue;
            }
            if (!gap.from().isBefore(gap.to())) {
                gaps.remove(gap);
                continue;
            }
            Set<Instant> found = new HashSet<>();
            List<Gap> still;
            try {
                fetch(gap.from(), gap.to(), Mode.GAP, found);
                still = missing(gap, found);
            } catch (ProviderException e) {
                if (e.reason() == ProviderException.Reason.BANNED || e.reason() == ProviderException.Reason.THROTTLED) {
                    // The venue refused this client, not the range: no attempt counts, and the series fails as the
                    // forward fetch would, keeping every gap as it is for the next run.
                    throw e;
                }
                // A gap the venue will not serve must not block the series: count the attempt and move on. A run
                // short of time stops with DeadlineReached instead, so only the venue's answers count.
                LOG.warn("Refilling {} [{}, {}) failed: {}", instrument.symbol(), gap.from(), gap.to(), e.getMessage());
                still = List.of(gap.retried());
            }
            gaps.remove(gap);
            // Counted in gaps, as GapsDetected is: a gap is filled once its refill found every missing bar.
            if (still.isEmpty()) {
                gapsFilled++;
            }
            for (Gap rest : still) {
                if (rest.attempts() >= maxGapAttempts) {
                    gapsAbandoned++;
                    LOG.warn("Giving up on {} {} bars in [{}, {}) after {} attempts: the venue does not have them",
                            instrument.symbol(), instrument.interval().code(), rest.from(), rest.to(), rest.attempts());
                } else {
                    hold(rest);
                }
            }
            publish();
        }
    }

    /**
     * The parts of {@code gap} still missing after a refill, one attempt older. The walk starts on the grid: a gap
     * left by a stopped backfill starts where the window or the venue's cursor did, between two open times.
     */
    private List<Gap> missing(Gap gap, Set<Instant> found) {
        List<Gap> result = new ArrayList<>();
        Instant start = null;
        Instant t = CandleValidator.firstOpenAtOrAfter(instrument, gap.from());
        for (int steps = 0; t.isBefore(gap.to()); steps++) {
            if (steps > MAX_GRID_STEPS) {
                return List.of(gap.retried());
            }
            if (found.contains(t)) {
                if (start != null) {
                    result.add(new Gap(start, t, gap.attempts() + 1));
                    start = null;
                }
            } else if (start == null) {
                start = t;
            }
            t = calendar.nextOpenTime(instrument.interval(), t);
        }
        if (start != null) {
            result.add(new Gap(start, gap.to(), gap.attempts() + 1));
        }
        return result;
    }

    /**
     * The covered range starts at the window only once the whole backfill is stored, or its rest recorded as a gap:
     * a backfill that fails part-way is fetched again next run (rewriting the same keys) instead of leaving a hole.
     */
    private void reachBackToWindow() {
        if (state.earliest() == null || !windowStart.isBefore(state.earliest())) {
            return;
        }
        Instant coveredFrom = state.earliest();
        try {
            fetch(windowStart, coveredFrom, Mode.BACKFILL);
        } catch (DeadlineReached e) {
            // What was fetched joins the covered history; the rest becomes a gap the next run refills.
            addGap(e.resumeFrom, coveredFrom);
            state = state.withRange(windowStart, state.latest(), state.lastClose());
            publish();
            throw e;
        }
        state = state.withRange(windowStart, state.latest(), state.lastClose());
        publish();
    }

    private void fetch(Instant from, Instant to, Mode mode) {
        fetch(from, to, mode, null);
    }

    private void fetch(Instant from, Instant to, Mode mode, Set<Instant> found) {
        CandleValidator validator = new CandleValidator(instrument, now, rejected);
        // The next bar the calendar expects; a refill works out what is still missing itself (missing()).
        Instant expected = switch (mode) {
            case FORWARD -> state.latest() == null ? CandleValidator.firstOpenAtOrAfter(instrument, from)
                    : calendar.nextOpenTime(instrument.interval(), state.latest());
            case BACKFILL -> CandleValidator.firstOpenAtOrAfter(instrument, from);
            case GAP -> null;
        };
        boolean afterStoredBar = mode == Mode.FORWARD && state.latest() != null;
        NavigableSet<Instant> refused = new TreeSet<>();
        Instant cursor = from;
        while (true) {
            if (deadline.passed()) {
                throw stopped(mode, cursor, expected, afterStoredBar, refused);
            }
            BarPage page;
            try {
                page = provider.fetch(instrument, cursor, to, pageLimit, now, deadline);
            } catch (ProviderException e) {
                if (e.reason() != ProviderException.Reason.DEADLINE) {
                    throw e;
                }
                // Nothing was sent (no time left for one request): the same stop as the check above, so a gap keeps
                // its attempts and a backfill records its rest as a gap.
                throw stopped(mode, cursor, expected, afterStoredBar, refused);
            }
            placeholders += page.placeholders();
            List<Candle> accepted = new ArrayList<>();
            Set<Instant> valid = new HashSet<>();
            for (Candle candle : validator.accept(page.bars())) {
                valid.add(candle.openTime());
                if (!candle.openTime().isBefore(from) && candle.openTime().isBefore(to)) {
                    accepted.add(candle);
                }
            }
            for (RawBar bar : page.bars()) {
                if (bar.openTime() != null && !valid.contains(bar.openTime())) {
                    refused.add(bar.openTime());
                }
            }
            store(accepted);
            for (Candle candle : accepted) {
                if (mode != Mode.GAP) {
                    recordMissing(expected, candle.openTime(), afterStoredBar, refused);
                    expected = calendar.nextOpenTime(instrument.interval(), candle.openTime());
                    afterStoredBar = true;
                }
                if (found != null) {
                    found.add(candle.openTime());
                }
            }
            advance(accepted);
            if (mode == Mode.FORWARD && state.earliest() == null) {
                state = state.withRange(from, state.latest(), state.lastClose());
            }
            publish();
            Instant next = page.next();
            if (next == null || !next.isBefore(to) || !next.isAfter(cursor)) {
                break;
            }
            cursor = next;
        }
        if (mode == Mode.BACKFILL) {
            // The stored history starts at to: bars missing just before it are a gap like any other.
            recordMissing(expected, to, afterStoredBar, refused);
        }
    }

    /** Records the bars expected in [{@code from}, {@code to}) as a gap when they {@link #countAsMissing count}. */
    private void recordMissing(Instant from, Instant to, boolean afterStoredBar, NavigableSet<Instant> refused) {
        if (countAsMissing(from, to, afterStoredBar, refused)) {
            addGap(from, to);
        }
    }

    /**
     * Whether the bars expected in [{@code from}, {@code to}) are missing: a stored bar precedes them, or the venue
     * sent one there that was refused. A stretch at the start of a range with nothing at all sent is where the symbol
     * was not listed yet.
     */
    private static boolean countAsMissing(Instant from, Instant to, boolean afterStoredBar,
                                          NavigableSet<Instant> refused) {
        Instant refusedThere = refused.ceiling(from);
        return afterStoredBar || (refusedThere != null && refusedThere.isBefore(to));
    }

    /**
     * Stops a fetch to meet the deadline. A backfill's rest becomes a gap ({@link #reachBackToWindow()}) from where
     * this says. The venue's cursor is past the last page it sent, past the refused bars at its end too (and, on
     * Yahoo, past sessions skipped at the end of the window asked for): when bars between the last one stored and
     * the cursor count as missing, the gap starts at the first of them, or they would be neither stored nor refilled.
     */
    private static DeadlineReached stopped(Mode mode, Instant cursor, Instant expected, boolean afterStoredBar,
                                           NavigableSet<Instant> refused) {
        boolean missingBeforeCursor = mode == Mode.BACKFILL && expected.isBefore(cursor)
                && countAsMissing(expected, cursor, afterStoredBar, refused);
        return new DeadlineReached(missingBeforeCursor ? expected : cursor);
    }

    private void store(List<Candle> candles) {
        if (candles.isEmpty()) {
            return;
        }
        try {
            writer.write(candles).join();
        } catch (CompletionException e) {
            throw new StoreFailure(e.getCause());
        }
        written += candles.size();
        for (Candle candle : candles) {
            if (newest == null || candle.openTime().isAfter(newest.openTime())) {
                newest = candle;
            }
        }
    }

    /** Moves the watermark (and its close) past stored candles. */
    private void advance(List<Candle> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        Instant latest = state.latest();
        BigDecimal lastClose = state.lastClose();
        for (Candle candle : accepted) {
            if (latest == null || candle.openTime().isAfter(latest)) {
                latest = candle.openTime();
                lastClose = candle.close();
            }
        }
        state = state.withRange(state.earliest(), latest, lastClose);
    }

    private void addGap(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return;
        }
        gapsDetected++;
        hold(new Gap(from, to, 0));
    }

    /** Keeps {@code gap} for the next runs to refill, within the state's bound (docs/market-data.md). */
    private void hold(Gap gap) {
        gaps.add(gap);
        SeriesState.giveUpBeyondLimit(gaps, oldest -> {
            gapsAbandoned++;
            logTooManyGaps(instrument.symbol(), instrument.interval(), oldest);
        });
    }

    /** A gap given up without a refill to keep the state within its bound: its bars stay missing. */
    static void logTooManyGaps(String symbol, Interval interval, Gap gap) {
        LOG.warn("Too many gaps in {} {}: dropping [{}, {})", symbol, interval.code(), gap.from(), gap.to());
    }

    private void publish() {
        state = state.withGaps(List.copyOf(gaps));
        publish.accept(state);
    }

    private void finish(String failure) {
        boolean stale = state.latest() == null || calendar.isStale(instrument.interval(), state.latest(), now);
        state = state.withGaps(List.copyOf(gaps)).withStale(stale).withFailure(failure);
        publish.accept(state);
    }

    private SeriesOutcome outcome(SeriesOutcome.Status status, String reason, String message) {
        return new SeriesOutcome(instrument.symbol(), status, reason, message, written, Map.copyOf(rejected),
                gapsDetected, gapsFilled, gapsAbandoned, placeholders, state.stale(), newest);
    }
}
