package dev.tradewind.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.lambda.AsyncInvoker;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.EventBusDefinition;
import dev.tradewind.local.template.EventRuleDefinition;
import dev.tradewind.local.template.Intrinsics;
import dev.tradewind.local.template.TemplateException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The template's EventBridge buses in-process: an accepted entry becomes an EventBridge event, delivered in the
 * background to the function of every enabled {@code EventBridgeRule} on its bus whose pattern matches, as EventBridge
 * invokes a Lambda target asynchronously. A failed invocation is retried as the rule's RetryPolicy says (standing in
 * for Lambda's own retries of an asynchronous invocation), by an {@link AsyncInvoker}; then it is counted failed and
 * logged (a rule's dead-letter queue is not emulated). Nothing waits for deliveries: {@link #stats()} says how many
 * are pending.
 */
public final class LocalEventBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Set<String> buses;
    private final List<Rule> rules;
    private final PrintStream log;
    private final AsyncInvoker deliveries;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();

    /** An accepted PutEvents entry; {@code time} is the entry's Time or the runtime clock's now. */
    public record Entry(String bus, String source, String detailType, JsonNode detail, Instant time,
                        List<String> resources) {
    }

    private record Rule(EventRuleDefinition definition, EventPattern pattern, AtomicLong pending,
                        AtomicLong delivered, AtomicLong failed, AtomicLong retries) {
    }

    /**
     * @param invoker runs a function (by logical id) with a payload and returns the invocation outcome
     * @throws TemplateException when a rule's pattern cannot be emulated
     */
    public LocalEventBridge(List<EventBusDefinition> buses, List<EventRuleDefinition> rules,
                            BiFunction<String, byte[], Invocation> invoker, PrintStream log) {
        Set<String> names = new LinkedHashSet<>();
        names.add(EventBusDefinition.DEFAULT);
        buses.forEach(bus -> names.add(bus.name()));
        this.buses = Set.copyOf(names);
        List<Rule> compiled = new ArrayList<>();
        for (EventRuleDefinition rule : rules) {
            EventPattern pattern;
            try {
                pattern = EventPattern.compile(JSON.valueToTree(rule.pattern()));
            } catch (IllegalArgumentException e) {
                throw new TemplateException("Resources." + rule.functionLogicalId() + ".Properties.Events."
                        + rule.eventName() + ".Properties.Pattern: " + e.getMessage());
            }
            compiled.add(new Rule(rule, pattern, new AtomicLong(), new AtomicLong(), new AtomicLong(),
                    new AtomicLong()));
        }
        this.rules = List.copyOf(compiled);
        this.log = log;
        this.deliveries = new AsyncInvoker("event-delivery", invoker, AsyncInvoker.WALL_BACKOFF);
    }

    /** The bus an entry's {@code EventBusName} (a name or an ARN; absent for {@code default}) names, if it exists. */
    public Optional<String> bus(String nameOrArn) {
        String name = nameOrArn == null || nameOrArn.isEmpty() ? EventBusDefinition.DEFAULT
                : nameOrArn.startsWith("arn:") ? busOfArn(nameOrArn) : nameOrArn;
        return name != null && buses.contains(name) ? Optional.of(name) : Optional.empty();
    }

    private static String busOfArn(String arn) {
        String prefix = "arn:aws:events:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":event-bus/";
        return arn.startsWith(prefix) ? arn.substring(prefix.length()) : null;
    }

    /** Accepts an entry of an existing bus: its event goes to every matching rule in the background. */
    public String put(Entry entry) {
        String id = UUID.randomUUID().toString();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", entry.detailType());
        event.put("source", entry.source());
        event.put("account", Intrinsics.ACCOUNT_ID);
        event.put("time", EVENT_TIME.format(entry.time().truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", Intrinsics.REGION);
        ArrayNode resources = event.putArray("resources");
        entry.resources().forEach(resources::add);
        event.set("detail", entry.detail());
        published.incrementAndGet();
        byte[] payload = GatewayResponse.jsonBytes(event);
        List<String> matched = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.definition.enabled() && rule.definition.busName().equals(entry.bus())
                    && rule.pattern.matches(event)) {
                matched.add(rule.definition.name());
                rule.pending.incrementAndGet();
                deliveries.invoke(rule.definition.functionLogicalId(), payload,
                        rule.definition.maximumRetryAttempts(), rule.definition.maximumEventAgeSeconds(),
                        outcome(rule, id));
            }
        }
        if (matched.isEmpty()) {
            unmatched.incrementAndGet();
        }
        log.println("[events] " + entry.detailType() + " from " + entry.source() + " on " + entry.bus() + " -> "
                + (matched.isEmpty() ? "no rule matched" : String.join(", ", matched)));
        return id;
    }

    private AsyncInvoker.Listener outcome(Rule rule, String id) {
        return new AsyncInvoker.Listener() {
            @Override
            public void delivered() {
                rule.delivered.incrementAndGet();
                rule.pending.decrementAndGet();
            }

            @Override
            public void retrying() {
                rule.retries.incrementAndGet();
            }

            @Override
            public void gaveUp(int attempts, String reason) {
                rule.failed.incrementAndGet();
                rule.pending.decrementAndGet();
                log.println("[events] " + rule.definition.name() + " dropped event " + id + " after " + attempts
                        + " attempt(s): " + reason);
            }

            @Override
            public void abandoned() {
                rule.pending.decrementAndGet(); // stopping: nothing is delivered any more
            }
        };
    }

    /**
     * {@code {"published", "unmatched", "pending", "delivered", "failed", "retries", "rules": {name: {"bus",
     * "function", "pending", "delivered", "failed", "retries"}}}}: deliveries counted per matched rule; pending
     * includes those waiting for a retry.
     */
    public ObjectNode stats() {
        ObjectNode body = JSON.createObjectNode();
        body.put("published", published.get());
        body.put("unmatched", unmatched.get());
        long pending = 0;
        long delivered = 0;
        long failed = 0;
        long retried = 0;
        ObjectNode byRule = JSON.createObjectNode();
        for (Rule rule : rules) {
            ObjectNode node = byRule.putObject(rule.definition.name());
            node.put("bus", rule.definition.busName());
            node.put("function", rule.definition.functionLogicalId());
            node.put("pending", rule.pending.get());
            node.put("delivered", rule.delivered.get());
            node.put("failed", rule.failed.get());
            node.put("retries", rule.retries.get());
            pending += rule.pending.get();
            delivered += rule.delivered.get();
            failed += rule.failed.get();
            retried += rule.retries.get();
        }
        body.put("pending", pending);
        body.put("delivered", delivered);
        body.put("failed", failed);
        body.put("retries", retried);
        body.set("rules", byRule);
        return body;
    }


    @Override
    public void close() {
        deliveries.close();
    }
}
