package dev.tradewind.bench;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs in a fresh JVM: builds the functions' DynamoDB client ({@link DynamoDbClients}) and makes one GetItem, either
 * plain or traced the way the X-Ray SDK instruments AWS SDK v2 calls (its {@link TracingInterceptor}, inside a
 * segment as Lambda's would be), then a second GetItem; prints both timings and the process CPU on one line.
 * Usage: {@code TracingProbe plain|traced <DynamoDB endpoint> <table>}.
 */
public final class TracingProbe {

    private TracingProbe() {
    }

    public static void main(String[] args) {
        boolean traced = args[0].equals("traced");
        long started = System.nanoTime();
        List<ExecutionInterceptor> interceptors = traced ? List.of(new TracingInterceptor()) : List.of();
        if (traced) {
            AWSXRay.beginSegment("tracing-probe");
        }
        DynamoDbClient client = DynamoDbClients.create(new Environment(Map.of("AWS_REGION", "us-east-1",
                DynamoDbClients.ENDPOINT_VARIABLE, args[1]), Clock.systemUTC()), interceptors);
        long built = System.nanoTime();
        getItem(client, args[2]);
        long first = System.nanoTime();
        getItem(client, args[2]);
        long second = System.nanoTime();
        if (traced) {
            AWSXRay.endSegment();
        }
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
        double jvmToResponse = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "PROBE %.1f %.1f %.2f %.1f %.1f%n", (built - started) / 1e6,
                (first - built) / 1e6, (second - first) / 1e6, jvmToResponse, cpu);
        System.out.flush();
        System.exit(0);
    }

    private static void getItem(DynamoDbClient client, String table) {
        client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("TRACING#PROBE"),
                "sk", AttributeValue.fromS("TRACING#PROBE"))));
    }
}
