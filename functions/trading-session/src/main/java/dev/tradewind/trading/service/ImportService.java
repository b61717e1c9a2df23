package dev.tradewind.trading.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.Csv;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.Ledger;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.OrderSpec;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.TradeIds;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.WriteConflict;
import dev.tradewind.trading.store.Writes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/trades/import} (README "Trade import"): real fills from a broker export, as CSV or JSON, into a
 * journal session. Each row is validated on its own; the answer lists the accepted, duplicate and rejected rows.
 * A row's trade id is derived from the journal and the row's content (or the broker's execution id), so importing
 * the same file again finds every row already there and changes nothing.
 */
public final class ImportService {

    public static final int MAX_ROWS = 2000;
    static final List<String> REQUIRED = List.of("time", "symbol", "side", "quantity", "price", "fees");
    static final Set<String> COLUMNS = Set.of("time", "symbol", "side", "quantity", "price", "fees", "id");
    static final String DEFAULT_JOURNAL_NAME = "Imported trades";
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9./\\-]{0,19}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,20})?");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

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

    public record RowRejection(int row, String reason, String message) {
    }

    public record ImportResult(String sessionId, int rows, int acceptedCount, int duplicateCount, int rejectedCount,
                               List<RowRef> accepted, List<RowRef> duplicates, List<RowRejection> rejected) {
    }

    /** One input row as text fields, numbered from 1 (the first data row). */
    private record RawRow(int row, Map<String, String> values, RowRejection problem) {
    }

    private record ValidRow(int row, Instant time, String symbol, Side side, BigDecimal quantity, BigDecimal price,
                            BigDecimal fees, String externalId, String tradeId) {
    }

    public ImportResult importCsv(String userId, String sessionId, String text) {
        List<Csv.Line> lines;
        try {
            lines = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("MALFORMED_CSV", e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new InvalidInputException("MISSING_BODY", "The CSV is empty; it needs the header "
                    + String.join(",", REQUIRED));
        }
        List<String> header = lines.getFirst().fields().stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                throw new InvalidInputException("INVALID_CSV_HEADER", "Unknown column '" + OrderSpec.clip(column)
                        + "'; the header is " + String.join(",", REQUIRED) + " (and optionally id)");
            }
            if (!seen.add(column)) {
                throw new InvalidInputException("INVALID_CSV_HEADER", "Column '" + column + "' appears twice");
            }
        }
        for (String column : REQUIRED) {
            if (!seen.contains(column)) {
                throw new InvalidInputException("INVALID_CSV_HEADER", "Missing column '" + column + "'; the header is "
                        + String.join(",", REQUIRED) + " (and optionally id)");
            }
        }
        tooMany(lines.size() - 1);
        List<RawRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> fields = lines.get(i).fields();
            if (fields.size() != header.size()) {
                rows.add(new RawRow(i, Map.of(), new RowRejection(i, "WRONG_FIELD_COUNT", "line "
                        + lines.get(i).number() + " has " + fields.size() + " fields; the header has " + header.size())));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c), fields.get(c).strip());
            }
            rows.add(new RawRow(i, values, null));
        }
        return importRows(userId, sessionId, rows);
    }

    public ImportResult importJson(String userId, String sessionId, List<JsonNode> trades) {
        if (trades == null) {
            throw InvalidInputException.field("trades", "is required");
        }
        tooMany(trades.size());
        List<RawRow> rows = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            int row = i + 1;
            JsonNode node = trades.get(i);
            if (node == null || !node.isObject()) {
                rows.add(new RawRow(row, Map.of(), new RowRejection(row, "INVALID_ROW", "a trade must be an object")));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            RowRejection problem = null;
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (!COLUMNS.contains(field.getKey())) {
                    problem = new RowRejection(row, "UNKNOWN_FIELD", "'" + OrderSpec.clip(field.getKey())
                            + "' is not a trade field");
                    break;
                }
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (value.isNumber()) {
                    values.put(field.getKey(), value.decimalValue().toPlainString());
                } else if (value.isTextual()) {
                    values.put(field.getKey(), value.asText().strip());
                } else {
                    problem = new RowRejection(row, "INVALID_" + field.getKey().toUpperCase(Locale.ROOT),
                            field.getKey() + " must be a string or a number");
                    break;
                }
            }
            rows.add(new RawRow(row, values, problem));
        }
        return importRows(userId, sessionId, rows);
    }

    private static void tooMany(int rows) {
        if (rows > MAX_ROWS) {
            throw new InvalidInputException("TOO_MANY_ROWS", "At most " + MAX_ROWS + " trades per import; split the file"
                    + " (in time order)");
        }
    }

    private ImportResult importRows(String userId, String requestedSession, List<RawRow> raw) {
        Instant now = clock.instant();
        String sessionId = requestedSession != null ? requireJournal(userId, requestedSession)
                : defaultJournal(userId, now);
        List<RowRejection> rejected = new ArrayList<>();
        List<ValidRow> valid = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (RawRow row : raw) {
            if (row.problem() != null) {
                rejected.add(row.problem());
                continue;
            }
            Object parsed = validate(row);
            if (parsed instanceof RowRejection rejection) {
                rejected.add(rejection);
                continue;
            }
            ValidRow v = (ValidRow) parsed;
            String identity = v.externalId() != null ? "id\n" + v.externalId()
                    : String.join("\n", v.time().toString(), v.symbol(), v.side().name(), v.quantity().toPlainString(),
                            v.price().toPlainString(), v.fees().toPlainString());
            // Identical rows in one file are distinct fills (two partial fills alike): number them.
            int occurrence = occurrences.merge(identity, 1, Integer::sum);
            String tradeId = TradeIds.imported(sessionId, identity + "\n#" + occurrence, v.time());
            valid.add(new ValidRow(v.row(), v.time(), v.symbol(), v.side(), v.quantity(), v.price(), v.fees(),
                    v.externalId(), tradeId));
        }
        valid.sort(Comparator.comparing(ValidRow::time).thenComparingInt(ValidRow::row));

        Set<String> committed = new HashSet<>();
        Outcome outcome = Retry.onConflict(() -> apply(userId, sessionId, valid, committed));
        rejected.addAll(outcome.rejected());
        rejected.sort(Comparator.comparingInt(RowRejection::row));
        List<RowRef> accepted = new ArrayList<>(outcome.accepted());
        accepted.sort(Comparator.comparingInt(RowRef::row));
        List<RowRef> duplicates = new ArrayList<>(outcome.duplicates());
        duplicates.sort(Comparator.comparingInt(RowRef::row));
        return new ImportResult(sessionId, raw.size(), accepted.size(), duplicates.size(), rejected.size(), accepted,
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
    private Outcome apply(String userId, String sessionId, List<ValidRow> rows, Set<String> committed) {
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
        for (ValidRow row : rows) {
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
                rejected.add(new RowRejection(row.row(), "INSUFFICIENT_POSITION", "sells more " + row.symbol()
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

    private static Object validate(RawRow row) {
        Map<String, String> v = row.values();
        int n = row.row();
        Instant time;
        try {
            String text = required(v, "time");
            time = text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new RowRejection(n, "INVALID_TIME", "time must be an ISO-8601 instant such as"
                    + " 2022-01-04T15:00:00Z");
        }
        if (time.isBefore(Instant.EPOCH) || time.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            return new RowRejection(n, "INVALID_TIME", "time is out of range");
        }
        String symbol = v.getOrDefault("symbol", "").toUpperCase(Locale.ROOT);
        if (!SYMBOL.matcher(symbol).matches()) {
            return new RowRejection(n, "INVALID_SYMBOL", "symbol must be 1 to 20 of A-Z, 0-9, '.', '/' and '-'");
        }
        Side side;
        try {
            side = Side.valueOf(v.getOrDefault("side", "").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new RowRejection(n, "INVALID_SIDE", "side must be BUY or SELL");
        }
        BigDecimal quantity = decimal(v.get("quantity"), 8, false);
        if (quantity == null) {
            return new RowRejection(n, "INVALID_QUANTITY", "quantity must be a positive number with at most 8"
                    + " decimals");
        }
        BigDecimal price = decimal(v.get("price"), 12, false);
        if (price == null) {
            return new RowRejection(n, "INVALID_PRICE", "price must be a positive number with at most 12 decimals");
        }
        String feeText = v.get("fees");
        BigDecimal fees = feeText == null || feeText.isEmpty() ? BigDecimal.ZERO : decimal(feeText, 8, true);
        if (fees == null) {
            return new RowRejection(n, "INVALID_FEES", "fees must be zero or a positive number with at most 8"
                    + " decimals");
        }
        String externalId = v.get("id");
        if (externalId != null && externalId.isEmpty()) {
            externalId = null;
        }
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            return new RowRejection(n, "INVALID_ID", "id must be 1 to 64 printable characters");
        }
        return new ValidRow(n, time, symbol, side, quantity, price, Money.cents(fees).setScale(2, RoundingMode.UNNECESSARY),
                externalId, null);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static BigDecimal decimal(String text, int maxScale, boolean zeroAllowed) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            return null;
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() < 0 || !zeroAllowed && value.signum() == 0 || value.compareTo(MAX_AMOUNT) >= 0) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > maxScale) {
            return null;
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
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
