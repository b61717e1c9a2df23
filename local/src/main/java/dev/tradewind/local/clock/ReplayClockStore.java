package dev.tradewind.local.clock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Remembers where the replay stood, so a restarted runtime continues from there instead of going back in time. */
public final class ReplayClockStore {

    private final Path file;

    public ReplayClockStore(Path dataDirectory) {
        this.file = dataDirectory.resolve("replay-clock.txt");
    }

    /**
     * The saved instant, or empty when there is none or it is unusable: unreadable, or past {@link ReplayClock#LATEST}
     * (an unbounded advance of an older runtime could save one, after which every dated answer failed).
     */
    public Optional<Instant> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim()))
                    .filter(saved -> !saved.isAfter(ReplayClock.LATEST));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public void save(Instant instant) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, instant.toString() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save replay clock to " + file, e);
        }
    }
}
