package dev.tradewind.auth.store.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.auth.domain.token.Jwks;
import dev.tradewind.auth.domain.token.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingToolTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(Instant now, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new KeyRingTool(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom(),
                new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private KeyRing ring() throws Exception {
        return KeyRing.fromJson(Files.readString(dir.resolve(KeyRingTool.RING_FILE)));
    }

    @Test
    void init_writesARingAndItsJwks_andPrintsPutsThatDoNotOverwrite() throws Exception {
        Run run = run(T0, "init", "--dir", dir.toString());

        assertEquals(0, run.status(), run.err());
        KeyRing ring = ring();
        assertEquals(ring.verificationKeys().keySet(),
                Jwks.parse(Files.readString(dir.resolve(KeyRingTool.JWKS_FILE))).keySet());
        assertTrue(run.out().contains("aws ssm put-parameter --name /tradewind/auth/jwks --type String --value file://"));
        assertTrue(run.out().contains("--name /tradewind/auth/signing-key-ring --type SecureString --value file://"));
        assertFalse(run.out().contains("--overwrite"));
        assertFalse(run.out().contains(java.util.Base64.getEncoder().encodeToString(ring.active().privateKey().getEncoded())),
                "no key material on the terminal");
        assertEquals(1, run(T0, "init", "--dir", dir.toString()).status(), "refuses to replace a ring");
    }

    @Test
    void rotate_schedulesTheNextKey_thenPromotesAndPrunesOnTheNextRun() throws Exception {
        run(T0, "init", "--dir", dir.toString());
        String first = ring().active().kid();

        Run rotate = run(T0.plusSeconds(60), "rotate", "--dir", dir.toString());
        assertEquals(0, rotate.status(), rotate.err());
        KeyRing scheduled = ring();
        assertEquals(first, scheduled.active().kid());
        assertNotNull(scheduled.next());
        assertEquals(T0.plusSeconds(60).plus(Duration.ofMinutes(10)), scheduled.next().activatesAt());
        assertTrue(rotate.out().contains("--overwrite"));
        assertEquals(2, Jwks.parse(Files.readString(dir.resolve(KeyRingTool.JWKS_FILE))).size(),
                "the next key is published at once");

        Run tooEarly = run(T0.plusSeconds(120), "rotate", "--dir", dir.toString());
        assertEquals(1, tooEarly.status());
        assertTrue(tooEarly.err().contains("is scheduled to sign from"), tooEarly.err());

        run(T0.plus(Duration.ofDays(90)), "rotate", "--dir", dir.toString());
        KeyRing later = ring();
        assertEquals(scheduled.next().key().kid(), later.active().kid());
        assertTrue(later.retired().isEmpty(), "the first key was retired long ago and is pruned");
        assertNotNull(later.next());
    }

    @Test
    void rotate_activateAfterNotBeyondTheJwksStaleness_isRefused() throws Exception {
        run(T0, "init", "--dir", dir.toString());
        String ring = Files.readString(dir.resolve(KeyRingTool.RING_FILE));

        Run tooSoon = run(T0, "rotate", "--dir", dir.toString(), "--activate-after", "PT6M");

        assertEquals(2, tooSoon.status());
        assertTrue(tooSoon.err().contains("--activate-after must be longer than PT6M"), tooSoon.err());
        assertEquals(ring, Files.readString(dir.resolve(KeyRingTool.RING_FILE)), "nothing scheduled");
        Run leak = run(T0, "rotate", "--dir", dir.toString(), "--activate-after", "PT7M");
        assertEquals(0, leak.status(), leak.err());
        assertEquals(T0.plus(Duration.ofMinutes(7)), ring().next().activatesAt());
    }

    @Test
    void rotate_withoutTheCurrentRing_printsHowToFetchIt() {
        Run run = run(T0, "rotate", "--dir", dir.toString(), "--ring-parameter", "/prod/auth/ring");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("aws ssm get-parameter --name /prod/auth/ring --with-decryption"), run.err());
    }

    @Test
    void show_listsKidsWithoutKeyMaterial() throws Exception {
        run(T0, "init", "--dir", dir.toString());
        Run show = run(T0, "show", "--dir", dir.toString());
        assertTrue(show.out().startsWith("active   " + ring().active().kid()));
        assertFalse(show.out().contains("privateKey"));
        assertNull(ring().next());
    }

    @Test
    void usageMistakes_exitWith2() {
        assertEquals(2, run(T0).status());
        assertEquals(2, run(T0, "rotate").status());
        assertEquals(2, run(T0, "explode", "--dir", dir.toString()).status());
        assertEquals(2, run(T0, "rotate", "--dir", dir.toString(), "--activate-after", "ten minutes").status());
    }
}
