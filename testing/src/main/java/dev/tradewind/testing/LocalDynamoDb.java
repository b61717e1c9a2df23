package dev.tradewind.testing;

import dev.tradewind.local.dynamo.DynamoDbEngine;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.ExternalDynamoDb;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * One in-memory DynamoDB Local per test JVM with every table of template.yaml, created exactly as the local
 * runtime creates them. Handlers under test get the template's own environment for their function, pointed here.
 *
 * <p>With {@code -D}{@value #ENDPOINT_PROPERTY}{@code =URL} the tests use that DynamoDB-compatible endpoint instead
 * (LocalStack, another emulator), creating the tables there when missing. Tests empty tables they use, so point it
 * only at a throwaway database.
 */
public final class LocalDynamoDb {

    public static final String ENDPOINT_PROPERTY = "tradewind.dynamodb.endpoint";

    private static DynamoDbEngine server;
    private static SamTemplate template;

    private LocalDynamoDb() {
    }

    public static synchronized DynamoDbEngine server() {
        if (server == null) {
            template = SamTemplate.load(Repository.template());
            String endpoint = System.getProperty(ENDPOINT_PROPERTY, "");
            server = endpoint.isBlank() ? DynamoDbLocalServer.start(Optional.empty(), 0)
                    : ExternalDynamoDb.connect(URI.create(endpoint));
            // Tests run handlers on fixed clocks in 2022: TTL off, or DynamoDB Local would delete their items.
            new TableProvisioner(server.client(), false).ensure(template.tables());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    public static DynamoDbClient client() {
        return server().client();
    }

    /** The variables template.yaml gives {@code functionLogicalId}, plus what the platform would set. */
    public static Map<String, String> environment(String functionLogicalId) {
        server();
        FunctionDefinition function = template.findFunction(functionLogicalId)
                .orElseThrow(() -> new IllegalArgumentException(functionLogicalId + " is not in template.yaml"));
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", functionLogicalId);
        environment.put("DYNAMODB_ENDPOINT", server.endpoint().toString());
        return environment;
    }

    /** Deletes every item of a table, so each test starts from nothing (a Scan is fine in a test). */
    public static void truncate(String tableName) {
        DynamoDbClient client = client();
        TableDefinition table = template.tables().stream().filter(t -> t.tableName().equals(tableName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(tableName + " is not a table in template.yaml"));
        List<String> keyNames = table.keySchema().stream().map(TableDefinition.KeyElement::attributeName).toList();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = client.scan(ScanRequest.builder().tableName(tableName).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, AttributeValue> key = new LinkedHashMap<>();
                keyNames.forEach(name -> key.put(name, item.get(name)));
                client.deleteItem(b -> b.tableName(tableName).key(key));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** Every item of a table, read consistently, in key order (pk, then sk where the table has one). */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient client, String tableName) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = client.scan(ScanRequest.builder().tableName(tableName).consistentRead(true)
                    .exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        items.sort(Comparator.comparing((Map<String, AttributeValue> item) -> item.get("pk").s())
                .thenComparing(item -> item.containsKey("sk") ? item.get("sk").s() : ""));
        return items;
    }

    /** {@link #items(DynamoDbClient, String)} of this process's DynamoDB Local. */
    public static List<Map<String, AttributeValue>> items(String tableName) {
        return items(client(), tableName);
    }

    /**
     * Every item of every table, each rendered with its attributes in key order and sorted per table: two calls
     * compare equal exactly when no table changed in between (a Scan is fine in a test).
     */
    public static Map<String, List<String>> contents() {
        server();
        Map<String, List<String>> contents = new java.util.TreeMap<>();
        for (TableDefinition table : template.tables()) {
            List<String> items = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanResponse page = client().scan(ScanRequest.builder().tableName(table.tableName())
                        .exclusiveStartKey(start).build());
                page.items().forEach(item -> items.add(new java.util.TreeMap<>(item).toString()));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
            items.sort(null);
            contents.put(table.tableName(), items);
        }
        return contents;
    }

    public static void truncateAll() {
        server();
        List<String> names = new ArrayList<>();
        template.tables().forEach(t -> names.add(t.tableName()));
        names.forEach(LocalDynamoDb::truncate);
    }
}
