package dev.tradewind.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Auth's own JWS/JWK code against nimbus-jose-jwt for what the auth function and the authorizer do with tokens:
 * fresh JVMs (alternated) sign and verify a first ES256 access token, then warm medians of each; plus the size of
 * the library's jar. Decides docs/auth.md#jws-code-hand-written-or-a-library.
 */
final class JwtLibraryBenchmark implements Benchmark {

    @Override
    public String name() {
        return "jwt-library";
    }

    @Override
    public String description() {
        return "ES256 access tokens signed and verified by auth's own code vs nimbus-jose-jwt: first in a fresh JVM, "
                + "then warm";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int runs = Integer.getInteger("bench.runs", 7);
        int iterations = Integer.getInteger("bench.iterations", 2000);
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<double[]> own = new ArrayList<>();
        List<double[]> nimbus = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            own.add(ProbeProcess.run(JwtProbe.class, List.of("own", Integer.toString(iterations)), Map.of()));
            nimbus.add(ProbeProcess.run(JwtProbe.class, List.of("nimbus", Integer.toString(iterations)), Map.of()));
        }
        Path jar = Path.of(com.nimbusds.jose.JWSObject.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        StringBuilder report = new StringBuilder("""
                | code | runs | first sign + verify | JVM start → first verified | CPU then | warm sign (median) | warm verify (median) |
                |---|---|---|---|---|---|---|
                """);
        row(report, "auth's own (`auth/token`)", own);
        row(report, "nimbus-jose-jwt " + com.nimbusds.jose.JWSObject.class.getPackage().getImplementationVersion(),
                nimbus);
        report.append(String.format(Locale.ROOT, """

                Medians of %d fresh JVMs per variant, alternated, C1 only as the authorizer runs; warm figures are
                the median of %d calls after as many warm-up calls in each JVM, then the median over JVMs. Load
                average %.1f at the start. The library is one jar of %.2f MB (%s) with no required dependencies.
                Both check the same: ES256 only, the key by kid, iss, aud, exp, iat and the claims auth requires.
                """, runs, iterations, loadAverage, Files.size(jar) / 1e6, jar.getFileName()));
        return report.toString();
    }

    private static void row(StringBuilder report, String name, List<double[]> samples) {
        report.append(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f µs | %.0f µs |%n",
                name, samples.size(), Medians.ofColumn(samples, 0), Medians.ofColumn(samples, 1),
                Medians.ofColumn(samples, 2), Medians.ofColumn(samples, 3), Medians.ofColumn(samples, 4)));
    }
}
