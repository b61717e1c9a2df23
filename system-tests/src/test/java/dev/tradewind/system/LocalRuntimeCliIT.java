package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.Repository;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The runtime's command line: results on stdout, logs and REPORT lines on stderr, one-line errors with exit codes. */
class LocalRuntimeCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(String... args) throws Exception {
        return run(RuntimeProcess.command(args));
    }

    private static Result run(List<String> command) throws Exception {
        Path stdout = Files.createTempFile("runtime-out", ".txt");
        Path stderr = Files.createTempFile("runtime-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(Repository.root().toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            assertTrue(process.waitFor(PatientHttp.DEADLINE.toSeconds(), TimeUnit.SECONDS), "runtime did not finish");
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8).trim(),
                    Files.readString(stderr, StandardCharsets.UTF_8).trim());
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void invoke_healthEvent_printsOnlyTheResponseOnStdout() throws Exception {
        Result result = run("invoke", "AuthFunction", "--event", "events/auth/health.json", "--in-memory");
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode response = JSON.readTree(result.stdout());
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("auth", JSON.readTree(response.get("body").asText()).get("function").asText());
        assertTrue(result.stderr().lines().anyMatch(line -> line.startsWith("REPORT RequestId:")
                && line.contains("Init Duration:")), result.stderr());
    }

    @Test
    void invoke_unknownFunction_failsWithOneLine() throws Exception {
        Result result = run("invoke", "NoSuchFunction", "--event", "events/auth/health.json", "--in-memory");
        assertEquals(1, result.exitCode());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().startsWith("tradewind-local: function NoSuchFunction is not in"), result.stderr());
    }

    @Test
    void invoke_malformedEventFile_failsWithOneLine(@TempDir Path temp) throws Exception {
        Path event = temp.resolve("broken.json");
        Files.writeString(event, "{\"version\": \"2.0\", ");
        Result result = run("invoke", "AuthFunction", "--event", event.toString(), "--in-memory");
        assertEquals(2, result.exitCode());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("is not valid JSON"), result.stderr());
    }

    @Test
    void invoke_missingEventFile_failsWithOneLine() throws Exception {
        Result result = run("invoke", "AuthFunction", "--event", "events/none.json", "--in-memory");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("event file events/none.json not found"), result.stderr());
    }

    @Test
    void start_portInUse_failsFast(@TempDir Path data) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = run("start-api", "--port", Integer.toString(busy.getLocalPort()), "--data-dir",
                    data.toString());
            assertEquals(1, result.exitCode());
            assertEquals(1, result.stderr().lines().count(), result.stderr());
            assertTrue(result.stderr().contains("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use"),
                    result.stderr());
            // The port is tried first: nothing slow (DynamoDB Local, unpacking the functions) ran before the answer.
            assertFalse(Files.exists(data.resolve("dynamodb")), "DynamoDB Local was started before the port was tried");
            assertFalse(Files.exists(data.resolve("functions")), "functions were unpacked before the port was tried");
        }
    }

    @Test
    void startApi_portInUse_failsWithOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = run("start-api", "--port", Integer.toString(busy.getLocalPort()), "--in-memory",
                    "--no-schedules");
            assertEquals(1, result.exitCode());
            String lastLine = result.stderr().lines().reduce((a, b) -> b).orElse("");
            assertEquals(1, result.stderr().lines().count(), result.stderr());
            assertTrue(lastLine.contains("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use"), lastLine);
        }
    }

    @Test
    void startApi_templateError_failsWithOneLineNamingTheProperty(@TempDir Path temp) throws Exception {
        Path template = temp.resolve("template.yaml");
        Files.writeString(template, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  BrokenFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      CodeUri: nowhere.zip
                """);
        Result result = run("start-api", "--template", template.toString(), "--in-memory");
        assertEquals(1, result.exitCode());
        assertEquals("tradewind-local: Resources.BrokenFunction.Properties.Handler is missing", result.stderr());
    }

    @Test
    void invokeInMemory_leavesNothingInTheTemporaryDirectory(@TempDir Path temporary) throws Exception {
        List<String> command = new ArrayList<>(RuntimeProcess.command("invoke", "AuthFunction", "--event",
                "events/auth/health.json", "--in-memory"));
        command.add(1, "-Djava.io.tmpdir=" + temporary);

        Result result = run(command);

        assertEquals(0, result.exitCode(), result.stderr());
        try (Stream<Path> left = Files.list(temporary)) {
            assertEquals(List.of(), left.toList(), "the functions it unpacked are deleted when it stops");
        }
    }

    @Test
    void startApiInMemory_stoppedWhileUnpacking_leavesNothingInTheTemporaryDirectory(@TempDir Path temporary)
            throws Exception {
        List<String> command = new ArrayList<>(RuntimeProcess.command("start-api", "--in-memory", "--port", "0"));
        command.add(1, "-Djava.io.tmpdir=" + temporary);
        Process process = new ProcessBuilder(command).directory(Repository.root().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (process.isAlive() && !unpackingFunctions(temporary)) {
                Thread.sleep(20);   // polling: the stop must land while it unpacks, which takes seconds
            }

            process.destroy();   // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks

            assertTrue(process.waitFor(PatientHttp.DEADLINE.toSeconds(), TimeUnit.SECONDS), "runtime did not stop");
        } finally {
            process.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(temporary)) {
            assertEquals(List.of(), left.toList(), "the functions it was unpacking are deleted when it stops");
        }
    }

    /** Whether the runtime has begun unpacking a function into its temporary work directory. */
    private static boolean unpackingFunctions(Path temporary) throws Exception {
        try (Stream<Path> work = Files.list(temporary)) {
            List<Path> directories = work.filter(p -> p.getFileName().toString().startsWith("tradewind-local-"))
                    .toList();
            for (Path directory : directories) {
                try (Stream<Path> functions = Files.list(directory)) {
                    if (functions.findAny().isPresent()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    @Test
    void dynamoDbLocal_listensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .filter(network -> !isLoopback(network))
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLinkLocalAddress())
                .findFirst();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no address but loopback to try");
        try (DynamoDbLocalServer engine = DynamoDbLocalServer.start(Optional.empty(), 0);
             Socket local = new Socket(InetAddress.getLoopbackAddress(), engine.port())) {
            assertTrue(local.isConnected());
            // Without credentials, anyone who could reach it could read and write every table.
            assertThrows(ConnectException.class, () -> new Socket(external.get(), engine.port()).close(),
                    external.get() + ":" + engine.port() + " must refuse");
        }
    }

    private static boolean isLoopback(NetworkInterface network) {
        try {
            return network.isLoopback();
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void invoke_withDynamoDbEndpoint_createsTheTemplatesTablesThere_andTheFunctionWritesThere() throws Exception {
        // Another engine than the runtime's own: a second DynamoDB Local, in this JVM, stands in for LocalStack.
        try (DynamoDbLocalServer engine = DynamoDbLocalServer.start(Optional.empty(), 0)) {
            Result result = run("invoke", "AuthFunction", "--event", "events/auth/register.json", "--in-memory",
                    "--dynamodb-endpoint", engine.endpoint().toString());

            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals(201, JSON.readTree(result.stdout()).get("statusCode").asInt(), result.stdout());
            List<String> expected = SamTemplate.load(Repository.template()).tables().stream()
                    .map(TableDefinition::tableName).sorted().toList();
            assertEquals(expected, engine.client().listTables().tableNames().stream().sorted().toList());
            // Stored lower-cased (docs/auth.md).
            String email = JSON.readTree(HttpEvent.Events.json("auth/register.json").get("body").asText())
                    .get("email").asText().toLowerCase(Locale.ROOT);
            assertTrue(engine.client().getItem(r -> r.tableName("UsersTable").key(Map.of(
                    "pk", AttributeValue.fromS("EMAIL#" + email), "sk", AttributeValue.fromS("CREDENTIAL"))))
                    .hasItem(), "the registration was stored in the named engine");
        }
    }

    @Test
    void startApi_unreachableDynamoDbEndpoint_failsWithOneLineNamingIt() throws Exception {
        // Bound but not listening: a connection to the port is refused, and nothing else can take it meanwhile.
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String endpoint = "http://127.0.0.1:" + reserved.getLocalPort();
            Result result = run("start-api", "--in-memory", "--no-schedules", "--dynamodb-endpoint", endpoint);
            assertEquals(1, result.exitCode());
            assertEquals(1, result.stderr().lines().count(), result.stderr());
            assertTrue(result.stderr().startsWith("tradewind-local: DynamoDB endpoint " + endpoint
                    + " did not answer"), result.stderr());
        }
    }

    @Test
    void unknownCommand_failsWithUsageHint() throws Exception {
        Result result = run("deploy");
        assertEquals(2, result.exitCode());
        assertEquals("tradewind-local: unknown command 'deploy' (see tradewind-local --help)", result.stderr());
    }
}
