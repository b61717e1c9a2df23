package dev.tradewind.trainer.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.model.ModelCard;
import java.util.Locale;

/**
 * The committed model's training base rate: the share of up labels among the rows it was trained on, the constant
 * forecast "does no harm" has to beat. The trainer records it in the card ({@code decision.trainingBaseRate}).
 *
 * @param rate the share of up labels
 * @param note where it comes from, for the printed notes
 */
record TrainingBaseRate(double rate, String note) {

    static TrainingBaseRate of(ModelCard card) {
        JsonNode recorded = card.json().at("/decision/trainingBaseRate");
        if (!recorded.isNumber()) {
            throw new DataFileException("the model card of " + card.family() + " records no decision.trainingBaseRate;"
                    + " retrain it with ./tradewind train");
        }
        return new TrainingBaseRate(recorded.asDouble(), String.format(Locale.ROOT,
                "%.6f, decision.trainingBaseRate of the model card", recorded.asDouble()));
    }
}
