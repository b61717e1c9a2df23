package dev.tradewind.shared.market;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The real market history bundled under {@code data/market} (see data/README.md), read into candles in time order.
 * Both published formats are understood: the CryptoDataDownload export (banner line, newest first, epoch-ms open
 * times) and Yahoo daily bars (trading dates, oldest first), either as plain {@code .csv} or gzip-compressed
 * {@code .csv.gz} (the wider stock universe under {@code data/market/stocks-1d-sp500}, which has its own
 * {@code instruments.csv}).
 */
public final class BundledHistory {

    private final Path directory;
    private final Map<String, Entry> entries;
    private final Map<String, List<Candle>> loaded = new ConcurrentHashMap<>();

    private record Entry(Instrument instrument, Path file) {
    }

    private BundledHistory(Path directory, Map<String, Entry> entries) {
        this.directory = directory;
        this.entries = entries;
    }

    /** @param directory the folder holding {@code instruments.csv} */
    public static BundledHistory load(Path directory) {
        Path index = directory.resolve("instruments.csv");
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("symbol,name,class,exchange,quote,interval,file")) {
                throw new IllegalStateException(index + " does not start with the expected header");
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                Instrument instrument = new Instrument(f[0], f[1], AssetClass.fromCode(f[2]), f[3], f[4],
                        Interval.fromCode(f[5]));
                entries.put(instrument.symbol(), new Entry(instrument, directory.resolve(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + index, e);
        }
        return new BundledHistory(directory, Collections.unmodifiableMap(entries));
    }

    public Path directory() {
        return directory;
    }

    public List<Instrument> instruments() {
        return entries.values().stream().map(Entry::instrument).toList();
    }

    public Optional<Instrument> instrument(String symbol) {
        return Optional.ofNullable(entries.get(symbol)).map(Entry::instrument);
    }

    /** Every bar of {@code symbol} in time order, read once and kept. */
    public List<Candle> candles(String symbol) {
        Entry entry = entries.get(symbol);
        if (entry == null) {
            throw new IllegalArgumentException(symbol + " is not in the bundled history");
        }
        return loaded.computeIfAbsent(symbol, s -> read(entry));
    }

    /** The bars of {@code symbol} that opened in [from, to), in time order. */
    public List<Candle> candles(String symbol, Instant from, Instant to) {
        return candles(symbol).stream().filter(c -> !c.openTime().isBefore(from) && c.openTime().isBefore(to))
                .toList();
    }

    private static List<Candle> read(Entry entry) {
        try {
            List<String> lines = lines(entry.file);
            return entry.instrument.assetClass() == AssetClass.CRYPTO
                    ? readCryptoDataDownload(entry.instrument, lines)
                    : readYahooDaily(entry.instrument, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + entry.file, e);
        }
    }

    /** A file's lines; {@code .gz} files (gzip, e.g. {@code AFL.csv.gz}) are decompressed on the fly. */
    private static List<String> lines(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    private static List<Candle> readCryptoDataDownload(Instrument instrument, List<String> lines) {
        int start = 0;
        while (start < lines.size() && !lines.get(start).startsWith("unix,")) {
            start++;
        }
        List<Candle> candles = new ArrayList<>(lines.size());
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            candles.add(new Candle(instrument.symbol(), instrument.interval(), Instant.ofEpochMilli(Long.parseLong(f[0])),
                    new BigDecimal(f[3]), new BigDecimal(f[4]), new BigDecimal(f[5]), new BigDecimal(f[6]),
                    new BigDecimal(f[7])));
        }
        Collections.reverse(candles);
        return List.copyOf(candles);
    }

    private static List<Candle> readYahooDaily(Instrument instrument, List<String> lines) {
        List<Candle> candles = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            candles.add(new Candle(instrument.symbol(), Interval.D1, NyseCalendar.sessionOpen(LocalDate.parse(f[0])),
                    new BigDecimal(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]), new BigDecimal(f[4]),
                    new BigDecimal(f[5])));
        }
        return List.copyOf(candles);
    }
}
