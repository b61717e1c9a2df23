package dev.tradewind.trainer.data;

import java.nio.file.Path;
import java.time.Instant;

/** One instrument's history as the trainer read it, for the model card: which file, which bytes, which bars. */
public record SourceInfo(String symbol, Path file, String sha256, int candles, Instant firstOpen, Instant lastOpen,
                         int rows) {
}
