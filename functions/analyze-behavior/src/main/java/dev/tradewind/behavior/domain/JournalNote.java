package dev.tradewind.behavior.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A journal entry as the analysis reads it: tied to a trade when {@code tradeId} names a fill, otherwise to the
 * session; the emotions detector uses its emotion tags. Tags are trimmed, lower-cased, de-duplicated and sorted.
 *
 * @param tradeId a fill id (entry or exit of a round trip), or {@code null} for a session-level entry, which then
 *                applies to the round trips entered on the same day
 * @param rating  1–5, or {@code null}
 */
public record JournalNote(String id, Instant time, String tradeId, List<String> emotions, List<String> tags,
                           Integer rating, String note) {

    public JournalNote {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        emotions = normalise(emotions);
        tags = normalise(tags);
        if (rating != null && (rating < 1 || rating > 5)) {
            throw new IllegalArgumentException("journal entry " + id + ": rating must be 1 to 5");
        }
    }

    private static List<String> normalise(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(Objects::nonNull).map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).distinct().sorted().toList();
    }
}
