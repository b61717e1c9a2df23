package dev.tradewind.trainer.evaluate;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.NyseCalendar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A folder laid out like {@code data/market/} (data/README.md), read strictly for {@code ./tradewind evaluate}: every
 * problem is one {@link DataFileException} naming the file and the line. Unlike {@code BundledHistory} (which trusts
 * the bundled files), columns are matched by header name, so a Yahoo download with an {@code Adj Close} column
 * (ignored) between Close and Volume reads as well as the bundled layout.
 *
 * <ul>
 *   <li>{@code instruments.csv}: header {@code symbol,name,class,exchange,quote,interval,file}, paths relative to the
 *   folder;</li>
 *   <li>CryptoDataDownload layout: an optional banner line, then {@code unix,date,symbol,open,high,low,close,
 *   Volume <BASE>,Volume <QUOTE>,tradecount}, any row order; {@code unix} is the open time in epoch milliseconds
 *   (values below 10^11 are read as seconds, at or above 10^14 as microseconds, as the exporter has used all three);
 *   the volume is the base-currency column;</li>
 *   <li>daily layout: {@code Date,Open,High,Low,Close,Volume} (an {@code Adj Close} column is ignored), a bar keyed by
 *   its NYSE session open;</li>
 *   <li>{@code .gz} files are decompressed on the fly.</li>
 * </ul>
 */
public final class MarketFolder {

    static final String INSTRUMENTS = "instruments.csv";
    private static final String HEADER = "symbol,name,class,exchange,quote,interval,file";

    /** One line of instruments.csv. */
    public record Entry(Instrument instrument, Path file, int line) {
    }

    private final Path directory;
    private final List<Entry> entries;

    private MarketFolder(Path directory, List<Entry> entries) {
        this.directory = directory;
        this.entries = List.copyOf(entries);
    }

    public Path directory() {
        return directory;
    }

    public List<Entry> entries() {
        return entries;
    }

    public static MarketFolder open(Path directory) {
        Path index = directory.resolve(INSTRUMENTS);
        if (!Files.isDirectory(directory)) {
            throw new DataFileException(directory + ": no such folder");
        }
        if (!Files.isRegularFile(index)) {
            throw new DataFileException(index + ": no such file (a data folder needs an instruments.csv with "
                    + "the header " + HEADER + ")");
        }
        List<String> lines = lines(index);
        if (lines.isEmpty() || !stripBom(lines.getFirst()).trim().equals(HEADER)) {
            throw DataFileException.at(index, 1, "the header must be " + HEADER);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            int number = i + 1;
            if (f.length != 7) {
                throw DataFileException.at(index, number, "expected 7 columns (" + HEADER + "), found " + f.length);
            }
            for (int k = 0; k < f.length; k++) {
                f[k] = f[k].trim();
            }
            if (f[0].isEmpty() || f[6].isEmpty()) {
                throw DataFileException.at(index, number, "symbol and file must not be empty");
            }
            AssetClass assetClass = AssetClass.parse(f[2]).orElseThrow(() -> DataFileException.at(index, number,
                    "unknown class '" + f[2] + "' (crypto or stock)"));
            Interval interval = Interval.parse(f[5]).orElseThrow(() -> DataFileException.at(index, number,
                    "unknown interval '" + f[5] + "' (1h or 1d)"));
            if (entries.stream().anyMatch(e -> e.instrument().symbol().equals(f[0]))) {
                throw DataFileException.at(index, number, "symbol " + f[0] + " is listed twice");
            }
            entries.add(new Entry(new Instrument(f[0], f[1], assetClass, f[3], f[4], interval),
                    directory.resolve(f[6]), number));
        }
        return new MarketFolder(directory, entries);
    }

    /** The bars of one instrument, oldest first; a missing or malformed file is a {@link DataFileException}. */
    public static List<Candle> read(Entry entry) {
        Path file = entry.file();
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file + ": no such file (listed for " + entry.instrument().symbol()
                    + " on line " + entry.line() + " of " + INSTRUMENTS + ")");
        }
        List<String> lines = lines(file);
        int header = 0;
        while (header < lines.size() && lines.get(header).isBlank()) {
            header++;
        }
        if (header < lines.size() && !lines.get(header).contains(",")) {
            header++;   // the CryptoDataDownload banner
        }
        if (header >= lines.size()) {
            throw DataFileException.at(file, Math.max(1, lines.size()), "no header line");
        }
        List<String> names = new ArrayList<>();
        for (String name : stripBom(lines.get(header)).split(",", -1)) {
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
        boolean unix = names.contains("unix");
        Columns columns = unix ? cryptoColumns(file, header + 1, names, entry.instrument())
                : dailyColumns(file, header + 1, names);
        List<Numbered> candles = new ArrayList<>(lines.size());
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            candles.add(new Numbered(parse(file, i + 1, line, names, columns, unix, entry.instrument()), i + 1));
        }
        if (candles.isEmpty()) {
            throw DataFileException.at(file, header + 1, "no bars after the header");
        }
        candles.sort(Comparator.comparing(n -> n.candle().openTime()));
        for (int i = 1; i < candles.size(); i++) {
            if (candles.get(i).candle().openTime().equals(candles.get(i - 1).candle().openTime())) {
                throw DataFileException.at(file, Math.max(candles.get(i).line(), candles.get(i - 1).line()),
                        "a second bar for " + candles.get(i).candle().openTime() + " (also on line "
                                + Math.min(candles.get(i).line(), candles.get(i - 1).line()) + ")");
            }
        }
        return candles.stream().map(Numbered::candle).toList();
    }

    private record Numbered(Candle candle, int line) {
    }

    /** Column indexes; {@code time} is unix or Date. */
    private record Columns(int time, int open, int high, int low, int close, int volume) {
    }

    private static Columns cryptoColumns(Path file, int line, List<String> names, Instrument instrument) {
        int volume = -1;
        String quote = "volume " + instrument.quoteCurrency().toLowerCase(Locale.ROOT);
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).startsWith("volume") && !names.get(k).equals(quote)) {
                volume = k;
                break;
            }
        }
        if (volume < 0) {
            volume = names.indexOf("volume");
        }
        if (volume < 0) {
            throw DataFileException.at(file, line, "no base-currency volume column (e.g. 'Volume BTC') in the "
                    + "header");
        }
        return new Columns(names.indexOf("unix"), required(file, line, names, "open"),
                required(file, line, names, "high"), required(file, line, names, "low"),
                required(file, line, names, "close"), volume);
    }

    private static Columns dailyColumns(Path file, int line, List<String> names) {
        return new Columns(required(file, line, names, "date"), required(file, line, names, "open"),
                required(file, line, names, "high"), required(file, line, names, "low"),
                required(file, line, names, "close"), required(file, line, names, "volume"));
    }

    private static int required(Path file, int line, List<String> names, String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw DataFileException.at(file, line, "the header has no '" + name + "' column (expected "
                    + "Date,Open,High,Low,Close[,Adj Close],Volume or the CryptoDataDownload layout)");
        }
        return index;
    }

    private static Candle parse(Path file, int number, String line, List<String> names, Columns c, boolean unix,
                                Instrument instrument) {
        String[] f = line.split(",", -1);
        if (f.length != names.size()) {
            throw DataFileException.at(file, number, "expected " + names.size() + " columns as in the header, found "
                    + f.length);
        }
        Instant open;
        String time = f[c.time()].trim();
        if (unix) {
            long value;
            try {
                value = Long.parseLong(time);
            } catch (NumberFormatException e) {
                throw DataFileException.at(file, number, "unix is not an integer: '" + time + "'");
            }
            open = value < 100_000_000_000L ? Instant.ofEpochSecond(value)
                    : value >= 100_000_000_000_000L ? Instant.ofEpochSecond(value / 1_000_000, value % 1_000_000 * 1000)
                    : Instant.ofEpochMilli(value);
        } else {
            try {
                open = NyseCalendar.sessionOpen(LocalDate.parse(time));
            } catch (DateTimeParseException e) {
                throw DataFileException.at(file, number, "Date is not a date (yyyy-MM-dd): '" + time + "'");
            }
        }
        BigDecimal o = price(file, number, "Open", f[c.open()]);
        BigDecimal h = price(file, number, "High", f[c.high()]);
        BigDecimal l = price(file, number, "Low", f[c.low()]);
        BigDecimal cl = price(file, number, "Close", f[c.close()]);
        BigDecimal v = number(file, number, "Volume", f[c.volume()]);
        if (v.signum() < 0) {
            throw DataFileException.at(file, number, "Volume is negative: '" + f[c.volume()].trim() + "'");
        }
        if (h.compareTo(l) < 0) {
            throw DataFileException.at(file, number, "High " + h.toPlainString() + " is below Low "
                    + l.toPlainString());
        }
        return new Candle(instrument.symbol(), instrument.interval(), open, o, h, l, cl, v);
    }

    private static BigDecimal price(Path file, int line, String column, String text) {
        BigDecimal value = number(file, line, column, text);
        if (value.signum() <= 0) {
            throw DataFileException.at(file, line, column + " must be positive: '" + text.trim() + "'");
        }
        return value;
    }

    private static BigDecimal number(Path file, int line, String column, String text) {
        String trimmed = text.trim();
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw DataFileException.at(file, line, column + " is not a number: '" + trimmed + "'");
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static List<String> lines(Path file) {
        try {
            if (!file.getFileName().toString().endsWith(".gz")) {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataFileException(file + ": cannot read: " + e.getMessage());
        }
    }
}
