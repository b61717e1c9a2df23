package dev.tradewind.trading.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.ConflictException;
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
import dev.tradewind.trading.domain.Rejection;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.WriteConflict;
import dev.tradewind.trading.store.Writes;
import java.time.Clock;
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
                : defaultJournal(userId, now);
        ImportRows.Checked checked = rows.check(sessionId);
        List<RowRejection> rejected = new ArrayList<>(checked.rejected());
        List<Row> valid = checked.valid();

        Set<String> committed = new HashSet<>();
        Outcome outcome = Retry.onConflict(() -> apply(userId, sessionId, valid, committed));
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

    /**
     * Applies the new rows in time order, in transactions of up to 100 writes (the session with its version, the
     * positions touched, and per row its trade and equity point). Rows already in the journal are duplicates; a row
     * older than the journal's latest trade cannot be inserted into its past and is rejected (OUT_OF_ORDER).
     *
     * @param committed trade ids written by earlier attempts of this same request (they are accepted, not
     *                  duplicates, when an attempt is retried after a conflict)
     */
    private Outcome apply(String userId, String sessionId, List<Row> rows, Set<String> committed) {
        Account account = sessions.load(userId, sessionId);
        if (!account.isActive()) {
            throw new ConflictException("SESSION_STOPPED", "The journal is stopped and takes no more trades");
        }
        Set<String> existing = new HashSet<>();
        if (!rows.isEmpty()) {
            store.trades(userId, sessionId, rows.getFirst().time(), rows.getLast().time())
                    .forEach(t -> existing.add(t.tradeId()));
        }
        List<RowRef> accepted = new ArrayList<>();
        List<RowRef> duplicates = new ArrayList<>();
        List<RowRejection> rejected = new ArrayList<>();
        Writes writes = store.writes();
        List<String> pending = new ArrayList<>();
        Set<String> symbols = new HashSet<>();
        for (Row row : rows) {
            if (existing.contains(row.tradeId())) {
                (committed.contains(row.tradeId()) ? accepted : duplicates).add(new RowRef(row.row(), row.tradeId()));
                continue;
            }
            if (account.lastFillAt() != null && row.time().isBefore(account.lastFillAt())) {
                rejected.add(new RowRejection(row.row(), "OUT_OF_ORDER", "older than the latest trade in this journal ("
                        + account.lastFillAt() + "); import older history into a new journal"));
                continue;
            }
            // Room for this row: its trade and point, the session, and every position the chunk touches.
            int positions = symbols.size() + (symbols.contains(row.symbol()) ? 0 : 1);
            if (writes.size() + 2 + 1 + positions > Writes.MAX_ITEMS) {
                commit(account, writes, pending, committed);
                writes = store.writes();
                pending = new ArrayList<>();
                symbols.clear();
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
            writes.trade(trade);
            writes.equity(account.point(row.time(), EquityPoint.Kind.FILL, trade.tradeId()));
            symbols.add(row.symbol());
            pending.add(trade.tradeId());
            accepted.add(new RowRef(row.row(), row.tradeId()));
            existing.add(row.tradeId());
        }
        if (!writes.isEmpty()) {
            commit(account, writes, pending, committed);
        }
        return new Outcome(accepted, duplicates, rejected);
    }

    private void commit(Account account, Writes writes, List<String> tradeIds, Set<String> committed) {
        writes.account(account.stage());
        store.commit(writes);
        account.committed();
        committed.addAll(tradeIds);
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

    /** The user's default journal, created (once, even under concurrent imports) on first use. */
    private String defaultJournal(String userId, Instant now) {
        Optional<String> existing = store.defaultJournal(userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Session session = new Session(userId, ids.newId(), DEFAULT_JOURNAL_NAME, SessionType.JOURNAL,
                SessionStatus.ACTIVE, "USD", Money.zero(), Money.zero(), Money.zero(), Money.zero(), Money.zero(),
                null, null, RiskLimits.NONE, false, now, null, null, 0, Map.of(), List.of(), null, 0, 0);
        Account account = Account.create(session);
        Writes writes = store.writes();
        writes.defaultJournal(userId, session.sessionId());
        writes.account(account.stage());
        try {
            store.commit(writes);
            return session.sessionId();
        } catch (WriteConflict conflict) {
            return store.defaultJournal(userId).orElseThrow(() -> conflict);
        }
    }
}
