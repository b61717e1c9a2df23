package dev.tradewind.trainer.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.ModelCard;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The committed model's training base rate: the share of up labels among the rows it was trained on (the constant
 * forecast "does no harm" has to beat). The card does not record it, so it is recomputed from the files the card
 * lists ({@code data.sources}, relative to the repository root, checked against their SHA-256) with the trainer's row
 * rule (a row per bar from the 100th whose label bar, {@code horizon} rows later, opened before the cutoff: the
 * trainer's development rows, whose up-share is its base-rate baseline), then checked against the card: the row count
 * must be the card's fit + calibration rows + the h rows per instrument purged between them, and the implied base-rate log
 * loss on the card's holdout must be the card's. A card field {@code training.baseRate}, when present, wins.
 *
 * @param rate  the share of up labels
 * @param rows  training rows it was computed on (0 when read from the card)
 * @param note  how it was obtained and checked, for the printed notes
 */
record TrainingBaseRate(double rate, int rows, String note) {

    static TrainingBaseRate of(ModelCard card, Path repository) {
        JsonNode json = card.json();
        JsonNode recorded = json.at("/training/baseRate");
        if (recorded.isNumber()) {
            return new TrainingBaseRate(recorded.asDouble(), 0, "training.baseRate of the model card");
        }
        int window = card.windowLength();
        int h = card.horizonBars();
        Instant cutoff = Instant.parse(json.at("/training/cutoff").asText());
        long up = 0;
        int rows = 0;
        StringBuilder problems = new StringBuilder();
        for (JsonNode source : json.at("/data/sources")) {
            Path file = repository.resolve(source.get("file").asText());
            String symbol = source.get("symbol").asText();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DataFileException(file + ": cannot read the model's training data to recompute its base "
                        + "rate (" + e.getMessage() + "); run from the repository");
            }
            if (!ForecastModel.sha256(bytes).equals(source.get("sha256").asText())) {
                problems.append(' ').append(file).append(" is not the file the model was trained on (SHA-256);");
            }
            Instrument instrument = new Instrument(symbol, symbol, card.assetClass(), "", card.assetClass()
                    == AssetClass.CRYPTO ? "USDT" : "USD", card.interval());
            List<Candle> candles = MarketFolder.read(new MarketFolder.Entry(instrument, file, 0));
            for (int i = window - 1; i + h < candles.size(); i++) {
                if (candles.get(i + h).openTime().isBefore(cutoff)) {
                    rows++;
                    up += candles.get(i + h).close().compareTo(candles.get(i).close()) > 0 ? 1 : 0;
                }
            }
        }
        double rate = (double) up / rows;
        // the card's fit and calibration rows, plus the h rows per instrument purged between them
        int cardRows = json.at("/training/fit/rows").asInt() + json.at("/training/calibration/rows").asInt()
                + h * json.at("/data/sources").size();
        if (rows != cardRows) {
            problems.append(String.format(Locale.ROOT, " %,d training rows recomputed, the card has %,d;", rows,
                    cardRows));
        }
        JsonNode holdout = json.at("/evaluation/holdout");
        double ybar = holdout.path("positiveRate").asDouble(Double.NaN);
        double cardLoss = holdout.at("/baseRate/logLoss").asDouble(Double.NaN);
        double implied = -(ybar * Math.log(rate) + (1 - ybar) * Math.log(1 - rate));
        boolean matches = Math.abs(implied - cardLoss) < 5e-6;
        if (!matches) {
            problems.append(String.format(Locale.ROOT, " implied holdout base-rate log loss %.6f, the card says "
                    + "%.6f;", implied, cardLoss));
        }
        String note = String.format(Locale.ROOT, "%.6f = share of up labels in the model's %,d training rows, "
                + "recomputed from the card's data sources", rate, rows);
        note += problems.isEmpty() ? " (row count, SHA-256 and the card's holdout base-rate log loss agree)"
                : "; WARNING:" + problems;
        return new TrainingBaseRate(rate, rows, note);
    }
}
