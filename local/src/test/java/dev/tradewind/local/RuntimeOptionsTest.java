package dev.tradewind.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeOptionsTest {

    @TempDir
    Path temp;

    private RuntimeOptions parse(String... args) throws Exception {
        Path template = temp.resolve("template.yaml");
        Files.writeString(template, """
                Parameters:
                  LogLevel: {Type: String, Default: INFO, AllowedValues: [DEBUG, INFO, WARN, ERROR]}
                  AllowedOrigins: {Type: CommaDelimitedList, Default: "*"}
                  Stage: {Type: String, Default: dev, AllowedPattern: "^[a-z0-9]+$"}
                Resources: {}
                """);
        List<String> all = new java.util.ArrayList<>(List.of("--template", template.toString()));
        all.addAll(List.of(args));
        return RuntimeOptions.parse(all, new ArrayDeque<>(), new LinkedHashMap<>(), List.of());
    }

    @Test
    void defaults_matchTheReadme() throws Exception {
        RuntimeOptions options = parse();
        assertEquals(3000, options.port());
        assertEquals("127.0.0.1", options.host());
        assertEquals(Optional.of(Path.of(".tradewind")), options.dataDirectory());
        assertEquals(RuntimeOptions.ClockMode.REPLAY, options.clockMode());
        assertEquals(720, options.replaySpeed());
        assertEquals(Instant.parse("2022-01-03T00:00:00Z"), RuntimeOptions.DEFAULT_REPLAY_START);
    }

    @Test
    void options_inBothSpellings() throws Exception {
        RuntimeOptions options = parse("--port=3100", "--in-memory", "--clock", "wall", "--replay-speed", "60",
                "--replay-start", "2021-06-01T00:00:00Z", "--parameter-overrides", "LogLevel=DEBUG,Stage=1",
                "--no-schedules");
        assertEquals(3100, options.port());
        assertEquals(Optional.empty(), options.dataDirectory());
        assertEquals(RuntimeOptions.ClockMode.WALL, options.clockMode());
        assertEquals(60, options.replaySpeed());
        assertEquals(Optional.of(Instant.parse("2021-06-01T00:00:00Z")), options.replayStart());
        assertEquals(Map.of("LogLevel", "DEBUG", "Stage", "1"), options.parameterOverrides());
        assertEquals(false, options.schedulesEnabled());
    }

    @Test
    void portZero_isAccepted_forAPortTheSystemPicks() throws Exception {
        assertEquals(0, parse("--port", "0").port());
    }

    @Test
    void badValues_areCliErrorsNamingTheOption() {
        assertEquals("--port must be between 0 and 65535",
                assertThrows(CliException.class, () -> parse("--port", "70000")).getMessage());
        assertEquals("--port must be between 0 and 65535",
                assertThrows(CliException.class, () -> parse("--port", "-1")).getMessage());
        assertEquals("--port must be a whole number, was 'abc'",
                assertThrows(CliException.class, () -> parse("--port", "abc")).getMessage());
        assertEquals("--clock must be 'replay' or 'wall'",
                assertThrows(CliException.class, () -> parse("--clock", "fast")).getMessage());
        assertTrue(assertThrows(CliException.class, () -> parse("--replay-start", "yesterday")).getMessage()
                .startsWith("--replay-start must be an ISO-8601 instant"));
        assertEquals("--replay-start must be in the years 0000 to 9999, was +10000-01-01T00:00:00Z",
                assertThrows(CliException.class, () -> parse("--replay-start", "+10000-01-01T00:00:00Z"))
                        .getMessage());
        assertEquals("unknown option --verbose", assertThrows(CliException.class, () -> parse("--verbose")).getMessage());
        assertEquals("--data-dir needs a value", assertThrows(CliException.class, () -> parse("--data-dir")).getMessage());
        assertTrue(assertThrows(CliException.class,
                () -> RuntimeOptions.parse(List.of("--template", "missing.yaml"), new ArrayDeque<>(),
                        new LinkedHashMap<>(), List.of())).getMessage().startsWith("template missing.yaml not found"));
    }

    /** At 1e9 the clock passed year 9999 within minutes, while /_local/clock/advance refuses to go past it. */
    @Test
    void replaySpeed_outsideAboveZeroToAMillion_isRefused() throws Exception {
        for (String speed : List.of("1e9", "1000000.5", "0", "-1", "Infinity", "NaN")) {
            assertEquals("--replay-speed must be above 0 and at most 1000000", assertThrows(CliException.class,
                    () -> parse("--replay-speed", speed), speed).getMessage());
        }
        assertEquals(1_000_000, parse("--replay-speed", "1000000").replaySpeed());
        assertEquals(0.25, parse("--replay-speed", "0.25").replaySpeed());
    }

    /** --admin=false served the admin routes beyond loopback, and --no-schedules=false turned the schedules off. */
    @Test
    void flagWithAValue_isRefused_notTakenAsTheFlag() {
        for (String flag : List.of("--admin", "--no-schedules", "--in-memory")) {
            assertEquals(flag + " takes no value", assertThrows(CliException.class,
                    () -> parse("--host", "0.0.0.0", flag + "=false")).getMessage());
        }
    }

    /** AllowedOrigins is a CommaDelimitedList parameter (template.yaml): its commas are part of the value. */
    @Test
    void parameterOverrides_listValue_keepsItsCommas() throws Exception {
        assertEquals(Map.of("AllowedOrigins", "https://a.example,https://b.example", "LogLevel", "DEBUG"),
                parse("--parameter-overrides", "AllowedOrigins=https://a.example,https://b.example,LogLevel=DEBUG")
                        .parameterOverrides());
        assertEquals(Map.of("AllowedOrigins", "https://a.example,https://b.example", "LogLevel", "DEBUG"),
                parse("--parameter-overrides", "AllowedOrigins=https://a.example,https://b.example LogLevel=DEBUG")
                        .parameterOverrides(), "sam's space-separated pairs");
        assertEquals("--parameter-overrides takes Name=Value[,Name=Value]",
                assertThrows(CliException.class, () -> parse("--parameter-overrides", "https://a.example"))
                        .getMessage());
    }

    /** LogLevel=LOUD was accepted though the template allows DEBUG, INFO, WARN and ERROR; CloudFormation refuses it. */
    @Test
    void parameterOverrides_unknownOrNotAllowedByTheTemplate_areCliErrorsNamingWhatIsAllowed() {
        assertEquals("Parameter override LogLevel=LOUD is not allowed: LogLevel takes one of DEBUG, INFO, WARN, ERROR",
                assertThrows(CliException.class, () -> parse("--parameter-overrides", "LogLevel=LOUD")).getMessage());
        assertEquals("Parameter override Stage=Prod is not allowed: Stage must match ^[a-z0-9]+$",
                assertThrows(CliException.class, () -> parse("--parameter-overrides", "Stage=Prod")).getMessage());
        assertEquals("Parameter override LogLevl is not a parameter of the template; it has LogLevel, AllowedOrigins, "
                + "Stage", assertThrows(CliException.class, () -> parse("--parameter-overrides", "LogLevl=DEBUG"))
                .getMessage());
    }

    @Test
    void envVars_isLayeredOnTheDefaultFile() throws Exception {
        Path defaultFile = Files.writeString(Files.createDirectories(temp.resolve("local")).resolve("env.json"), "{}");
        Path file = Files.writeString(temp.resolve("stub.json"), "{}");
        assertEquals(List.of(defaultFile, file), parse("--env-vars", file.toString()).envVarsFiles());
    }

    /**
     * Run from another directory with --template, local/env.json was looked for in the working directory and
     * silently missed, so the ingest function went to the live venues instead of the replay.
     */
    @Test
    void defaultEnvVars_isLocalEnvJsonBesideTheTemplate_notInTheWorkingDirectory() throws Exception {
        assertEquals(List.of(), parse().envVarsFiles(), "no local/env.json beside the template");
        Path besideTemplate = Files.writeString(Files.createDirectories(temp.resolve("local")).resolve("env.json"),
                "{}");
        assertEquals(List.of(besideTemplate), parse().envVarsFiles());
        assertEquals(Path.of("local", "env.json"), RuntimeOptions.defaultEnvVars(Path.of("template.yaml")),
                "./tradewind runs template.yaml from the repository root: the same file as before");
    }

    @Test
    void admin_nonLoopbackWithoutAdminFlag_notServed() throws Exception {
        assertTrue(parse().adminServed());
        assertTrue(parse("--host", "localhost").adminServed());
        assertTrue(parse("--host", "::1").adminServed());
        assertFalse(parse("--host", "0.0.0.0").adminServed());
        assertFalse(parse("--host", "192.168.1.20").adminServed());
        assertTrue(parse("--host", "0.0.0.0", "--admin").adminServed());
    }
}
