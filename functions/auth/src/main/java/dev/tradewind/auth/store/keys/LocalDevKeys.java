package dev.tradewind.auth.store.keys;

import dev.tradewind.auth.domain.token.KeyRing;
import dev.tradewind.auth.domain.token.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * A development key ring in a file, generated on first use and kept: the local runtime passes its data directory,
 * so tokens stay valid across restarts. The auth function and the authorizer run in separate class loaders (and
 * each function in up to four instances), so they agree through the file alone: it is written to a temporary file
 * and hard-linked into place, which fails if another instance got there first, and then everyone reads the winner.
 * The authorizer only reads; before the auth function's first use there is no file and no token can be valid.
 *
 * <p>Never used in AWS (see {@code KeySettings}): there the keys come from SSM.
 */
public final class LocalDevKeys implements KeySource {

    public static final String FILE_NAME = "dev-signing-keys.json";

    private final Path file;
    private final boolean signer;
    private final Clock clock;
    private final SecureRandom random;
    private volatile Loaded loaded;

    /** The ring and its public keys, kept together so verifiers see one map instance per ring. */
    private record Loaded(KeyRing ring, Map<String, ECPublicKey> keys) {
        Loaded(KeyRing ring) {
            this(ring, ring.verificationKeys());
        }
    }

    /**
     * @param signer whether this instance may generate the ring when none exists (the auth function), or only reads
     *               it (the authorizer)
     * @param random read only when a key is generated, never here
     */
    public LocalDevKeys(Path file, boolean signer, Clock clock, SecureRandom random) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.signer = signer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Path file() {
        return file;
    }

    @Override
    public KeyRing ring() {
        Loaded current = loaded;
        if (current == null) {
            KeyRing ring = read();
            current = new Loaded(ring != null ? ring : create());
            loaded = current;
        }
        return current.ring();
    }

    @Override
    public Map<String, ECPublicKey> keys() {
        Loaded current = loaded;
        if (current == null) {
            if (signer) {
                ring();
                return loaded.keys();
            }
            KeyRing ring = read();
            if (ring == null) {
                return Map.of();
            }
            current = new Loaded(ring);
            loaded = current;
        }
        return current.keys();
    }

    private KeyRing read() {
        try {
            return KeyRing.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new KeysUnavailableException("cannot read the development key ring " + file, e);
        } catch (IllegalArgumentException e) {
            throw new KeysUnavailableException("the development key ring " + file + " is not valid ("
                    + e.getMessage() + "); delete it to generate a new one");
        }
    }

    private KeyRing create() {
        KeyRing generated = KeyRing.of(SigningKey.generate(random, clock.instant()));
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), ".dev-signing-keys-", ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, generated.toJson(), StandardCharsets.UTF_8);
            try {
                Files.createLink(file, temporary);
            } catch (UnsupportedOperationException e) {
                Files.move(temporary, file);
            }
            return generated;
        } catch (FileAlreadyExistsException e) {
            KeyRing winner = read();
            if (winner == null) {
                throw new KeysUnavailableException("the development key ring " + file + " vanished while created");
            }
            return winner;
        } catch (IOException e) {
            throw new KeysUnavailableException("cannot write the development key ring " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // A leftover temporary file in the data directory is harmless.
                }
            }
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the data directory's own permissions apply.
        }
    }
}
