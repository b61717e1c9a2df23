package dev.tradewind.local.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DynamoDbLocalServerIT {

    @Test
    void start_freePortTakenBeforeItBinds_startsOnAnotherFreePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket spare = new ServerSocket(0)) {
            int sparePort = spare.getLocalPort();
            spare.close();
            Deque<Integer> offered = new ArrayDeque<>(List.of(taken.getLocalPort(), sparePort));
            try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.empty(), 0, offered::pop)) {
                assertEquals(sparePort, server.port());
                assertEquals(List.of(), server.client().listTables().tableNames());
            }
        }
    }

    @Test
    void start_namedPortTaken_failsNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> DynamoDbLocalServer.start(Optional.empty(), taken.getLocalPort()));
            assertTrue(failure.getMessage().contains("port " + taken.getLocalPort()), failure.getMessage());
        }
    }
}
