package dev.tradewind.local.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside this JVM on a loopback port: real DynamoDB semantics (conditions, transactions,
 * pagination, indexes) for the local runtime and the tests. It must be {@link #close() closed}, or its Jetty
 * threads keep the JVM alive.
 */
public final class DynamoDbLocalServer implements DynamoDbEngine {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final int port;
    private final DynamoDbClient client;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
        this.client = clientFor(endpoint());
    }

    /**
     * @param dataDirectory where tables persist across restarts; empty for an in-memory database
     * @param port          0 picks a free port
     */
    public static DynamoDbLocalServer start(Optional<Path> dataDirectory, int port) {
        return start(dataDirectory, port, DynamoDbLocalServer::freePort);
    }

    /** @param freePorts where a port 0 is taken from */
    static DynamoDbLocalServer start(Optional<Path> dataDirectory, int port, IntSupplier freePorts) {
        if (dataDirectory.isPresent()) {
            try {
                Files.createDirectories(dataDirectory.get());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create DynamoDB data directory " + dataDirectory.get(), e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            int chosenPort = port == 0 ? freePorts.getAsInt() : port;
            try {
                DynamoDbLocalServer local = new DynamoDbLocalServer(startServer(dataDirectory, chosenPort), chosenPort);
                local.awaitReady();
                return local;
            } catch (IllegalStateException e) {
                // A free port can be taken by another process before DynamoDB Local binds it: pick another.
                if (port != 0 || attempt == PORT_ATTEMPTS || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static DynamoDBProxyServer startServer(Optional<Path> dataDirectory, int port) {
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb",
                "-disableTelemetry"));
        if (dataDirectory.isPresent()) {
            args.addAll(List.of("-dbPath", dataDirectory.get().toAbsolutePath().toString()));
        } else {
            args.add("-inMemory");
        }
        // DynamoDB Local prints a configuration banner to stdout, which must stay clean for `invoke` output.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        DynamoDBProxyServer server = null;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            bindToLoopback(server);
            server.start();
            return server;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local failed to start on port " + port + ": " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    /** What a server that failed to start holds (its database, threads) is let go before another is started. */
    private static void stopQuietly(DynamoDBProxyServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            // It never started: there is nothing more to release, and the start-up failure is what gets reported.
        }
    }

    /** Whether the start failed binding its port, as LocalHttpServer tells a port in use. */
    private static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * DynamoDB Local has no option for the address it listens on and takes every interface, which would let anyone on
     * the network read and write every table without credentials. Its Jetty server is private, so its connector is
     * given the loopback address by reflection before it starts; if that fails, the runtime does not start.
     */
    private static void bindToLoopback(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field jetty = DynamoDBProxyServer.class.getDeclaredField("server");
        jetty.setAccessible(true);
        Object jettyServer = jetty.get(server);
        for (Object connector : (Object[]) jettyServer.getClass().getMethod("getConnectors").invoke(jettyServer)) {
            connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
        }
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public DynamoDbClient client() {
        return client;
    }

    public static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(Apache5HttpClient.builder().build())
                .build();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                client.listTables(b -> b.limit(1));
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("DynamoDB Local did not become ready within " + STARTUP_TIMEOUT, last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port for DynamoDB Local", e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
