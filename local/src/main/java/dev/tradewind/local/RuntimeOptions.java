package dev.tradewind.local;

import dev.tradewind.local.clock.ReplayClock;
import dev.tradewind.local.gateway.LocalCallers;
import dev.tradewind.local.template.ParameterOverrideException;
import dev.tradewind.local.template.SamTemplate;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Options shared by {@code start-api} and {@code invoke}, with the defaults documented in docs/local-runtime.md. */
record RuntimeOptions(
        Path template,
        String host,
        int port,
        Optional<Path> dataDirectory,
        ClockMode clockMode,
        Optional<Instant> replayStart,
        double replaySpeed,
        List<Path> envVarsFiles,
        Map<String, String> parameterOverrides,
        boolean schedulesEnabled,
        int maxInstances,
        boolean admin,
        Optional<URI> dynamoDbEndpoint) {

    enum ClockMode { REPLAY, WALL }

    static final int DEFAULT_PORT = 3000;
    static final Path DEFAULT_DATA_DIRECTORY = Path.of(".tradewind");
    /** Beside the template, not in the working directory: {@code --template} from elsewhere still finds it. */
    private static final Path DEFAULT_ENV_VARS = Path.of("local", "env.json");
    /** Inside the bundled history and after the model's training window, so forecasts are out of sample. */
    static final Instant DEFAULT_REPLAY_START = Instant.parse("2022-01-03T00:00:00Z");
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /**
     * A comma or spaces (sam's form) before the next {@code Name=}: other commas belong to the value, as in a
     * CommaDelimitedList's {@code AllowedOrigins=https://a.example,https://b.example}.
     */
    private static final Pattern PARAMETER_SEPARATOR = Pattern.compile("[,\\s]\\s*(?=[A-Za-z0-9]+=)");
    /** 720×: one hour of market time every five wall seconds. */
    static final double DEFAULT_REPLAY_SPEED = 720;
    /**
     * A year of market time every 32 wall seconds, about the largest step {@code /_local/clock/advance} takes (P365D),
     * and year 9999 still days of wall time away: at 1e9 the clock left the years it can hold within minutes.
     */
    static final double MAX_REPLAY_SPEED = 1_000_000;

    static RuntimeOptions defaults() {
        return new RuntimeOptions(Path.of("template.yaml"), "127.0.0.1", DEFAULT_PORT,
                Optional.of(DEFAULT_DATA_DIRECTORY), ClockMode.REPLAY, Optional.empty(), DEFAULT_REPLAY_SPEED,
                List.of(), Map.of(), true, 4, false, Optional.empty());
    }

    /** {@code local/env.json} in the template's directory; for {@code template.yaml}, {@code local/env.json}. */
    static Path defaultEnvVars(Path template) {
        Path directory = template.getParent();
        return directory == null ? DEFAULT_ENV_VARS : directory.resolve(DEFAULT_ENV_VARS);
    }

    /**
     * The admin routes are served when the API listens on loopback only, or beyond it with {@code --admin}; either
     * way they answer loopback callers only.
     */
    boolean adminServed() {
        return admin || host.equalsIgnoreCase("localhost") || LocalCallers.isLoopbackAddress(host);
    }

    /** Parses options; leftover positional arguments are returned through {@code positional}. */
    static RuntimeOptions parse(List<String> args, Deque<String> positional, Map<String, String> extra,
                                List<String> extraOptionNames) {
        RuntimeOptions o = defaults();
        Deque<String> queue = new ArrayDeque<>(args);
        Path template = o.template;
        String host = o.host;
        int port = o.port;
        Optional<Path> data = o.dataDirectory;
        ClockMode clock = o.clockMode;
        Optional<Instant> start = o.replayStart;
        double speed = o.replaySpeed;
        Optional<Path> envVars = Optional.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean schedules = o.schedulesEnabled;
        int maxInstances = o.maxInstances;
        boolean admin = o.admin;
        Optional<URI> dynamoDbEndpoint = o.dynamoDbEndpoint;
        while (!queue.isEmpty()) {
            String arg = queue.poll();
            String name = arg;
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                inline = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "--template", "-t" -> template = Path.of(value(name, inline, queue));
                case "--host" -> host = value(name, inline, queue);
                case "--port", "-p" -> port = integer(name, value(name, inline, queue), 0, 65535);
                case "--data-dir" -> data = Optional.of(Path.of(value(name, inline, queue)));
                case "--in-memory" -> data = flag(name, inline, Optional.empty());
                case "--clock" -> clock = switch (value(name, inline, queue)) {
                    case "replay" -> ClockMode.REPLAY;
                    case "wall" -> ClockMode.WALL;
                    default -> throw new CliException("--clock must be 'replay' or 'wall'");
                };
                case "--replay-start" -> start = Optional.of(instant(name, value(name, inline, queue)));
                case "--replay-speed" -> speed = positiveNumber(name, value(name, inline, queue), MAX_REPLAY_SPEED);
                case "--env-vars", "-n" -> {
                    Path file = Path.of(value(name, inline, queue));
                    if (!Files.isRegularFile(file)) {
                        throw new CliException("--env-vars file " + file + " does not exist");
                    }
                    envVars = Optional.of(file);
                }
                case "--parameter-overrides" -> {
                    for (String pair : PARAMETER_SEPARATOR.split(value(name, inline, queue).trim())) {
                        int eq = pair.indexOf('=');
                        if (eq < 1) {
                            throw new CliException("--parameter-overrides takes Name=Value[,Name=Value]");
                        }
                        overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                    }
                }
                case "--no-schedules" -> schedules = flag(name, inline, false);
                case "--admin" -> admin = flag(name, inline, true);
                case "--dynamodb-endpoint" -> dynamoDbEndpoint = Optional.of(endpoint(name, value(name, inline, queue)));
                case "--max-instances" -> maxInstances = integer(name, value(name, inline, queue), 1, 64);
                default -> {
                    if (extraOptionNames.contains(name)) {
                        extra.put(name, value(name, inline, queue));
                    } else if (arg.startsWith("-")) {
                        throw new CliException("unknown option " + arg);
                    } else {
                        positional.add(arg);
                    }
                }
            }
        }
        if (!Files.isRegularFile(template)) {
            throw new CliException("template " + template + " not found (run from the repository root or pass --template)");
        }
        if (!overrides.isEmpty()) {
            try {
                SamTemplate.checkParameterOverrides(template, overrides);
            } catch (ParameterOverrideException e) {
                throw new CliException(e.getMessage());
            }
        }
        // On top of local/env.json, so a file naming a few variables keeps the replay's settings it does not name.
        List<Path> envVarsFiles = new ArrayList<>();
        if (Files.isRegularFile(defaultEnvVars(template))) {
            envVarsFiles.add(defaultEnvVars(template));
        }
        envVars.ifPresent(envVarsFiles::add);
        return new RuntimeOptions(template, host, port, data, clock, start, speed, List.copyOf(envVarsFiles),
                Map.copyOf(overrides), schedules, maxInstances, admin, dynamoDbEndpoint);
    }

    private static URI endpoint(String name, String text) {
        try {
            URI uri = new URI(text);
            if ((uri.getScheme() == null || !uri.getScheme().matches("https?")) || uri.getHost() == null) {
                throw new CliException(name + " must be an http(s) URL, e.g. http://localhost:4566");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(name + " must be an http(s) URL, e.g. http://localhost:4566");
        }
    }

    /** What a flag sets; {@code --admin=false} would read as the opposite of what it does, so a value is refused. */
    private static <T> T flag(String name, String inline, T set) {
        if (inline != null) {
            throw new CliException(name + " takes no value");
        }
        return set;
    }

    private static String value(String name, String inline, Deque<String> queue) {
        if (inline != null) {
            return inline;
        }
        String next = queue.poll();
        if (next == null || next.startsWith("--")) {
            throw new CliException(name + " needs a value");
        }
        return next;
    }

    private static int integer(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new CliException(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CliException(name + " must be a whole number, was '" + text + "'");
        }
    }

    private static double positiveNumber(String name, String text, double max) {
        try {
            double value = Double.parseDouble(text);
            if (!(value > 0 && value <= max)) {
                throw new CliException(name + " must be above 0 and at most " + (long) max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CliException(name + " must be a number, was '" + text + "'");
        }
    }

    /** An instant the replay clock can hold: its keys are ISO text, in order only while the year has four digits. */
    private static Instant instant(String name, String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(name + " must be an ISO-8601 instant such as 2022-01-03T00:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(ReplayClock.LATEST)) {
            throw new CliException(name + " must be in the years 0000 to 9999, was " + text);
        }
        return instant;
    }
}
