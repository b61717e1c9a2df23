package dev.tradewind.auth.bench;

import dev.tradewind.auth.password.Argon2Cost;
import dev.tradewind.auth.password.PasswordHasher;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Steady-state Argon2id timing on one thread: median of N hashes after a short warm-up, plus the
 * verify and dummy-verify paths to show they cost the same. Run via bench/run.sh, not by Surefire.
 */
public final class HashTiming {

    private HashTiming() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        PasswordHasher hasher = new PasswordHasher(Argon2Cost.OWASP, new SecureRandom());
        String password = "correct horse battery staple";
        String stored = hasher.hash(password);
        for (int i = 0; i < 3; i++) {
            hasher.verify(password, stored);
        }
        System.out.printf("argon2id m=%d KiB t=%d p=%d, %d runs each, single thread%n",
                Argon2Cost.OWASP.memoryKiB(), Argon2Cost.OWASP.iterations(), Argon2Cost.OWASP.parallelism(), runs);
        report("hash", runs, () -> hasher.hash(password));
        report("verify (match)", runs, () -> hasher.verify(password, stored));
        report("verify (wrong)", runs, () -> hasher.verify("wrong password!", stored));
        report("dummyVerify", runs, () -> hasher.dummyVerify(password));
    }

    private static void report(String label, int runs, Runnable action) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%-16s median %6.1f ms  min %6.1f  max %6.1f%n", label, millis[runs / 2], millis[0],
                millis[runs - 1]);
    }
}
