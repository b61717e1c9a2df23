package dev.tradewind.auth.domain.password;

/**
 * Argon2id cost parameters, as carried in each PHC string.
 *
 * <p>The upper bounds stop a corrupted or hostile stored hash from making a single verification
 * allocate gigabytes or spin for minutes.
 *
 * @param memoryKiB   memory per hash in KiB (Argon2 {@code m}); at least 8 per lane
 * @param iterations  passes over memory (Argon2 {@code t})
 * @param parallelism lanes (Argon2 {@code p}); Bouncy Castle computes them on the calling thread
 */
public record Argon2Cost(int memoryKiB, int iterations, int parallelism) {

    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    /**
     * OWASP Password Storage Cheat Sheet, "Argon2id" section: "m=19456 (19 MiB), t=2, p=1", one of
     * five settings it lists as giving equal defence, trading CPU against RAM
     * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
     * The 19 MiB variant suits Lambda, where memory also buys CPU.
     */
    public static final Argon2Cost OWASP = new Argon2Cost(19_456, 2, 1);

    public Argon2Cost {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism out of range");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range");
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memory out of range");
        }
    }
}
