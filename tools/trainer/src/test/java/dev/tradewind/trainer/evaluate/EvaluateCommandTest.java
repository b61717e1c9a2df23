package dev.tradewind.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.testing.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tradewind evaluate} end to end on a small folder it writes from real rows of the bundled files: crypto in
 * the CryptoDataDownload layout (one plain, one {@code .csv.gz}), stocks as {@code Date,Open,High,Low,Close,Volume}
 * and one as a Yahoo download with {@code Adj Close} between Close and Volume.
 */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Repository.path(".");

    @TempDir
    static Path folder;

    @BeforeAll
    static void writeFolder() throws IOException {
        List<String> btc = Files.readAllLines(REPO.resolve("data/market/crypto-1h/BTCUSDT_1h.csv"));
        List<String> eth = Files.readAllLines(REPO.resolve("data/market/crypto-1h/ETHUSDT_1h.csv"));
        // banner, header, then the newest 900 bars (newest first, as published)
        Files.createDirectories(folder.resolve("crypto"));
        Files.write(folder.resolve("crypto/BTC.csv"), btc.subList(0, 902));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("crypto/ETH.csv.gz")))) {
            out.write((String.join("\n", eth.subList(0, 902)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> aapl = Files.readAllLines(REPO.resolve("data/market/stocks-1d/AAPL.csv"));
        List<String> msft = Files.readAllLines(REPO.resolve("data/market/stocks-1d/MSFT.csv"));
        Files.write(folder.resolve("AAPL.csv"), slice(aapl, 1800, 2600));
        List<String> yahoo = new ArrayList<>(List.of("Date,Open,High,Low,Close,Adj Close,Volume"));
        for (String line : slice(msft, 1800, 2600).subList(1, 801)) {
            String[] f = line.split(",");
            yahoo.add(String.join(",", f[0], f[1], f[2], f[3], f[4], "123.45", f[5]));
        }
        Files.write(folder.resolve("MSFT.csv"), yahoo);
        Files.writeString(folder.resolve("instruments.csv"), """
                symbol,name,class,exchange,quote,interval,file
                BTCUSDT,Bitcoin,crypto,BINANCE,USDT,1h,crypto/BTC.csv
                ETHUSDT,Ethereum,crypto,BINANCE,USDT,1h,crypto/ETH.csv.gz
                AAPL,Apple,stock,NASDAQ,USD,1d,AAPL.csv
                MSFT,Microsoft,stock,NASDAQ,USD,1d,MSFT.csv
                """);
    }

    private static List<String> slice(List<String> lines, int from, int to) {
        List<String> out = new ArrayList<>(List.of(lines.getFirst()));
        out.addAll(lines.subList(from, to));
        return out;
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--models", REPO.resolve("models").toString()));
        int status = EvaluateMain.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cryptoFamilyOnAWrittenFolder() throws IOException {
        Path out = folder.resolve("crypto.json");
        Run run = run("--family", "crypto-1h", "--data", folder.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("skipped AAPL"), run.out());
        assertTrue(run.out().contains("P(up) > 0.5, held 4 bars"), run.out());
        JsonNode json = JSON.readTree(out.toFile());
        assertEquals("crypto-1h", json.get("family").asText());
        assertTrue(json.get("model").asText().startsWith("crypto-1h-"));
        assertEquals(2, json.get("series").size());
        assertEquals("BTCUSDT", json.at("/series/0/symbol").asText());
        assertEquals("ETHUSDT", json.at("/series/1/symbol").asText());
        for (JsonNode series : json.get("series")) {
            // 900 bars: rows from the 100th bar to the 4th-last, fewer any gaps
            int n = series.get("n").asInt();
            assertTrue(n > 700 && n <= 900 - 99 - 4, "n " + n);
            assertSane(series);
            assertTrue(series.get("from").asText().compareTo(series.get("to").asText()) < 0);
        }
        assertSane(json.get("pooled"));
        assertEquals(List.of("direction", "volatility", "range"), names(json.get("pooled")));
        // the same input gives the same bytes
        Path again = folder.resolve("crypto-again.json");
        assertEquals(0, run("--family", "crypto-1h", "--data", folder.toString(), "--out", again.toString())
                .status());
        assertEquals(-1, Files.mismatch(out, again));
    }

    @Test
    void stockFamilyWithAdjCloseAndFrom() throws IOException {
        Path out = folder.resolve("stocks.json");
        Run run = run("--family", "stocks-1d", "--data", folder.toString(), "--from", "2022-01-03", "--out",
                out.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode json = JSON.readTree(out.toFile());
        assertEquals(2, json.get("series").size());
        for (JsonNode series : json.get("series")) {
            assertTrue(series.get("from").asText().compareTo("2022-01-03") >= 0, series.get("from").asText());
            assertTrue(series.get("n").asInt() > 100);
            assertSane(series);
        }
        // MSFT (Yahoo layout, Adj Close ignored) scores exactly like the bundled file would
        assertEquals(json.at("/series/1/n").asInt(), json.at("/series/0/n").asInt());
    }

    private static void assertSane(JsonNode node) {
        assertEquals(List.of("auc", "auc95", "logLoss", "logLossTrainingBaseRate", "logLossSeriesBaseRate", "brier",
                "ece", "calibrationSlope"), names(node.get("direction")));
        assertEquals(List.of("qlike", "qlikeEwma", "qlikeGarch", "rmseLog", "r2"), names(node.get("volatility")));
        assertEquals(List.of("80", "95"), names(node.get("range")));
        JsonNode d = node.get("direction");
        assertTrue(d.get("auc").asDouble() > 0.3 && d.get("auc").asDouble() < 0.7);
        assertTrue(d.get("auc95").get(0).asDouble() <= d.get("auc95").get(1).asDouble());
        assertTrue(d.get("logLoss").asDouble() > 0.6 && d.get("logLoss").asDouble() < 0.8);
        assertTrue(d.get("logLossSeriesBaseRate").asDouble() <= d.get("logLossTrainingBaseRate").asDouble() + 1e-9);
        for (String level : List.of("80", "95")) {
            JsonNode band = node.at("/range/" + level);
            assertEquals(List.of("coverage", "intervalScore", "intervalScoreBaseline"), names(band));
            double coverage = band.get("coverage").asDouble();
            assertTrue(coverage >= 0 && coverage <= 1, level + ": " + coverage);
            assertTrue(band.get("intervalScore").asDouble() > 0);
        }
        assertTrue(node.at("/volatility/qlike").asDouble() >= 0);
        if (node.has("strategy")) {
            assertEquals(List.of("return", "buyAndHold", "trades"), names(node.get("strategy")));
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aMalformedFileIsOneErrorNamingFileAndLine(@TempDir Path bad) throws IOException {
        List<String> aapl = new ArrayList<>(Files.readAllLines(REPO.resolve("data/market/stocks-1d/AAPL.csv"))
                .subList(0, 300));
        String[] f = aapl.get(16).split(",");
        f[4] = "abc";
        aapl.set(16, String.join(",", f));
        Files.write(bad.resolve("AAPL.csv"), aapl);
        Files.writeString(bad.resolve("instruments.csv"), "symbol,name,class,exchange,quote,interval,file\n"
                + "AAPL,Apple,stock,NASDAQ,USD,1d,AAPL.csv\n");
        Run run = run("--family", "stocks-1d", "--data", bad.toString(), "--out", bad.resolve("x.json").toString());
        assertEquals(1, run.status());
        assertEquals("evaluate: " + bad.resolve("AAPL.csv") + ":17: Close is not a number: 'abc'", run.err().strip());
        assertFalse(run.err().contains("Exception"));
        assertFalse(Files.exists(bad.resolve("x.json")));
    }

    @Test
    void missingInstrumentsOrFileAreClearErrors(@TempDir Path empty) throws IOException {
        Run none = run("--family", "stocks-1d", "--data", empty.toString());
        assertEquals(1, none.status());
        assertTrue(none.err().contains(empty.resolve("instruments.csv") + ": no such file"), none.err());
        Files.writeString(empty.resolve("instruments.csv"), "symbol,name,class,exchange,quote,interval,file\n"
                + "XYZ,X,stock,NYSE,USD,1d,XYZ.csv\n");
        Run missing = run("--family", "stocks-1d", "--data", empty.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains(empty.resolve("XYZ.csv") + ": no such file"), missing.err());
        assertEquals(2, run("--family", "nope", "--data", empty.toString()).status());
    }
}
