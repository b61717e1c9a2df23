package dev.tradewind.behavior.store;

import dev.tradewind.behavior.domain.EquityMark;
import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.JournalNote;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.trading.JournalEntry;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.shared.trading.TradingSessionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A user's stored trading history as the engine takes it, read through trading-session's {@link TradingReader}
 * (queries on the user's own partitions, never a Scan): the fills of one session, or of every session in a time
 * range, with their journal entries, equity and risk limits.
 *
 * <p>Bounded: at most {@link #MAX_FILLS} fills, the most recent ones (read newest first, in pages of
 * {@value TradingReader#MAX_PAGE}; 11 queries, plus one per page's worth of rows of a staged import not yet
 * committed, which are read and dropped), and at most {@link #MAX_JOURNAL} journal entries, the most recent (a note
 * says when older ones exist).
 * A fill whose position opened before the first fill read (cut off by the range or by the bound) is left out: its
 * entry is not in the history, so its round trip cannot be rebuilt (and an exit without its entry would read as a
 * short sale). A position's id is the trade id of the fill that opened it, which is how this is known.
 *
 * <p>Equity and risk limits are per session: they are used when every fill analysed (those left out do not count)
 * comes from one session, equity only if that session was given starting cash (a journal without it has no account
 * equity to speak of). Its equity points are the session's own figures after each fill ({@code equityAfter}), and
 * its starting cash before the first fill when the history is read from the session's start. Orders the session
 * refused are not stored, so there are no recorded rule breaks: the engine derives breaks from the limits.
 */
public final class StoredHistory {

    static final int MAX_FILLS = TradeHistory.MAX_FILLS;
    static final int MAX_JOURNAL = 2_000;
    static final int CLOSE_PAGE = 25;

    private StoredHistory() {
    }

    /** What was read and what of it is analysed. */
    public record Loaded(TradeHistory history, int fills, int excludedFills, boolean truncated, int sessions,
                         List<String> notes) {
    }

    public static Loaded ofSession(TradingReader reader, String userId, TradingSessionInfo session) {
        return ofSession(reader, userId, session, MAX_FILLS, MAX_JOURNAL);
    }

    static Loaded ofSession(TradingReader reader, String userId, TradingSessionInfo session, int maxFills,
                            int maxJournal) {
        String sessionId = session.sessionId();
        List<TradeRecord> newest = newest(cursor -> reader.tradesOfSession(userId, sessionId, null, null,
                TradingReader.MAX_PAGE, cursor, true), maxFills + 1);
        List<JournalEntry> journal = newest(cursor -> reader.journalOfSession(userId, sessionId,
                TradingReader.MAX_PAGE, cursor), maxJournal + 1);
        return assemble(newest, journal, id -> session, true, maxFills, maxJournal);
    }

    public static Loaded ofRange(TradingReader reader, String userId, Instant from, Instant to) {
        return ofRange(reader, userId, from, to, MAX_FILLS);
    }

    static Loaded ofRange(TradingReader reader, String userId, Instant from, Instant to, int maxFills) {
        List<TradeRecord> newest = newest(cursor -> reader.tradesOfUser(userId, from, to, TradingReader.MAX_PAGE,
                cursor, true), maxFills + 1);
        // Entries are written after the trades they are about, so the journal is read from `from` to now.
        List<JournalEntry> journal = newest(cursor -> reader.journalOfUser(userId, from, null,
                TradingReader.MAX_PAGE, cursor, true), MAX_JOURNAL + 1);
        return assemble(newest, journal, id -> reader.session(userId, id).orElse(null), false, maxFills,
                MAX_JOURNAL);
    }

    /**
     * Whether any of the user's sessions closed a round trip after {@code after} and by {@code now}: the analysed
     * history (a session, a range ending earlier) need not hold the account's latest close. Newest first, pages of
     * {@value #CLOSE_PAGE} until a closing fill or the end; the user's index is eventually consistent, so a close of
     * the last moment may not be seen yet.
     */
    public static boolean closedAfter(TradingReader reader, String userId, Instant after, Instant now) {
        String cursor = null;
        do {
            Page<TradeRecord> page = reader.tradesOfUser(userId, after, now, CLOSE_PAGE, cursor, true);
            if (page.items().stream().anyMatch(t -> t.closing() && t.filledAt().isAfter(after))) {
                return true;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return false;
    }

    /** Pages newest first until {@code max} items or the end. */
    private static <T> List<T> newest(Function<String, Page<T>> query, int max) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = query.apply(cursor);
            items.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && items.size() < max);
        return items.size() > max ? items.subList(0, max) : items;
    }

    /**
     * @param sessionOf      the session of that id, or null; asked only when every fill kept comes from one
     *                       session, which is known only after the fills of positions opened earlier are left out
     * @param fromTheStart   the fills were read from the session's beginning (not a time range)
     * @param maxFills       the bound: {@code newestFirst} holds one more when the source holds more
     * @param maxJournal     the journal's bound, likewise
     */
    private static Loaded assemble(List<TradeRecord> newestFirst, List<JournalEntry> journalNewestFirst,
                                   Function<String, TradingSessionInfo> sessionOf, boolean fromTheStart,
                                   int maxFills, int maxJournal) {
        List<String> notes = new ArrayList<>();
        boolean truncated = newestFirst.size() > maxFills;
        List<TradeRecord> read = new ArrayList<>(truncated ? newestFirst.subList(0, maxFills) : newestFirst);
        // Oldest first. Trade ids order fills by time only; a session's fill number orders those of one instant.
        read.sort(Comparator.comparing(TradeRecord::filledAt).thenComparingLong(TradeRecord::fillNumber));
        if (truncated) {
            notes.add("only the " + maxFills + " most recent fills were read, from " + read.getFirst().filledAt());
        }
        Set<String> readIds = new HashSet<>();
        read.forEach(t -> readIds.add(t.tradeId()));
        List<TradeRecord> kept = read.stream()
                .filter(t -> t.positionId() == null || readIds.contains(t.positionId())).toList();
        int excluded = read.size() - kept.size();
        if (excluded > 0) {
            notes.add(excluded + (excluded == 1 ? " fill was" : " fills were") + " left out: the positions they"
                    + " belong to opened before the first fill analysed");
        }
        Set<String> sessions = new LinkedHashSet<>();
        kept.forEach(t -> sessions.add(t.sessionId()));
        List<Fill> fills = kept.stream().map(StoredHistory::fill).toList();
        TradingSessionInfo session = sessions.size() == 1 ? sessionOf.apply(sessions.iterator().next()) : null;

        List<EquityMark> equity = new ArrayList<>();
        RiskLimits limits = RiskLimits.NONE;
        if (sessions.size() > 1) {
            notes.add("fills from " + sessions.size() + " sessions: equity and risk limits are per session, so"
                    + " large losses are judged by amount and no rule breaks are derived");
        } else if (session != null) {
            if (session.type() == SessionType.PAPER) {
                limits = session.riskLimits();
            }
            if (session.startingCash() != null && session.startingCash().signum() > 0) {
                Instant first = kept.getFirst().filledAt();
                if (fromTheStart && !truncated && excluded == 0) {
                    equity.add(new EquityMark(session.createdAt() != null && session.createdAt().isBefore(first)
                            ? session.createdAt() : first.minusSeconds(1), session.startingCash()));
                }
                for (TradeRecord t : kept) {
                    if (t.equityAfter() != null && t.equityAfter().signum() > 0) {
                        equity.add(new EquityMark(t.filledAt(), t.equityAfter()));
                    }
                }
            } else {
                notes.add("the session has no starting cash, so equity is unknown: large losses are judged by"
                        + " amount");
            }
        }
        List<JournalNote> journal = new ArrayList<>();
        int journalRead = Math.min(journalNewestFirst.size(), maxJournal);
        if (journalNewestFirst.size() > maxJournal) {
            notes.add("only the " + maxJournal + " most recent journal entries were read, from "
                    + journalNewestFirst.get(maxJournal - 1).createdAt());
        }
        for (int i = journalRead - 1; i >= 0; i--) {
            var e = journalNewestFirst.get(i);
            journal.add(new JournalNote(e.entryId(), e.createdAt(), e.tradeId(), e.emotions(), e.tags(), e.rating(),
                    e.note()));
        }
        return new Loaded(new TradeHistory(fills, equity, journal, limits, List.of()), fills.size(), excluded,
                truncated, sessions.size(), notes);
    }

    private static Fill fill(TradeRecord t) {
        // The session's own realised P&L (average cost, net of fees) for closing fills, so the report agrees with
        // the session's statement.
        return new Fill(t.tradeId(), t.filledAt(), t.symbol(), t.side(), t.quantity(), t.price(), t.fees(),
                t.closing() ? t.realizedPnl() : null);
    }
}
