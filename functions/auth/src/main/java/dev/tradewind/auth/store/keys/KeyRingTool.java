package dev.tradewind.auth.store.keys;

import dev.tradewind.auth.domain.token.Jwks;
import dev.tradewind.auth.domain.token.KeyRing;
import dev.tradewind.auth.domain.token.PendingKey;
import dev.tradewind.auth.domain.token.RetiredKey;
import dev.tradewind.auth.domain.token.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates and rotates the signing keys kept in SSM, offline: it reads and writes two files in a working directory
 * and prints the {@code aws ssm} commands to run. It calls no AWS API itself, so it needs no credentials and can
 * run wherever the operator keeps them out of.
 *
 * <pre>
 * auth-keys init   --dir DIR                                   a ring with one key
 * auth-keys rotate --dir DIR [--activate-after PT10M] [--retention PT30M]
 * auth-keys show   --dir DIR                                   kids and dates, no key material
 * options: --ring-parameter NAME --public-keys-parameter NAME  (the template's defaults otherwise)
 * </pre>
 *
 * <p>Rotation publishes the next key at once and lets it sign only {@code --activate-after} later, which must
 * exceed how old a verifier's keys can be: the key cache ({@code KEYS_CACHE_TTL}, default 5 min), plus the JWK Set's
 * max-age (1 min) for a client of {@code /.well-known/jwks.json}, which is served through that cache. By the time a
 * token signed with the new key exists, every verifier knows its kid. A rotation first promotes a
 * scheduled key that is due and drops retired keys older than {@code --retention}, which must exceed the access
 * token lifetime plus the verifier's clock skew.
 */
public final class KeyRingTool {

    public static final String RING_FILE = "signing-key-ring.json";
    public static final String JWKS_FILE = "jwks.json";
    static final String DEFAULT_RING_PARAMETER = "/tradewind/auth/signing-key-ring";
    static final String DEFAULT_PUBLIC_KEYS_PARAMETER = "/tradewind/auth/jwks";
    static final Duration DEFAULT_ACTIVATE_AFTER = Duration.ofMinutes(10);
    /** The oldest a JWKS client's copy of the keys can be with the default cache; activation must come later. */
    static final Duration KEYS_STALENESS = VerificationKeys.DEFAULT_CACHE_TTL.plus(Jwks.MAX_AGE);
    static final Duration DEFAULT_RETENTION = Duration.ofMinutes(30);

    private static final String USAGE = """
            Usage: auth-keys <init|rotate|show> --dir DIR [options]

              init     write a new key ring with one key (refuses to overwrite DIR/signing-key-ring.json)
              rotate   promote a due scheduled key, drop expired retired keys, schedule a new key
              show     list the keys (kid, dates); prints no key material

            Options:
              --dir DIR                      working directory for signing-key-ring.json and jwks.json
              --activate-after DURATION      rotate: delay before the new key signs (default PT10M; must exceed
                                             KEYS_CACHE_TTL, default PT5M, plus the JWKS max-age, PT1M)
              --retention DURATION           rotate: keep retired keys this long (default PT30M; must exceed the
                                             access token lifetime plus clock skew)
              --ring-parameter NAME          default /tradewind/auth/signing-key-ring
              --public-keys-parameter NAME   default /tradewind/auth/jwks
            """;

    private final Clock clock;
    private final SecureRandom random;
    private final PrintStream out;

    KeyRingTool(Clock clock, SecureRandom random, PrintStream out) {
        this.clock = clock;
        this.random = random;
        this.out = out;
    }

    public static void main(String[] args) {
        int status = new KeyRingTool(Clock.systemUTC(), new SecureRandom(), System.out).run(args, System.err);
        System.exit(status);
    }

    int run(String[] args, PrintStream err) {
        try {
            Deque<String> queue = new ArrayDeque<>(List.of(args));
            String command = queue.poll();
            if (command == null || command.equals("--help") || command.equals("-h")) {
                (command == null ? err : out).print(USAGE);
                return command == null ? 2 : 0;
            }
            Map<String, String> options = options(queue);
            Path dir = Path.of(require(options, "--dir"));
            String ringParameter = options.getOrDefault("--ring-parameter", DEFAULT_RING_PARAMETER);
            String publicParameter = options.getOrDefault("--public-keys-parameter", DEFAULT_PUBLIC_KEYS_PARAMETER);
            switch (command) {
                case "init" -> init(dir, ringParameter, publicParameter);
                case "rotate" -> rotate(dir, ringParameter, publicParameter, activateAfter(options),
                        duration(options, "--retention", DEFAULT_RETENTION));
                case "show" -> show(readRing(dir, ringParameter));
                default -> throw new UsageException("unknown command '" + command + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("auth-keys: " + e.getMessage() + " (see auth-keys --help)");
            return 2;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("auth-keys: " + e.getMessage());
            return 1;
        }
    }

    private void init(Path dir, String ringParameter, String publicParameter) {
        if (Files.exists(dir.resolve(RING_FILE))) {
            throw new IllegalStateException(dir.resolve(RING_FILE) + " exists; use rotate, or remove it first");
        }
        KeyRing ring = KeyRing.of(SigningKey.generate(random, clock.instant()));
        write(dir, ring);
        out.println("New key ring: " + ring.active().kid());
        out.println();
        out.println("Store it (the first put fails if the parameter exists, so nothing is overwritten by mistake):");
        printPuts(dir, ringParameter, publicParameter, false);
    }

    private void rotate(Path dir, String ringParameter, String publicParameter, Duration activateAfter,
                        Duration retention) {
        Instant now = clock.instant();
        KeyRing ring = readRing(dir, ringParameter).promote(now).prune(now, retention);
        if (ring.next() != null) {
            throw new IllegalStateException("key " + ring.next().key().kid() + " is scheduled to sign from "
                    + ring.next().activatesAt() + "; rotate again after that");
        }
        SigningKey next = SigningKey.generate(random, now);
        Instant activatesAt = now.plus(activateAfter);
        ring = ring.schedule(next, activatesAt);
        write(dir, ring);
        out.println("Scheduled key " + next.kid() + " to sign from " + activatesAt + " (until then "
                + ring.active().kid() + " signs).");
        out.println();
        out.println("Publish it now: the public keys first, then the ring.");
        printPuts(dir, ringParameter, publicParameter, true);
        out.println();
        out.println("Run rotate again next time (any time after " + activatesAt + "): it retires "
                + ring.active().kid() + " and drops retired keys older than " + retention + ".");
    }

    private void show(KeyRing ring) {
        out.println("active   " + ring.active().kid() + "  created " + ring.active().createdAt());
        PendingKey next = ring.next();
        if (next != null) {
            out.println("next     " + next.key().kid() + "  signs from " + next.activatesAt());
        }
        for (RetiredKey retired : ring.retired()) {
            out.println("retired  " + retired.kid() + "  retired " + retired.retiredAt());
        }
    }

    private KeyRing readRing(Path dir, String ringParameter) {
        Path file = dir.resolve(RING_FILE);
        try {
            return KeyRing.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(file + " not found; fetch the current ring first:\n  aws ssm get-parameter"
                    + " --name " + ringParameter + " --with-decryption --query Parameter.Value --output text > "
                    + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path dir, KeyRing ring) {
        try {
            Files.createDirectories(dir);
            Path ringFile = dir.resolve(RING_FILE);
            Files.deleteIfExists(ringFile);
            Files.createFile(ringFile);
            try {
                Files.setPosixFilePermissions(ringFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not POSIX: the directory's permissions apply.
            }
            Files.writeString(ringFile, ring.toJson(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(dir.resolve(JWKS_FILE), Jwks.render(ring.verificationKeys()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + dir, e);
        }
    }

    private void printPuts(Path dir, String ringParameter, String publicParameter, boolean overwrite) {
        String flag = overwrite ? " --overwrite" : "";
        out.println("  aws ssm put-parameter --name " + publicParameter + " --type String" + flag
                + " --value file://" + dir.resolve(JWKS_FILE));
        out.println("  aws ssm put-parameter --name " + ringParameter + " --type SecureString" + flag
                + " --value file://" + dir.resolve(RING_FILE));
        out.println("  shred -u " + dir.resolve(RING_FILE) + "    # the private keys now live in SSM only");
    }

    private static Map<String, String> options(Deque<String> queue) {
        Map<String, String> options = new LinkedHashMap<>();
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (!name.startsWith("--") || queue.isEmpty()) {
                throw new UsageException("expected --option VALUE, got '" + name + "'");
            }
            options.put(name, queue.poll());
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    private static Duration activateAfter(Map<String, String> options) {
        Duration activateAfter = duration(options, "--activate-after", DEFAULT_ACTIVATE_AFTER);
        if (activateAfter.compareTo(KEYS_STALENESS) <= 0) {
            throw new UsageException("--activate-after must be longer than " + KEYS_STALENESS + ": a JWKS client"
                    + " can hold the previous keys for KEYS_CACHE_TTL (" + VerificationKeys.DEFAULT_CACHE_TTL
                    + ") plus the JWK Set's max-age (" + Jwks.MAX_AGE + "), and a token signed with a key it has"
                    + " not seen is refused");
        }
        return activateAfter;
    }

    private static Duration duration(Map<String, String> options, String name, Duration defaultValue) {
        String value = options.get(name);
        try {
            Duration duration = value == null ? defaultValue : Duration.parse(value);
            if (duration.isNegative()) {
                throw new UsageException(name + " must not be negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new UsageException(name + " must be an ISO-8601 duration such as PT10M");
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
