package dev.tradewind.local.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbLocalServerIT {

    /** A port bound here for the whole test: the first one each start is offered. */
    private ServerSocket taken;

    @BeforeEach
    void takeAPort() throws Exception {
        taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void releaseIt() throws Exception {
        taken.close();
    }

    @Test
    void start_freePortTakenBeforeItBinds_startsOnAnotherFreePort() throws Exception {
        Deque<Integer> offered = takenThenFree();
        int free = offered.getLast();
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.empty(), 0, offered::pop)) {
            assertEquals(free, server.port());
            assertEquals(List.of(), server.client().listTables().tableNames());
        }
    }

    @Test
    void start_persistedAndItsFreePortTaken_startsOnAnotherAndKeepsItsTables(@TempDir Path data) throws Exception {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.of(data), 0, takenThenFree()::pop)) {
            server.client().createTable(table -> table.tableName("Kept")
                    .keySchema(key -> key.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        }
        try (DynamoDbLocalServer again = DynamoDbLocalServer.start(Optional.of(data), 0)) {
            assertEquals(List.of("Kept"), again.client().listTables().tableNames());
        }
    }

    @Test
    void start_namedPortTaken_failsNamingIt() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> DynamoDbLocalServer.start(Optional.empty(), taken.getLocalPort()));
        assertTrue(failure.getMessage().contains("port " + taken.getLocalPort()), failure.getMessage());
    }

    /** The taken port, then one that was free a moment ago. */
    private Deque<Integer> takenThenFree() throws Exception {
        try (ServerSocket spare = new ServerSocket(0)) {
            return new ArrayDeque<>(List.of(taken.getLocalPort(), spare.getLocalPort()));
        }
    }
}
