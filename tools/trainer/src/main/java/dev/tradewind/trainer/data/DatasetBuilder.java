package dev.tradewind.trainer.data;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the bundled history into rows by calling the model layer's {@link FeatureSet#compute} on the window ending at
 * every bar, exactly as the predict function will on a window read from DynamoDB: one code path, so no skew.
 *
 * <p>Labels by time, not row count: a row's label bar is exactly {@code horizonBars} bars later on the instrument's
 * calendar ({@link BarCalendar}); a bar whose horizon spans a missing bar is not a row.
 */
public final class DatasetBuilder {

    private DatasetBuilder() {
    }

    /** Every symbol's rows, pooled and ordered by time (then symbol). */
    public static Dataset build(FamilySpec spec, BundledHistory history, Progress progress) {
        FeatureSet features = spec.features();
        int window = features.windowLength();
        List<List<Candle>> series = new ArrayList<>();
        long total = 0;
        MarketCalendar calendar = MarketCalendar.of(spec.assetClass());
        for (String symbol : spec.symbols()) {
            List<Candle> candles = history.candles(symbol).stream()
                    .filter(c -> spec.dataFrom().map(from -> !c.openTime().isBefore(from)).orElse(true))
                    .filter(c -> spec.dataTo().map(to -> c.openTime().isBefore(to)).orElse(true))
                    .toList();
            series.add(candles);
            total += Math.max(0, candles.size() - window + 1 - spec.horizonBars());
        }
        progress.stage(spec.name() + " features", total);
        List<Row> rows = new ArrayList<>();
        List<SourceInfo> sources = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            List<Candle> candles = series.get(s);
            int before = rows.size();
            int h = spec.horizonBars();
            BarCalendar links = BarCalendar.of(candles.stream().map(Candle::openTime).toList(), calendar,
                    spec.interval());
            for (int i = window - 1; i + h < candles.size(); i++) {
                progress.advance(1);
                if (!links.consecutive(i, i + h)) {
                    continue;   // the label would look further than h bars of the calendar
                }
                float[] x = features.compute(candles.subList(i - window + 1, i + 1));
                double close = candles.get(i).close().doubleValue();
                double later = candles.get(i + h).close().doubleValue();
                double previous = candles.get(i - 1).close().doubleValue();
                rows.add(new Row(s, candles.get(i).openTime(), candles.get(i + h).openTime(), x,
                        candles.get(i + h).close().compareTo(candles.get(i).close()) > 0 ? 1 : 0,
                        later / close - 1, close > previous));
            }
            String symbol = spec.symbols().get(s);
            sources.add(source(history, symbol, candles, rows.size() - before));
        }
        progress.done();
        rows.sort(Comparator.comparing(Row::time).thenComparingInt(Row::symbol));
        return new Dataset(spec, rows, sources);
    }

    private static SourceInfo source(BundledHistory history, String symbol, List<Candle> candles, int rows) {
        Path file = history.directory().resolve(fileOf(history.directory(), symbol));
        String sha256;
        try {
            sha256 = ForecastModel.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant first = candles.isEmpty() ? null : candles.getFirst().openTime();
        Instant last = candles.isEmpty() ? null : candles.getLast().openTime();
        return new SourceInfo(symbol, file, sha256, candles.size(), first, last, rows);
    }

    /** The {@code file} column of instruments.csv (see data/README.md). */
    private static String fileOf(Path directory, String symbol) {
        try {
            for (String line : Files.readAllLines(directory.resolve("instruments.csv"))) {
                String[] fields = line.split(",", -1);
                if (fields.length >= 7 && fields[0].equals(symbol)) {
                    return fields[6];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException(symbol + " is not in " + directory.resolve("instruments.csv"));
    }
}
