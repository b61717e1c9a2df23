package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FirstRequestSeedTest {

    private static final Path EVENTS = Path.of("..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROW_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    /**
     * An analysis whose content hash equals the caller's newest report's answers that report and stores nothing: each
     * request's sensitivity (part of the hashed outcome) differs from the one before it, the first from the seeded
     * report's (the sample's).
     */
    @Test
    void analysisOptions_eachAnalysisDiffersInSensitivityFromTheOneBefore() throws Exception {
        for (String event : List.of("analyze-session.json", "analyze-range.json", "analyze-inline.json")) {
            byte[] sample = Files.readAllBytes(EVENTS.resolve("analyze-behavior").resolve(event));
            String before = sensitivity(sample);
            for (int analysis = 0; analysis < 12; analysis++) {
                String sensitivity = sensitivity(FirstRequestProbe.substitute(sample,
                        FirstRequestSeed.analysisOptions(analysis)));
                assertTrue(List.of("low", "medium", "high").contains(sensitivity), event + ": " + sensitivity);
                assertNotEquals(before, sensitivity, event + ", analysis " + analysis);
                before = sensitivity;
            }
        }
    }

    /**
     * Rows already in the journal come back as duplicates, rows before its latest trade as out of order and rows after
     * the function's clock (the replay's, from its start) as invalid: each import's rows are before the replay start
     * and after every earlier import's, in the two sample files alike (they share the default journal).
     */
    @Test
    void importRows_eachImportsRowsFollowTheLastImportsAndPrecedeTheReplayClock() throws Exception {
        List<byte[]> samples = List.of(
                Files.readAllBytes(EVENTS.resolve("trading-session/import-trades-csv.json")),
                Files.readAllBytes(EVENTS.resolve("trading-session/import-trades-json.json")));
        Instant latest = Instant.MIN;
        for (int imported = 0; imported < 20; imported++) {
            byte[] sample = samples.get(imported / 10);
            List<Instant> rows = rowTimes(FirstRequestProbe.substitute(sample, FirstRequestSeed.importRows(imported)));
            assertTrue(rows.size() >= 2, "rows of import " + imported + ": " + rows);
            for (Instant row : rows) {
                assertTrue(row.isAfter(latest), "import " + imported + " has " + row + ", not after " + latest);
                assertTrue(row.isBefore(PredictSeed.REPLAY_START), "import " + imported + " has " + row
                        + ", after the replay clock's start");
                latest = row;
            }
        }
    }

    private static String sensitivity(byte[] event) throws Exception {
        return JSON.readTree(JSON.readTree(event).path("body").asText()).path("sensitivity").asText();
    }

    /** The trades' times in the body, in row order. */
    private static List<Instant> rowTimes(byte[] event) throws Exception {
        JsonNode body = JSON.readTree(event).path("body");
        List<Instant> times = new ArrayList<>();
        Matcher time = ROW_TIME.matcher(body.asText());
        while (time.find()) {
            times.add(Instant.parse(time.group()));
        }
        return times;
    }
}
