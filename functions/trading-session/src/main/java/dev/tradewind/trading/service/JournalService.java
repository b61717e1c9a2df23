package dev.tradewind.trading.service;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.trading.JournalEntry;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.trading.domain.OrderSpec;
import dev.tradewind.trading.store.TradingStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    public JournalService(TradingStore store, TradingReader reader, Sessions sessions, Clock clock, IdGenerator ids) {
        this.store = store;
        this.reader = reader;
        this.sessions = sessions;
        this.clock = clock;
        this.ids = ids;
    }

    /** A journal entry as given: validated by {@link #create}. */
    public record NewEntry(String note, List<String> emotions, List<String> tags, Integer rating, String tradeId) {
    }

    public JournalEntry create(String userId, String sessionId, NewEntry body) {
        Validation validation = new Validation();
        String note = body.note() == null ? null : body.note().strip();
        validation.check(note == null || note.length() <= MAX_NOTE, "note", "must be at most " + MAX_NOTE
                + " characters");
        List<String> emotions = normalise(body.emotions());
        for (String emotion : emotions) {
            validation.check(JournalEntry.EMOTIONS.contains(emotion), "emotions",
                    "'" + OrderSpec.clip(emotion) + "' is not one of " + new java.util.TreeSet<>(JournalEntry.EMOTIONS));
        }
        List<String> tags = normalise(body.tags());
        validation.check(tags.size() <= MAX_TAGS, "tags", "at most " + MAX_TAGS + " tags");
        for (String tag : tags) {
            validation.check(TAG.matcher(tag).matches(), "tags",
                    "'" + OrderSpec.clip(tag) + "' must be 1 to 32 of a-z, 0-9, '-' and '_'");
        }
        validation.check(body.rating() == null || body.rating() >= 1 && body.rating() <= 5, "rating",
                "must be between 1 and 5");
        boolean empty = (note == null || note.isEmpty()) && emotions.isEmpty() && tags.isEmpty()
                && body.rating() == null;
        validation.check(!empty, "note", "an entry needs a note, emotions, tags or a rating");
        validation.throwIfInvalid();

        sessions.session(userId, sessionId);
        String tradeId = body.tradeId() == null || body.tradeId().isBlank() ? null : body.tradeId().strip();
        if (tradeId != null && (tradeId.length() > 64 || reader.trade(userId, sessionId, tradeId).isEmpty())) {
            throw new UnprocessableException("UNKNOWN_TRADE", "This session has no trade " + OrderSpec.clip(tradeId));
        }
        JournalEntry entry = new JournalEntry(userId, sessionId, ids.newId(), clock.instant(), tradeId,
                note == null || note.isEmpty() ? null : note, emotions, tags, body.rating());
        store.commit(store.writes().journal(entry));
        return entry;
    }

    public Page<JournalEntry> list(String userId, String sessionId, int limit, String cursor) {
        sessions.session(userId, sessionId);
        return reader.journalOfSession(userId, sessionId, limit, cursor);
    }

    private static List<String> normalise(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                distinct.add(value.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(distinct);
    }
}
