package dev.tradewind.auth.store.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.auth.domain.token.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDevKeysTest {

    @TempDir
    Path data;

    private LocalDevKeys store() {
        return store(true);
    }

    private LocalDevKeys store(boolean signer) {
        return new LocalDevKeys(data.resolve("auth").resolve(LocalDevKeys.FILE_NAME), signer, Clock.systemUTC(),
                new SecureRandom());
    }

    @Test
    void firstSigner_generatesTheRingOnce_ownerReadableOnly_andLaterInstancesReuseIt() throws Exception {
        KeyRing first = store().ring();
        KeyRing again = store().ring();

        assertEquals(first.active().kid(), again.active().kid());
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(data.resolve("auth/dev-signing-keys.json")));
    }

    @Test
    void verifierBeforeAnySigner_seesNoKeys_thenSeesTheSignersKeyOnceItExists() {
        LocalDevKeys verifier = store(false);
        assertTrue(verifier.keys().isEmpty());
        assertTrue(Files.notExists(data.resolve("auth/dev-signing-keys.json")), "a verifier never generates");

        KeyRing ring = store().ring();

        assertEquals(Set.of(ring.active().kid()), verifier.keys().keySet());
        assertTrue(verifier.keys() == verifier.keys(), "one map instance per ring, so verifiers can cache");
    }

    @Test
    void signersPublicKeys_generateTheRingIfNeeded_soJwksIsNeverEmpty() {
        LocalDevKeys signer = store(true);
        assertEquals(1, signer.keys().size());
        assertEquals(signer.keys().keySet(), store(false).keys().keySet());
    }

    @Test
    void concurrentFirstUse_fromSeparateInstances_agreesOnOneKey() throws Exception {
        int instances = 6;
        CyclicBarrier start = new CyclicBarrier(instances);
        Set<String> kids = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(instances)) {
            List<Callable<String>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < instances; i++) {
                tasks.add(() -> {
                    LocalDevKeys store = store();
                    start.await();
                    return store.ring().active().kid();
                });
            }
            for (Future<String> kid : pool.invokeAll(tasks)) {
                kids.add(kid.get());
            }
        }
        assertEquals(1, kids.size(), kids.toString());
        try (var files = Files.list(data.resolve("auth"))) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void corruptFile_isReportedWithoutItsContent() throws Exception {
        Files.createDirectories(data.resolve("auth"));
        Files.writeString(data.resolve("auth/dev-signing-keys.json"), "{\"active\":\"secret-looking\"}");

        var error = assertThrows(KeysUnavailableException.class, () -> store().ring());
        assertTrue(error.getMessage().contains("delete it"), error.getMessage());
        assertTrue(!error.getMessage().contains("secret-looking"));
    }
}
