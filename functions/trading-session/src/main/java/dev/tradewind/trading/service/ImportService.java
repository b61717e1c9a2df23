package dev.tradewind.trading.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.ImportRows;
import dev.tradewind.trading.domain.ImportRows.Row;
import dev.tradewind.trading.domain.ImportRows.RowRejection;
import dev.tradewind.trading.domain.Ledger;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.PendingImport;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.domain.Rejection;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.TradeIds;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.Writes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/trades/import} (docs/trading.md#trade-import): real fills from a broker export, as CSV or JSON, into a
 * journal session. Each row is validated on its own; the answer lists the accepted, duplicate and rejected rows.
 * A row's trade id is derived from the journal and the row's content (or the broker's execution id), so importing
 * the same file again finds every row already there and changes nothing.
 */
public final class ImportService {

    static final String DEFAULT_JOURNAL_NAME = "Imported trades";
    /** How long a pending import holds its journal before another import may remove its rows and take over. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The final transaction of a staged import writes the session and every position the import touched. */
    static final int MAX_SYMBOLS = Writes.MAX_ITEMS - 1;

    private final TradingStore store;
    private final Sessions sessions;
    private final Clock clock;
    private final IdGenerator ids;

    public ImportService(TradingStore store, Sessions sessions, Clock clock, IdGenerator ids) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
        this.ids = ids;
    }

    public record RowRef(int row, String tradeId) {
    }

    public record ImportResult(String sessionId, int rows, int acceptedCount, int duplicateCount, int rejectedCount,
                               List<RowRef> accepted, List<RowRef> duplicates, List<RowRejection> rejected) {
    }

    public ImportResult importCsv(String userId, String sessionId, String text) {
        return importRows(userId, sessionId, ImportRows.fromCsv(text));
    }

    /** @param trades each row as raw JSON; null when the body had none */
    public ImportResult importJson(String userId, String sessionId, List<JsonNode> trades) {
        return importRows(userId, sessionId, ImportRows.fromJson(trades));
    }

    private ImportResult importRows(String userId, String requestedSession, ImportRows rows) {
        Instant now = clock.instant();
        String sessionId = requestedSession != null ? requireJournal(userId, requestedSession)
                : defaultJournal(userId, now, rows);
        ImportRows.Checked checked = rows.check(sessionId, now);
        List<RowRejection> rejected = new ArrayList<>(checked.rejected());
        List<Row> valid = checked.valid();

        Outcome outcome = Retry.onConflict(() -> apply(userId, sessionId, valid));
        rejected.addAll(outcome.rejected());
        rejected.sort(Comparator.comparingInt(RowRejection::row));
        List<RowRef> accepted = new ArrayList<>(outcome.accepted());
        accepted.sort(Comparator.comparingInt(RowRef::row));
        List<RowRef> duplicates = new ArrayList<>(outcome.duplicates());
        duplicates.sort(Comparator.comparingInt(RowRef::row));
        return new ImportResult(sessionId, rows.size(), accepted.size(), duplicates.size(), rejected.size(), accepted,
                duplicates, rejected);
    }

    private record Outcome(List<RowRef> accepted, List<RowRef> duplicates, List<RowRejection> rejected) {
    }

    /** The rows applied to an account in memory: what to write, and the answer once it is written. */
    private record Plan(Outcome outcome, List<TradeRecord> trades, List<EquityPoint> points, Set<String> symbols) {

        boolean isEmpty() {
            return trades.isEmpty();
        }

        /** The trades, their points, the session and the positions touched fit one transaction. */
        boolean fitsOneTransaction() {
            return 2 * trades.size() + 1 + symbols.size() <= Writes.MAX_ITEMS;
        }
    }

    /**
     * Applies the new rows atomically (docs/trading.md#trade-import): in one transaction when they fit, else staged
     * (marked pending on the journal, rows written invisibly in chunks, then one transaction that writes the session
     * and positions and so makes every staged row count). Rows already in the journal are duplicates; a row older
     * than the journal's latest trade cannot be inserted into its past and is rejected (OUT_OF_ORDER).
     */
    private Outcome apply(String userId, String sessionId, List<Row> rows) {
        Session session = sessions.session(userId, sessionId);
        if (!session.isActive()) {
            throw new ConflictException("SESSION_STOPPED", "The journal is stopped and takes no more trades");
        }
        Instant now = clock.instant();
        String importId = importId(sessionId, rows);
        PendingImport pending = session.pendingImport();
        boolean ours = pending != null && pending.importId().equals(importId);
        if (pending != null && !ours && now.isBefore(pending.startedAt().plus(LEASE))) {
            throw new ConflictException("IMPORT_IN_PROGRESS", "Another import into this journal is in progress; retry"
                    + " when it has finished", Duration.between(now, pending.startedAt().plus(LEASE)));
        }
        List<Position> positions = store.positions(userId, sessionId);
        Account account = Account.of(session, positions, List.of());
        Plan plan = plan(account, rows);
        if (plan.isEmpty()) {
            return plan.outcome();
        }
        if (pending == null && plan.fitsOneTransaction()) {
            Writes writes = store.writes();
            for (int i = 0; i < plan.trades().size(); i++) {
                writes.trade(plan.trades().get(i)).equity(plan.points().get(i));
            }
            writes.account(account.stage());
            store.commit(writes);
            return plan.outcome();
        }
        refuseTooManySymbols(plan);
        if (!ours || !now.isBefore(pending.startedAt().plus(LEASE))) {
            // Mark the import (taking the journal over from an abandoned one, or renewing its own lease), then plan
            // again on the marked session: the same rows on the same state give the same writes.
            account = Account.of(session, positions, List.of());
            account.beginImport(new PendingImport(importId, now));
            Writes begin = store.writes();
            begin.account(account.stage());
            store.commit(begin);
            account.committed();
            plan = plan(account, rows);
        }
        if (pending != null) {
            store.removeStaged(userId, sessionId, session.tradeCount(), session.lastFillAt(), importId);
        }
        stage(account, importId, plan);
        account.endImport();
        Writes commit = store.writes();
        commit.account(account.stage());
        store.commit(commit);
        return plan.outcome();
    }

    /** A staged import's last transaction writes every position it touches with the session. */
    private static void refuseTooManySymbols(Plan plan) {
        if (plan.symbols().size() > MAX_SYMBOLS) {
            throw new UnprocessableException("TOO_MANY_SYMBOLS", "An import larger than one transaction may touch at"
                    + " most " + MAX_SYMBOLS + " symbols; this one touches " + plan.symbols().size()
                    + ". Split the file by symbol");
        }
    }

    /** Writes the plan's trades and points, marked with the import, in chunks checked against the pending mark. */
    private void stage(Account account, String importId, Plan plan) {
        long version = account.session().version();
        Writes writes = null;
        for (int i = 0; i < plan.trades().size(); i++) {
            if (writes == null || writes.size() + 2 > Writes.MAX_ITEMS) {
                if (writes != null) {
                    store.commit(writes);
                }
                writes = store.writes().importPending(account.userId(), account.sessionId(), importId, version);
            }
            writes.stagedTrade(plan.trades().get(i).withImportId(importId));
            writes.stagedEquity(plan.points().get(i), importId);
        }
        store.commit(writes);
    }

    /** Applies the rows to {@code account} in memory, in time order. */
    private Plan plan(Account account, List<Row> rows) {
        Set<String> existing = new HashSet<>();
        if (!rows.isEmpty()) {
            store.trades(account.userId(), account.sessionId(), rows.getFirst().time(), rows.getLast().time(),
                    account.tradeCount()).forEach(t -> existing.add(t.tradeId()));
        }
        List<RowRef> accepted = new ArrayList<>();
        List<RowRef> duplicates = new ArrayList<>();
        List<RowRejection> rejected = new ArrayList<>();
        List<TradeRecord> trades = new ArrayList<>();
        List<EquityPoint> points = new ArrayList<>();
        Set<String> symbols = new HashSet<>();
        // A new row listed before one the journal already holds would go into its past, even at that row's instant
        // (a sell listed before its buy, rejected the first time, must not slip in when the file is sent again).
        int lastHeld = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (existing.contains(rows.get(i).tradeId())) {
                lastHeld = i;
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (existing.contains(row.tradeId())) {
                duplicates.add(new RowRef(row.row(), row.tradeId()));
                continue;
            }
            if (account.lastFillAt() != null && row.time().isBefore(account.lastFillAt())) {
                rejected.add(new RowRejection(row.row(), "OUT_OF_ORDER", "older than the latest trade in this journal ("
                        + account.lastFillAt() + "); import older history into a new journal"));
                continue;
            }
            if (i < lastHeld) {
                rejected.add(new RowRejection(row.row(), "OUT_OF_ORDER", "listed before a trade this journal already"
                        + " holds at " + row.time() + ", so it would go into its past; import older history into a"
                        + " new journal"));
                continue;
            }
            Ledger.Result result = Ledger.apply(account, new Ledger.Fill(row.tradeId(), TradeSource.IMPORT, null,
                    row.externalId(), row.symbol(), row.side(), row.quantity(), row.price(), row.fees(), row.time()),
                    true);
            if (result instanceof Ledger.Refused) {
                rejected.add(new RowRejection(row.row(), Rejection.INSUFFICIENT_POSITION.code(), "sells more " + row.symbol()
                        + " than the journal holds at that time (no short selling); import the buys first"));
                continue;
            }
            TradeRecord trade = ((Ledger.Filled) result).trade();
            trades.add(trade);
            points.add(account.point(row.time(), EquityPoint.Kind.FILL, trade.tradeId()));
            symbols.add(row.symbol());
            accepted.add(new RowRef(row.row(), row.tradeId()));
            existing.add(row.tradeId());
        }
        return new Plan(new Outcome(accepted, duplicates, rejected), trades, points, symbols);
    }

    /** The same valid rows into the same journal: the same import (so sending the file again resumes it). */
    private static String importId(String sessionId, List<Row> rows) {
        StringBuilder content = new StringBuilder(sessionId);
        rows.forEach(row -> content.append('\n').append(row.tradeId()));
        return TradeIds.sha256Hex(content.toString()).substring(0, 32);
    }

    /** The caller's journal session with this id: 404 if it is not theirs, 409 if it is a paper session. */
    private String requireJournal(String userId, String sessionId) {
        Session session = sessions.session(userId, sessionId);
        if (session.type() != SessionType.JOURNAL) {
            throw new ConflictException("NOT_A_JOURNAL_SESSION", "Trades are imported into journal sessions; this is"
                    + " a paper-trading session");
        }
        if (session.status() != SessionStatus.ACTIVE) {
            throw new ConflictException("SESSION_STOPPED", "The journal is stopped and takes no more trades");
        }
        return sessionId;
    }

    /**
     * The user's default journal, created on first use and again once the user stopped it (once each time, even under
     * concurrent imports: the one that points the default at its journal wins, the others import into that one).
     * A file the new journal would refuse whole ({@code TOO_MANY_SYMBOLS}) is refused before it is created.
     */
    private String defaultJournal(String userId, Instant now, ImportRows rows) {
        // A lost race is decided by reading the default again; a transaction conflict wrote nothing: create again.
        return Retry.onConflict(() -> {
            Optional<String> existing = store.defaultJournal(userId);
            if (existing.isPresent() && sessions.session(userId, existing.get()).isActive()) {
                return existing.get();
            }
            Session session = new Session(userId, ids.newId(), DEFAULT_JOURNAL_NAME, SessionType.JOURNAL,
                    SessionStatus.ACTIVE, "USD", Money.zero(), Money.zero(), Money.zero(), Money.zero(),
                    Money.zero(), null, null, RiskLimits.NONE, false, now, null, null, 0, Map.of(), List.of(), null,
                    0, 0, null, 0);
            refuseTooManySymbols(plan(Account.create(session), rows.check(session.sessionId(), now).valid()));
            Account account = Account.create(session);
            Writes writes = store.writes();
            writes.defaultJournal(userId, session.sessionId(), existing.orElse(null));
            writes.account(account.stage());
            store.commit(writes);
            return session.sessionId();
        });
    }
}
