package dev.tradewind.local.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayClockStoreTest {

    @TempDir
    Path dataDirectory;

    @Test
    void load_returnsWhatWasSaved() {
        ReplayClockStore store = new ReplayClockStore(dataDirectory);
        store.save(Instant.parse("2022-03-01T12:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2022-03-01T12:00:00Z")), store.load());
    }

    @Test
    void load_clockSavedPastYear9999_isIgnoredSoTheRuntimeStartsAtTheReplayStart() throws IOException {
        // What an unbounded `/_local/clock/advance?by=P100000000D` of an older runtime left behind.
        Files.writeString(dataDirectory.resolve("replay-clock.txt"), "+275812-09-16T10:00:00Z\n",
                StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), new ReplayClockStore(dataDirectory).load());
    }

    @Test
    void load_unreadableFile_isIgnored() throws IOException {
        Files.writeString(dataDirectory.resolve("replay-clock.txt"), "not a time", StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), new ReplayClockStore(dataDirectory).load());
    }
}
