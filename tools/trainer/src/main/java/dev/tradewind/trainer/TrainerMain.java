package dev.tradewind.trainer;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.trainer.pipeline.FamilyTrainer;
import dev.tradewind.trainer.pipeline.TrainingResult;
import dev.tradewind.trainer.report.ReportWriter;
import dev.tradewind.trainer.report.VolatilityReport;
import dev.tradewind.trainer.volatility.VolatilityTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./tradewind train}: retrains the models from the bundled history into models/ (see docs/model.md).
 *
 * <pre>
 *   ./tradewind train                         every family into models/&lt;family&gt;/
 *   ./tradewind train --family crypto-1h      one family
 *   ./tradewind train --verify                retrain into a scratch folder, compare byte for byte with models/
 *   ./tradewind train --ci --out DIR          the CI-sized slice (seconds; meaningless numbers)
 *   each family also gets volatility.json (volatility and price-range model) and its REPORT.md section
 *   options: --out DIR (default models), --data DIR (default data/market), --quiet
 * </pre>
 * Exit status: 0 done (or verified identical), 1 a failure (e.g. the parity check) or a difference, 2 usage.
 */
public final class TrainerMain {

    private TrainerMain() {
    }

    record Options(List<FamilySpec> families, Path out, Path data, boolean verify, boolean quiet) {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("train: " + e.getMessage());
            System.err.println("usage: ./tradewind train [--family crypto-1h|stocks-1d] [--out DIR] [--data DIR] "
                    + "[--ci] [--verify] [--quiet]");
            System.exit(2);
            return;
        }
        try {
            System.exit(run(options, System.out, System.err));
        } catch (RuntimeException | IOException e) {
            System.err.println("train: failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        List<FamilySpec> families = new ArrayList<>(FamilySpec.ALL);
        Path out = Path.of("models");
        Path data = Path.of("data/market");
        boolean ci = false;
        boolean verify = false;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--family" -> {
                    String name = value(args, ++i, "--family");
                    families = List.of(FamilySpec.named(name).orElseThrow(() -> new IllegalArgumentException(
                            "unknown family '" + name + "'; known: " + FamilySpec.ALL.stream().map(FamilySpec::name)
                                    .toList())));
                }
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--ci" -> ci = true;
                case "--verify" -> verify = true;
                case "--quiet" -> quiet = true;
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (ci) {
            families = families.stream().map(FamilySpec::ciSlice).toList();
        }
        return new Options(List.copyOf(families), out, data, verify, quiet);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    static int run(Options options, PrintStream out, PrintStream err) throws IOException {
        BundledHistory history = BundledHistory.load(options.data());
        Progress progress = options.quiet() ? Progress.silent() : Progress.console(err, System.console() != null);
        Path target = options.verify() ? Files.createTempDirectory("tradewind-train-verify") : options.out();
        int differences = 0;
        try {
            for (FamilySpec spec : options.families()) {
                Path directory = target.resolve(spec.name());
                TrainingResult result = FamilyTrainer.train(spec, history, directory, progress);
                out.println(summary(result, directory));
                VolatilityTrainer.Result volatility = VolatilityTrainer.train(spec, history,
                        universe(options.data(), spec), directory, progress);
                VolatilityReport.write(spec.name(), volatility, directory);
                out.println(volatility.summary());
                if (options.verify()) {
                    differences += compare(directory, options.out().resolve(spec.name()), out);
                }
            }
        } finally {
            if (options.verify()) {
                deleteRecursively(target);
            }
        }
        if (options.verify()) {
            out.println(differences == 0 ? "verify: identical to " + options.out() + ", byte for byte"
                    : "verify: " + differences + " file(s) differ from " + options.out());
        }
        return differences == 0 ? 0 : 1;
    }

    /** The family's wider universe for the volatility model (e.g. data/market/stocks-1d-sp500), when bundled. */
    static Optional<BundledHistory> universe(Path data, FamilySpec spec) {
        return VolatilityTrainer.settings(spec).universe().map(data::resolve)
                .filter(d -> Files.isRegularFile(d.resolve("instruments.csv"))).map(BundledHistory::load);
    }

    static String summary(TrainingResult r, Path directory) {
        return String.format(Locale.ROOT, "%s: %s -> %s%n  holdout %s..%s: accuracy %.4f, AUC %.4f, log-loss %.5f "
                        + "(base rate %.5f, previous bar %.5f), Brier %.5f (base rate %.5f)%n"
                        + "  walk-forward pooled: log-loss %.5f (base rate %.5f), AUC %.4f%n"
                        + "  parity max |dp| %.2e over %,d rows; %s",
                r.spec().name(), r.version(), directory, r.holdout().from(), r.holdout().to(),
                r.holdout().model().accuracy(), r.holdout().model().auc(), r.holdout().model().logLoss(),
                r.holdout().baseRate().logLoss(), r.holdout().previousBar().logLoss(), r.holdout().model().brier(),
                r.holdout().baseRate().brier(), r.walkForward().model().logLoss(),
                r.walkForward().baseRate().logLoss(), r.walkForward().model().auc(), r.parity().maxAbsDifference(),
                r.parity().rows(), r.lowConfidence() ? "LOW CONFIDENCE" : "beats the base rate");
    }

    /** Every file the trainer writes must be byte-identical to the committed one. */
    static int compare(Path fresh, Path committed, PrintStream out) throws IOException {
        List<String> files = new ArrayList<>(List.of("model.onnx", "model-card.json", ReportWriter.REPORT_FILE));
        files.addAll(ReportWriter.CHART_FILES);
        files.addAll(VolatilityReport.FILES);
        int differences = 0;
        for (String file : files) {
            Path expected = committed.resolve(file);
            if (!Files.isRegularFile(expected) || Files.mismatch(fresh.resolve(file), expected) != -1) {
                out.println("verify: " + expected + " differs from a fresh training run");
                differences++;
            }
        }
        return differences;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
