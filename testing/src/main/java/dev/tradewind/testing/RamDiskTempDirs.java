package dev.tradewind.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * JUnit's temporary directories on the machine's RAM disk ({@code /dev/shm}) when it has one with room to spare,
 * else in {@code java.io.tmpdir}. DynamoDB Local's SQLite syncs every write to disk: on this project's 2-core CI
 * machine the local runtime's first start (about 6,000 candles) took 36 s on disk and 20 s on tmpfs. A test
 * checks data surviving a process restart, which tmpfs keeps, never a machine crash.
 */
public final class RamDiskTempDirs implements TempDirFactory {

    private static final Path RAM_DISK = Path.of("/dev/shm");
    /** A runtime's data directory holds its functions unpacked (about 300 MB); two may exist at once. */
    private static final long ROOM_NEEDED = 2L * 1024 * 1024 * 1024;

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws IOException {
        return Files.createTempDirectory(parent(), "tradewind-test-");
    }

    private static Path parent() throws IOException {
        if (Files.isDirectory(RAM_DISK) && Files.isWritable(RAM_DISK)
                && Files.getFileStore(RAM_DISK).getUsableSpace() >= ROOM_NEEDED) {
            return RAM_DISK;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
