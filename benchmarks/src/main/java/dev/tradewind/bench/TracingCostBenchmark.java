package dev.tradewind.bench;

import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What instrumenting the functions' DynamoDB calls for X-Ray would cost a cold start: fresh JVMs building the
 * functions' DynamoDB client and making a first and a second GetItem, plain and with the X-Ray SDK's
 * {@code TracingInterceptor} in a segment, alternated run by run. Same class path, same JVM flags (the template's
 * C1-only JIT, SerialGC), DynamoDB Local in this JVM. Also the size of the jars the X-Ray SDK adds to a deployment.
 */
final class TracingCostBenchmark implements Benchmark {

    @Override
    public String name() {
        return "tracing-cost";
    }

    @Override
    public String description() {
        return "Fresh JVM → DynamoDB client → first and second GetItem, plain vs traced by the X-Ray SDK's interceptor";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int runs = Integer.getInteger("bench.runs", 7);
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SamTemplate template = SamTemplate.load(context.template());
        TableDefinition users = template.tables().stream().filter(t -> t.logicalId().equals("UsersTable"))
                .findFirst().orElseThrow();
        List<double[]> plain = new ArrayList<>();
        List<double[]> traced = new ArrayList<>();
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(Optional.empty(), 0)) {
            new TableProvisioner(dynamo.client()).ensure(users);
            String endpoint = dynamo.endpoint().toString();
            for (int run = 0; run < runs; run++) {
                plain.add(probe("plain", endpoint, users.tableName()));
                traced.add(probe("traced", endpoint, users.tableName()));
            }
        }
        // The X-Ray SDK and what it alone brings: its v2 interceptor, recorder core, the SDK v1 X-Ray client and
        // the v1 core they need.
        long xrayBytes = 0;
        List<String> xrayJars = new ArrayList<>();
        for (String className : List.of("com.amazonaws.xray.interceptors.TracingInterceptor",
                "com.amazonaws.xray.AWSXRay", "com.amazonaws.xray.handlers.config.AWSServiceHandler",
                "com.amazonaws.services.xray.AWSXRayClient", "com.amazonaws.AmazonWebServiceClient")) {
            Class<?> type = Class.forName(className);
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!xrayJars.contains(jar.getFileName().toString())) {
                xrayBytes += Files.size(jar);
                xrayJars.add(jar.getFileName().toString());
            }
        }
        StringBuilder report = new StringBuilder("""
                | variant | runs | client built | first GetItem | second GetItem | JVM start → second response | CPU to second response |
                |---|---|---|---|---|---|---|
                """);
        row(report, "plain (as the functions ship)", plain);
        row(report, "X-Ray SDK TracingInterceptor, in a segment", traced);
        double cpuDelta = Medians.ofColumn(traced, 4) - Medians.ofColumn(plain, 4);
        double wallDelta = Medians.ofColumn(traced, 3) - Medians.ofColumn(plain, 3);
        report.append(String.format(Locale.ROOT, """

                Medians of %d fresh JVMs per variant, alternated; load average %.1f at the start. Traced minus plain:
                %+.0f ms wall and %+.0f ms CPU to the second response. The X-Ray SDK would add at least %.1f MB of
                jars to the shared layer (%s), among them the AWS SDK for Java v1 core, which the functions do not
                otherwise carry and which needs Apache HttpClient 4, Joda-Time and Jackson CBOR besides (not
                counted). Without a daemon nothing receives the segment; on Lambda the interceptor's subsegments
                would be sent over UDP to the local X-Ray endpoint after each call.
                """, runs, loadAverage, wallDelta, cpuDelta, xrayBytes / 1e6, String.join(", ", xrayJars)));
        return report.toString();
    }

    private static void row(StringBuilder report, String name, List<double[]> samples) {
        report.append(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.1f ms | %.0f ms | %.0f ms |%n",
                name, samples.size(), Medians.ofColumn(samples, 0), Medians.ofColumn(samples, 1),
                Medians.ofColumn(samples, 2), Medians.ofColumn(samples, 3), Medians.ofColumn(samples, 4)));
    }

    /** {client built, first GetItem, second GetItem, JVM start to second response, CPU} in ms. */
    private static double[] probe(String variant, String endpoint, String table) throws Exception {
        // The X-Ray SDK logs every segment it cannot send; the probe runs without a daemon.
        return ProbeProcess.run(TracingProbe.class, List.of(variant, endpoint, table),
                Map.of("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR"));
    }
}
