package dev.tradewind.trading.service;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.trading.JournalEntry;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.trading.domain.OrderSpec;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.WriteConflict;
import dev.tradewind.trading.store.Writes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Journal entries about a session or one of its trades (emotion tags, tags, a 1–5 rating, a note). */
public final class JournalService {

    static final int MAX_NOTE = 2000;
    static final int MAX_TAGS = 10;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final TradingStore store;
    private final TradingReader reader;
    private final Sessions sessions;
    private final Clock clock;
    private final IdGenerator ids;
    private final Idempotency idempotency;

    public JournalService(TradingStore store, TradingReader reader, Sessions sessions, Clock clock, IdGenerator ids,
                          Idempotency idempotency) {
        this.store = store;
        this.reader = reader;
        this.sessions = sessions;
        this.clock = clock;
        this.ids = ids;
        this.idempotency = idempotency;
    }

    /** A journal entry as given: validated by {@link #create}. */
    public record NewEntry(String note, List<String> emotions, List<String> tags, Integer rating, String tradeId) {
    }

    /** An entry as validated and normalised: what "the same request" means for an Idempotency-Key. */
    private record ValidEntry(String note, List<String> emotions, List<String> tags, Integer rating, String tradeId) {

        String requestHash() {
            return Idempotency.requestHash(note, emotions, tags, rating, tradeId);
        }

        JournalEntry toEntry(String userId, String sessionId, String entryId, Instant createdAt) {
            return new JournalEntry(userId, sessionId, entryId, createdAt, tradeId, note, emotions, tags, rating);
        }
    }

    /**
     * Stores the entry; with an Idempotency-Key, once per key (scoped to the session): a retry with the same key and
     * the same entry answers what the first request answered, and changes nothing.
     */
    public Idempotency.Answer<JournalEntry> create(String userId, String sessionId, Optional<String> idempotencyKey,
                                                   NewEntry body) {
        ValidEntry valid = validate(body);
        Instant now = clock.instant();
        JournalEntry entry = valid.toEntry(userId, sessionId, ids.newId(), now);
        if (idempotencyKey.isEmpty()) {
            return new Idempotency.Answer<>(create(entry, store.writes()), false);
        }
        String keyHash = Idempotency.keyHash(idempotencyKey.get());
        String requestHash = valid.requestHash();
        // A retry's answer follows from the same request, the id the record keeps and the time it was made.
        return Idempotency.once(
                () -> Idempotency.replay(store.journalIdempotency(userId, sessionId, keyHash), requestHash, now,
                        "journal entry").map(first -> valid.toEntry(userId, sessionId, first.answer(),
                        first.createdAt())),
                () -> create(entry, store.writes().journalIdempotency(idempotency.record(userId, sessionId, keyHash,
                        requestHash, entry.entryId(), now), now)));
    }

    private static ValidEntry validate(NewEntry body) {
        Validation validation = new Validation();
        validation.check(body.note() == null || FieldRules.isMultiLineText(body.note()), "note",
                FieldRules.MULTI_LINE_TEXT_RULE);
        String note = body.note() == null ? null : body.note().strip();
        // Characters, not UTF-16 units: an emoji is one.
        validation.check(note == null || note.codePointCount(0, note.length()) <= MAX_NOTE, "note",
                "must be at most " + MAX_NOTE + " characters");
        List<String> emotions = distinct(body.emotions(), "emotions", value -> JournalEntry.EMOTIONS.contains(value),
                "must be one of " + String.join(", ", new TreeSet<>(JournalEntry.EMOTIONS)), validation);
        List<String> tags = distinct(body.tags(), "tags", value -> TAG.matcher(value).matches(),
                "must be 1 to 32 of a-z, 0-9, '-' and '_', starting with a letter or digit", validation);
        validation.check(tags.size() <= MAX_TAGS, "tags", "must hold at most " + MAX_TAGS + " tags");
        validation.check(body.rating() == null || body.rating() >= 1 && body.rating() <= 5, "rating",
                "must be between 1 and 5");
        boolean empty = (note == null || note.isEmpty()) && emotions.isEmpty() && tags.isEmpty()
                && body.rating() == null;
        validation.check(!empty, "note", "is required when there are no emotions, tags or rating");
        String tradeId = body.tradeId(); // "" names no trade: refused below as unknown, not taken for a session entry
        validation.check(tradeId == null || FieldRules.isText(tradeId), "tradeId", FieldRules.TEXT_RULE);
        validation.throwIfInvalid();
        return new ValidEntry(note == null || note.isEmpty() ? null : note, emotions, tags, body.rating(), tradeId);
    }

    /** Writes the entry of an existing session, about one of its trades if it names one, with {@code writes}. */
    private JournalEntry create(JournalEntry entry, Writes writes) {
        String userId = entry.userId();
        String sessionId = entry.sessionId();
        String tradeId = entry.tradeId();
        sessions.session(userId, sessionId);
        if (tradeId != null && (tradeId.length() > 64 || reader.trade(userId, sessionId, tradeId).isEmpty())) {
            throw new UnprocessableException("UNKNOWN_TRADE", "This session has no trade '" + OrderSpec.clip(tradeId)
                    + "'");
        }
        try {
            store.commit(writes.journal(entry));
        } catch (WriteConflict conflict) {
            if (conflict.failedOn(Writes.SESSION)) {
                throw Sessions.notFound(); // deleted since it was read: the account was erased meanwhile
            }
            throw conflict;
        }
        return entry;
    }

    public Page<JournalEntry> list(String userId, String sessionId, int limit, String cursor) {
        sessions.session(userId, sessionId);
        return reader.journalOfSession(userId, sessionId, limit, cursor);
    }

    /** The values in order without repeats; each one exactly as the field's rule spells it, or a 400 naming it. */
    private static List<String> distinct(List<String> values, String field, Predicate<String> valid, String rule,
                                         Validation validation) {
        if (values == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !valid.test(value)) {
                validation.add(field + "[" + i + "]", rule);
            } else {
                distinct.add(value);
            }
        }
        return new ArrayList<>(distinct);
    }
}
