package dev.tradewind.shared.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.metrics.EmfMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming, the one mechanism every function uses: before the snapshot, the function's own sample events
 * (copied from {@code events/} into the zip at build time, under {@value #EVENTS}) go through its real handler —
 * routing, body binding, validation, services, DynamoDB reads, JSON — plus one GetItem per table of a key no item
 * has, and whatever extra steps the function declares (a model inference, an Argon2 verification).
 *
 * <p>Nothing is written: every request runs as {@link #USER_ID}, whom no data belongs to, and while priming runs the
 * DynamoDB client refuses every write before it is sent ({@code DynamoDbClients}' write guard answers it as a 503),
 * so a route that would write is exercised up to its write and no further. A function whose priming asks for
 * {@link Builder#inMemoryWrites() in-memory writes} goes further: its client answers the writes itself, into a store
 * that lasts one priming run, and the reads of what they wrote, so its routes run their success paths (a session
 * created, an order placed on it and read back) with nothing sent to a table; the ids such a run creates are dropped
 * with the store when it ends, before the snapshot. A step that fails is logged and
 * recorded, never thrown: a snapshot without priming is slower, not broken. After a restore, the function's
 * {@code afterRestore} actions reset what must differ per instance.
 */
public final class Priming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** Where the build puts the function's sample events in its zip. */
    public static final String EVENTS = "priming/events/";
    /**
     * The caller of every primed request: a ULID of 1970-01-01, which no account can have (ids take the clock's
     * time), so no request reads or touches anyone's data.
     */
    public static final String USER_ID = "00000000000000000000000000";
    /** The request id of primed requests, and the pk and sk of the GetItem no item answers. */
    public static final String MARKER = "snapstart-priming";
    /** A step's outcome when it threw: recorded, logged, never rethrown. */
    public static final int FAILED = -1;
    /** A step's outcome when it returned normally and has no status of its own. */
    public static final int DONE = 0;

    /** Strongly held, one per function name: the CRaC context keeps its resources only weakly. */
    private static final Map<String, Priming> REGISTERED = new ConcurrentHashMap<>();
    private static volatile boolean running;
    /** The running priming's private state when it writes in memory, else null; dropped when the run ends. */
    private static volatile Map<String, Object> scratch;
    private static final String SUBSTITUTIONS = "substitutions";

    private final String function;
    private final List<Step> steps;
    private final List<Runnable> restoreActions;
    private final boolean inMemoryWrites;
    private final int rounds;

    private record Step(String name, IntSupplier action) {
    }

    private Priming(String function, List<Step> steps, List<Runnable> restoreActions, boolean inMemoryWrites,
                    int rounds) {
        this.function = function;
        this.steps = List.copyOf(steps);
        this.restoreActions = List.copyOf(restoreActions);
        this.inMemoryWrites = inMemoryWrites;
        this.rounds = rounds;
    }

    public static Builder builder(String function) {
        return new Builder(function);
    }

    /**
     * Registers the function's priming with the CRaC context once per class loader (one Lambda instance); the
     * public handler constructor calls it. Returns the registered priming (the first one built).
     */
    public static Priming registerOnce(String function, Supplier<Priming> priming) {
        return REGISTERED.computeIfAbsent(function, name -> {
            Priming created = priming.get();
            Core.getGlobalContext().register(created);
            return created;
        });
    }

    /**
     * The primings registered in this JVM, for a restore simulation (the first-request benchmark): the CRaC
     * context refuses to be called outside a checkpoint, and every function's hooks are these.
     */
    public static Collection<Priming> registered() {
        return List.copyOf(REGISTERED.values());
    }

    /** Whether a priming is running now: the DynamoDB write guard refuses writes while it is. */
    public static boolean running() {
        return running;
    }

    /**
     * While a priming with in-memory writes runs, its private state (the DynamoDB stand-in's store, the ids its
     * requests created); otherwise empty, and the client sends every request to DynamoDB.
     */
    public static Optional<Map<String, Object>> inMemoryScratch() {
        return running ? Optional.ofNullable(scratch) : Optional.empty();
    }

    /**
     * What stands for {@code sampleId} in the running priming: the id a kept request's answer gave
     * ({@link Builder#requestKeeping}), else {@code sampleId} itself. A step uses it to reach what an earlier request
     * created, such as the account a sign-up made for {@link #USER_ID}.
     */
    public static String standingFor(String sampleId) {
        return substitutions().getOrDefault(sampleId, sampleId);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        Report report = prime();
        LOG.info("SnapStart priming done", entry("function", function), entry("rounds", rounds),
                entry("steps", report.outcomes()), entry("failed", report.failed()),
                entry("durationMs", (System.nanoTime() - started) / 1_000_000.0));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        for (Runnable action : restoreActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("A SnapStart restore action of {} failed", function, e);
            }
        }
    }

    /**
     * Runs every step in order, whatever fails, as many {@link Builder#rounds(int) rounds} as the function asks for,
     * each with a store of its own; the report says what each step answered in the last round, and names every step
     * that failed in any.
     */
    public synchronized Report prime() {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        running = true;
        try {
            for (int round = 0; round < rounds; round++) {
                scratch = inMemoryWrites ? new ConcurrentHashMap<>() : null;
                for (Step step : steps) {
                    outcomes.put(step.name(), run(step, failed));
                }
            }
        } finally {
            running = false;
            scratch = null;
        }
        return new Report(Collections.unmodifiableMap(outcomes), List.copyOf(failed));
    }

    private int run(Step step, Set<String> failed) {
        try {
            return step.action().getAsInt();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
            if (failed.add(step.name())) {
                LOG.warn("SnapStart priming step '{}' of {} failed; the snapshot is taken without it", step.name(),
                        function, e);
            }
            return FAILED;
        }
    }

    /**
     * What a priming run did, step by step: the HTTP status a primed request answered, 200 for an invocation that
     * returned, 404 for a table read that found nothing, {@link #DONE} for a step without a status, {@link #FAILED}
     * for one that threw.
     */
    public record Report(Map<String, Integer> outcomes, List<String> failed) {

        public int outcome(String step) {
            Integer outcome = outcomes.get(step);
            if (outcome == null) {
                throw new IllegalArgumentException("no priming step '" + step + "'; steps: " + outcomes.keySet());
            }
            return outcome;
        }
    }

    public static final class Builder {
        private final String function;
        private final List<Step> steps = new ArrayList<>();
        private final List<Runnable> restoreActions = new ArrayList<>();
        private boolean inMemoryWrites;
        private int rounds = 1;

        private Builder(String function) {
            this.function = function;
        }

        /** The HTTP API sample event {@code name} (a file of the function's events/ folder) through {@code handler}. */
        public Builder request(RequestStreamHandler handler, String name) {
            return request(handler, name, name, event -> {
            });
        }

        /** The same, with the event adjusted first (e.g. a path parameter naming nothing), as step {@code step}. */
        public Builder request(RequestStreamHandler handler, String name, String step, Consumer<ObjectNode> adjust) {
            return request(handler, name, step, adjust, null, null);
        }

        /**
         * The sample event {@code name} through {@code handler}; with {@link #inMemoryWrites()}, the value its answer
         * gives in {@code field} then stands for {@code sampleId} in every later request of this run (the samples name
         * a session that exists only once this request created it). {@link #USER_ID} may stand for the account a
         * sign-up created: the later requests are then that account's.
         */
        public Builder requestKeeping(RequestStreamHandler handler, String name, String field, String sampleId) {
            return requestKeeping(handler, name, field, sampleId, event -> {
            });
        }

        /** The same, with the event adjusted first. */
        public Builder requestKeeping(RequestStreamHandler handler, String name, String field, String sampleId,
                                      Consumer<ObjectNode> adjust) {
            return request(handler, name, name, adjust, field, sampleId);
        }

        private Builder request(RequestStreamHandler handler, String name, String step, Consumer<ObjectNode> adjust,
                                String keptField, String sampleId) {
            steps.add(new Step(step, () -> {
                ObjectNode event = (ObjectNode) event(name);
                asPrimingCaller(event);
                event = substituted(event);
                adjust.accept(event);
                JsonNode response = readTree(invoke(handler, Json.writeBytes(event)));
                if (keptField != null) {
                    keep(sampleId, readTree(response.path("body").asText("{}").getBytes(StandardCharsets.UTF_8))
                            .path(keptField).asText(null));
                }
                return response.path("statusCode").asInt(FAILED);
            }));
            return this;
        }

        /**
         * Writes go to an in-memory store that lasts one priming run, and reads of what was written come from it
         * (see {@code PrimingStandIn}); without this, the client refuses every write while priming runs.
         */
        public Builder inMemoryWrites() {
            inMemoryWrites = true;
            return this;
        }

        /**
         * Runs the steps {@code rounds} times instead of once: the JIT compiles a method only once it has been called,
         * or has looped, many times, so a route that computes over many candles is still interpreted after one primed
         * request and compiled after a few, and the snapshot keeps the compiled code.
         */
        public Builder rounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("a priming runs at least one round, not " + rounds);
            }
            this.rounds = rounds;
            return this;
        }

        /**
         * A non-HTTP sample event (a schedule's input, an authorizer request) through {@code handler}: 200 if it
         * returned, else {@code statusWhenThrown} for the exception it threw (the authorizer answers a bad
         * token by throwing).
         */
        public Builder invocation(RequestStreamHandler handler, String name, int statusWhenThrown) {
            return invocation(handler, name, statusWhenThrown, event -> {
            });
        }

        /** The same, with the event adjusted first (e.g. the user a bus event names). */
        public Builder invocation(RequestStreamHandler handler, String name, int statusWhenThrown,
                                  Consumer<ObjectNode> adjust) {
            return invocation(handler, name, name, statusWhenThrown, adjust);
        }

        /** The same, as step {@code step} (a sample event sent twice, adjusted differently). */
        public Builder invocation(RequestStreamHandler handler, String name, String step, int statusWhenThrown,
                                  Consumer<ObjectNode> adjust) {
            steps.add(new Step(step, () -> {
                ObjectNode adjusted = (ObjectNode) event(name);
                adjust.accept(adjusted);
                byte[] event = Json.writeBytes(adjusted);
                try {
                    invoke(handler, event);
                    return 200;
                } catch (RuntimeException e) {
                    return statusWhenThrown;
                }
            }));
            return this;
        }

        /** A step of the function's own: warming what no sample event reaches (a model, Argon2, ES256). */
        public Builder step(String name, Runnable action) {
            steps.add(new Step(name, () -> {
                action.run();
                return DONE;
            }));
            return this;
        }

        /**
         * The JSON shapes the function's routes answer ({@code responses}) and bind ({@code requests}), from the mappers
         * the routes use: the first serialization of a type builds its serializer (the record's properties and theirs)
         * and the first binding its deserializer, which a primed request answering 404, or refused at its write, never
         * reaches. Both are cached by the mapper, so the first real success answers with them ready.
         */
        public Builder json(List<Class<?>> responses, List<Class<?>> requests) {
            steps.add(new Step("JSON shapes", () -> {
                for (Class<?> type : responses) {
                    Json.mapper().writerFor(type);
                }
                for (Class<?> type : requests) {
                    Json.strictReader().forType(type);
                }
                return DONE;
            }));
            return this;
        }

        /**
         * Builds and serializes one EMF metric into nothing ({@link EmfMetrics#warmUp}): a primed request publishes no
         * metric, so without this a restored instance's first success would load the whole EMF library.
         */
        public Builder metrics(String namespace) {
            return step("EMF metrics", () -> EmfMetrics.warmUp(namespace));
        }

        /** A step with a status of its own. */
        public Builder step(String name, IntSupplier action) {
            steps.add(new Step(name, action));
            return this;
        }

        /**
         * One GetItem per table of a key no item has ({@code pk}/{@code sk} = {@value #MARKER}; every table is
         * keyed so): loads the SDK's marshalling, signing and HTTP paths on the handler's own client, whatever routes
         * reached.
         */
        public Builder tableReads(DynamoDbClient dynamo, List<String> tables) {
            for (String table : tables) {
                steps.add(new Step("GetItem " + table, () -> dynamo.getItem(b -> b.tableName(table).key(Map.of(
                        "pk", AttributeValue.fromS(MARKER), "sk", AttributeValue.fromS(MARKER)))).hasItem() ? 200 : 404));
            }
            return this;
        }

        /** {@link #tableReads(DynamoDbClient, List)} of the tables the function's environment {@code variables} name. */
        public Builder tableReads(DynamoDbClient dynamo, Environment env, String... variables) {
            return tableReads(dynamo, Arrays.stream(variables).map(env::require).toList());
        }

        /** What to reset after a restore (an instance id, a cache of data that may be days old by then). */
        public Builder afterRestore(Runnable action) {
            restoreActions.add(action);
            return this;
        }

        public Priming build() {
            return new Priming(function, steps, restoreActions, inMemoryWrites, rounds);
        }

        private byte[] invoke(RequestStreamHandler handler, byte[] event) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, new SyntheticContext(MARKER, function,
                        1024, Duration.ofSeconds(30), LOG::debug));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /** A sample event's bytes, for a step that decodes it itself (a schedule's input). */
    public static byte[] eventBytes(String name) {
        return Json.writeBytes(event(name));
    }

    /** A sample event from the zip's copy of events/, e.g. {@code login.json}. */
    static JsonNode event(String name) {
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(EVENTS + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample event " + EVENTS + name + " on the class path");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> substitutions() {
        Map<String, Object> state = scratch;
        return state == null ? Map.of()
                : (Map<String, String>) state.computeIfAbsent(SUBSTITUTIONS, k -> new ConcurrentHashMap<>());
    }

    private static void keep(String sampleId, String id) {
        if (id != null && scratch != null) {
            substitutions().put(sampleId, id);
        }
    }

    /** The event with each sample id this run has a created one for replaced by it. */
    private static ObjectNode substituted(ObjectNode event) {
        Map<String, String> substitutions = substitutions();
        if (substitutions.isEmpty()) {
            return event;
        }
        String text = Json.write(event);
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            text = text.replace(substitution.getKey(), substitution.getValue());
        }
        return (ObjectNode) readTree(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The request as {@link #USER_ID}, with the priming request id, so nothing in it names a real caller. */
    private static void asPrimingCaller(ObjectNode event) {
        JsonNode context = event.path("requestContext");
        if (context instanceof ObjectNode requestContext) {
            requestContext.put("requestId", MARKER);
            if (requestContext.path("authorizer").path("lambda") instanceof ObjectNode lambda) {
                lambda.put("userId", USER_ID);
            }
        }
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
