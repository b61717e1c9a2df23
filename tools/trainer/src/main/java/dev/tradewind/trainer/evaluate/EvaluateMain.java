package dev.tradewind.trainer.evaluate;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelLoadException;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.trainer.FamilySpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code ./tradewind evaluate}: scores the committed models of a family on any folder laid out like
 * {@code data/market/} (docs/model.md#evaluate-on-your-own-data).
 *
 * <pre>
 *   ./tradewind evaluate --family crypto-1h|stocks-1d --data DIR [--from ISO-DATE] [--out FILE]
 *   --out FILE   the JSON (default evaluation-&lt;family&gt;.json in the current folder); "-" writes the JSON to
 *                standard output and the table to standard error
 *   --models DIR the model folders (default models, i.e. the repository's committed models)
 * </pre>
 * Exit status: 0 done, 1 a data or model problem (one line, no stack trace), 2 usage.
 */
public final class EvaluateMain {

    private EvaluateMain() {
    }

    record Options(FamilySpec family, Path data, Instant from, Path out, Path models) {
    }

    static final String USAGE = "usage: ./tradewind evaluate --family crypto-1h|stocks-1d --data DIR "
            + "[--from ISO-DATE] [--out FILE|-]";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole command; returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("evaluate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Evaluation.Output result = evaluate(options, err);
            byte[] json = Evaluation.json(result.json());
            if (options.out().toString().equals("-")) {
                err.print(result.table());
                out.write(json);
                out.flush();
            } else {
                Path parent = options.out().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.write(options.out(), json);
                out.print(result.table());
                out.println();
                out.println("evaluate: wrote " + options.out());
            }
            return 0;
        } catch (DataFileException e) {
            err.println("evaluate: " + e.getMessage());
            return 1;
        } catch (ModelLoadException e) {
            err.println("evaluate: cannot load the committed model: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("evaluate: cannot write " + options.out() + ": " + e.getMessage());
            return 1;
        }
    }

    static Options parse(String[] args) {
        FamilySpec family = null;
        Path data = null;
        Instant from = Instant.MIN;
        Path out = null;
        Path models = Path.of("models");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--family" -> {
                    String name = value(args, ++i, "--family");
                    family = FamilySpec.named(name).orElseThrow(() -> new IllegalArgumentException("unknown family '"
                            + name + "'; known: " + FamilySpec.ALL.stream().map(FamilySpec::name).toList()));
                }
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--from" -> {
                    String text = value(args, ++i, "--from");
                    try {
                        from = text.contains("T") ? Instant.parse(text)
                                : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--from must be an ISO date (2019-01-01) or instant, not '"
                                + text + "'");
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--models" -> models = Path.of(value(args, ++i, "--models"));
                case "-h", "--help" -> throw new IllegalArgumentException("evaluates the committed models on a "
                        + "folder laid out like data/market (docs/model.md#evaluate-on-your-own-data)");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (family == null || data == null) {
            throw new IllegalArgumentException("--family and --data are required");
        }
        if (out == null) {
            out = Path.of("evaluation-" + family.name() + ".json");
        }
        return new Options(family, data, from, out, models);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    static Evaluation.Output evaluate(Options options, PrintStream log) {
        FamilySpec spec = options.family();
        Path directory = options.models().resolve(spec.name());
        MarketFolder folder = MarketFolder.open(options.data());
        try (ForecastModel model = ForecastModel.load(directory)) {
            VolatilityModel volModel = VolatilityModel.load(directory);
            TrainingBaseRate baseRate = TrainingBaseRate.of(model.card());
            Evaluation evaluation = new Evaluation(spec, model, volModel, baseRate);
            if (!options.from().equals(Instant.MIN)) {
                evaluation.note("rows from " + options.from() + " on (--from); bars before it still feed the "
                        + "look-backs");
            }
            int index = 0;
            for (MarketFolder.Entry entry : folder.entries()) {
                if (entry.instrument().interval() != spec.interval()
                        || entry.instrument().assetClass() != spec.assetClass()) {
                    evaluation.note("skipped " + entry.instrument().symbol() + ": " + entry.instrument().interval()
                            .code() + " " + entry.instrument().assetClass().code() + " bars, the family "
                            + spec.name() + " forecasts " + spec.interval().code() + " "
                            + spec.assetClass().code());
                    continue;
                }
                String symbol = entry.instrument().symbol();
                List<Candle> candles = MarketFolder.read(entry);
                log.printf("evaluate: %s (%,d bars)%n", symbol, candles.size());
                SeriesRows rows = SeriesRows.build(index++, symbol, candles, model, volModel,
                        Evaluation.recordedGarch(volModel, symbol), options.from(), spec.feePerSide());
                if (model.card().symbols().contains(symbol)) {
                    evaluation.note(symbol + " is one of the model's training instruments: its rows before "
                            + model.card().trainedThrough() + " are in sample (use --from "
                            + model.card().trainedThrough().toString().substring(0, 10) + ")");
                }
                evaluation.add(rows);
            }
            if (evaluation.series().isEmpty()) {
                throw new DataFileException(options.data().resolve(MarketFolder.INSTRUMENTS) + ": no instrument of "
                        + spec.interval().code() + " " + spec.assetClass().code() + " bars for " + spec.name());
            }
            return evaluation.render(options.data().toString());
        }
    }
}
