package dev.tradewind.trainer.data;

import dev.tradewind.trainer.FamilySpec;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** A family's rows in time order, with where they came from. */
public record Dataset(FamilySpec spec, List<Row> rows, List<SourceInfo> sources) {

    public Dataset {
        rows = List.copyOf(rows);
        sources = List.copyOf(sources);
    }

    public List<Row> select(Predicate<Row> filter) {
        return rows.stream().filter(filter).toList();
    }

    /** Rows usable for training before {@code boundary}: their whole label window ends before it (the purge). */
    public static Predicate<Row> labelledBefore(Instant boundary) {
        return row -> row.labelTime().isBefore(boundary);
    }

    /** Rows whose bar opened in [from, to). */
    public static Predicate<Row> openedIn(Instant from, Instant to) {
        return row -> !row.time().isBefore(from) && row.time().isBefore(to);
    }

    public static float[][] features(List<Row> rows) {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features();
        }
        return x;
    }

    public static int[] labels(List<Row> rows) {
        return rows.stream().mapToInt(Row::label).toArray();
    }
}
