package dev.tradewind.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelCard;
import dev.tradewind.model.ModelContract;
import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.testing.Repository;
import dev.tradewind.trainer.report.ReportWriter;
import dev.tradewind.trainer.report.VolatilityReport;
import dev.tradewind.trainer.volatility.VolatilityTrainer;
import dev.tradewind.model.volatility.VolatilityModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI-sized variant of {@code ./tradewind train} ({@code --ci}: two symbols per family, a few months, 40 trees)
 * through the real command: every stage runs, the outputs load through the inference API, and a second run
 * reproduces them byte for byte ({@code --verify}).
 */
class TrainerCiTest {

    @TempDir
    static Path out;

    private static String summary;

    @BeforeAll
    static void trainOnce() throws Exception {
        summary = run("--ci", "--quiet", "--out", out.toString());
    }

    private static String run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", Repository.path("data/market").toString()));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = TrainerMain.run(TrainerMain.parse(all.toArray(String[]::new)),
                new PrintStream(text, true, StandardCharsets.UTF_8), System.err);
        String output = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        return output;
    }

    @Test
    void ciRun_writesEveryOutputOfEveryFamily() throws Exception {
        for (FamilySpec spec : FamilySpec.ALL) {
            Path directory = out.resolve(spec.name());
            List<String> files = new ArrayList<>(List.of(ModelContract.MODEL_FILE, ModelContract.CARD_FILE,
                    ReportWriter.REPORT_FILE));
            files.addAll(ReportWriter.CHART_FILES);
            for (String file : files) {
                assertTrue(Files.size(directory.resolve(file)) > 0, directory.resolve(file) + " is written");
            }
            for (String chart : ReportWriter.CHART_FILES) {
                assertEquals(900, ImageIO.read(directory.resolve(chart).toFile()).getWidth(), chart);
            }
            String report = Files.readString(directory.resolve(ReportWriter.REPORT_FILE));
            assertTrue(report.contains("![Reliability curve](reliability.png)"), report);
            for (String file : VolatilityReport.FILES) {
                assertTrue(Files.size(directory.resolve(file)) > 0, directory.resolve(file) + " is written");
            }
            assertTrue(report.contains("## Volatility and price ranges"), report);
            assertTrue(report.contains("![Rolling coverage of the price ranges, holdout](range-coverage.png)"));
            assertTrue(summary.contains(spec.name()), summary);
        }
    }

    @Test
    void ciRun_cardDescribesAModelTheInferenceApiServes() throws Exception {
        for (FamilySpec spec : FamilySpec.ALL) {
            Path directory = out.resolve(spec.name());
            try (ForecastModel model = ForecastModel.load(directory)) {
                ModelCard card = model.card();
                assertEquals(spec.interval(), card.interval());
                assertEquals(spec.horizonBars(), card.horizonBars());
                assertEquals(FeatureSet.forInterval(spec.interval()).names(), card.features());
                assertTrue(card.trainedThrough().compareTo(FamilySpec.CUTOFF) <= 0,
                        "no training label after the cutoff: " + card.trainedThrough());
                assertTrue(card.version().startsWith(spec.name() + "-"));
            }
            JsonNode card = new ObjectMapper().readTree(directory.resolve(ModelContract.CARD_FILE).toFile());
            assertTrue(card.at("/parity/maxAbsDifference").asDouble() <= 1e-5);
            assertEquals(0, card.at("/parity/flippedDecisions").asInt());
            assertTrue(card.at("/parity/rowsWithMissingValues").asInt() > 0, "parity covers missing values");
            JsonNode holdout = card.at("/evaluation/holdout");
            assertTrue(Instant.parse(holdout.get("from").asText()).compareTo(FamilySpec.CUTOFF) >= 0);
            for (String forecaster : List.of("model", "uncalibrated", "baseRate", "previousBar")) {
                for (String metric : List.of("accuracy", "auc", "logLoss", "brier")) {
                    assertTrue(holdout.get(forecaster).get(metric).isNumber(), forecaster + "." + metric);
                }
            }
            assertEquals(2, card.at("/evaluation/walkForward/folds").size());
            boolean beats = holdout.get("beatsBaseRate").asBoolean()
                    && card.at("/evaluation/walkForward/pooled/beatsBaseRate").asBoolean();
            assertEquals(!beats, card.get("lowConfidence").asBoolean(), "the flag follows the measured log-losses");
        }
    }

    @Test
    void ciRun_volatilityFileLoadsThroughTheModelLayer_andReportsEverySetAndTarget() throws Exception {
        for (FamilySpec spec : FamilySpec.ALL) {
            Path directory = out.resolve(spec.name());
            VolatilityModel model = VolatilityModel.load(directory);
            assertEquals(spec.interval(), model.spec().interval());
            assertEquals(spec.horizonBars(), model.spec().rangeHorizonBars());
            assertEquals(VolatilityTrainer.settings(spec).horizonBars(), model.spec().horizonBars());
            JsonNode json = new ObjectMapper().readTree(directory.resolve(ModelContract.VOLATILITY_FILE).toFile());
            for (String set : List.of("walkForward", "holdout", "loioHoldout", "loioWalkForward")) {
                JsonNode e = json.at("/evaluation/" + set);
                assertTrue(e.get("rows").asInt() > 0, set);
                for (String forecaster : List.of("model", "ewma", "garch", "rolling")) {
                    assertTrue(e.at("/qlike/" + forecaster).isNumber(), set + " " + forecaster);
                }
                assertTrue(e.at("/qlikeDifference/modelMinusGarch/high").isNumber(), set);
                for (String level : List.of("80", "95")) {
                    assertTrue(e.at("/ranges/" + level + "/coverage").isNumber(), set + " " + level);
                    assertTrue(e.at("/ranges/" + level + "/baselineIntervalScore").isNumber(), set + " " + level);
                }
                JsonNode met = json.at("/targetsMet/" + set);
                assertEquals(e.at("/qlike/model").asDouble() < e.at("/qlike/ewma").asDouble(),
                        met.get("qlikeBelowEwma").asBoolean(), "targetsMet follows the numbers: " + set);
                assertEquals(Math.abs(e.at("/ranges/80/coverage").asDouble() - 0.8) <= 0.03,
                        met.get("coverage80WithinThreePoints").asBoolean(), set);
            }
            assertTrue(Instant.parse(json.at("/evaluation/holdout/from").asText()).compareTo(FamilySpec.CUTOFF) >= 0);
        }
    }

    @Test
    void verify_retrainsTheSameBytes_andNoticesAChangedFile() throws Exception {
        String verified = run("--ci", "--quiet", "--verify", "--out", out.toString());
        assertTrue(verified.contains("identical"), verified);

        Path copy = Files.createDirectories(out.resolveSibling(out.getFileName() + "-changed"));
        Path fresh = out.resolve("stocks-1d");
        for (Path file : Files.list(fresh).toList()) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        Files.writeString(copy.resolve(ModelContract.CARD_FILE), "{}");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertEquals(1, TrainerMain.compare(fresh, copy, new PrintStream(text, true, StandardCharsets.UTF_8)));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains(ModelContract.CARD_FILE));
    }
}
