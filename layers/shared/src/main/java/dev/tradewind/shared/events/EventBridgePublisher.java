package dev.tradewind.shared.events;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.BatchBackoff;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.metrics.Counters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes domain events to the function's EventBridge bus with PutEvents (docs/realtime.md#events).
 *
 * <p>Events go in calls of at most {@value #MAX_ENTRIES} entries and {@value #MAX_BYTES} bytes, an entry measured as
 * EventBridge measures it (the UTF-8 bytes of source, detail-type and detail; no time or resources are sent); an
 * entry larger than that is never sent. The entries a response reports failed, or every entry of a call that failed
 * as a whole, are sent again, at most {@value #MAX_ATTEMPTS} attempts in all with exponential backoff and full jitter
 * ({@link BatchBackoff}); the SDK itself does not retry, so that an attempt is one call. What is still not published
 * is logged (source, detail-type and why: never the detail, which holds user data) and counted as
 * {@value #METRIC}. Nothing here throws.
 *
 * <p>While SnapStart priming runs nothing is published, as nothing is written: its requests are rehearsals. The
 * client is built on the first publish, not at init: most invocations publish nothing. {@value #ENDPOINT_VARIABLE}
 * points it at the local runtime, as {@code DYNAMODB_ENDPOINT} does DynamoDB's.
 */
public final class EventBridgePublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgePublisher.class);

    public static final String ENDPOINT_VARIABLE = "EVENTS_ENDPOINT";
    public static final String METRIC = "EventsNotPublished";
    /** PutEvents takes at most 10 entries per call ... */
    static final int MAX_ENTRIES = 10;
    /** ... and 256 KB of entries. */
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_ATTEMPTS = 3;

    private final String busName;
    private final Supplier<EventBridgeClient> client;
    private final Counters counters;
    private final IntConsumer backoff;

    /**
     * @param client  the client, asked for on every call (memoise it)
     * @param backoff waits before attempt {@code n} (2 for the first retry)
     */
    EventBridgePublisher(String busName, Supplier<EventBridgeClient> client, Counters counters, IntConsumer backoff) {
        this.busName = Objects.requireNonNull(busName, "busName");
        this.client = Objects.requireNonNull(client, "client");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * The publisher of a function whose configuration names the bus ({@code EVENT_BUS_NAME}); {@link
     * EventPublisher#none()} without one, and when DynamoDB is a local endpoint and EventBridge is not (tests): such a
     * run must never reach the real EventBridge API.
     */
    public static EventPublisher create(Environment env, Optional<String> busName, Counters counters) {
        Optional<String> endpoint = env.optional(ENDPOINT_VARIABLE);
        if (busName.isEmpty()
                || env.optional(DynamoDbClients.ENDPOINT_VARIABLE).isPresent() && endpoint.isEmpty()) {
            return EventPublisher.none();
        }
        return new EventBridgePublisher(busName.get(), new Supplier<>() {
            private EventBridgeClient built;

            @Override
            public synchronized EventBridgeClient get() {
                if (built == null) {
                    built = client(env, endpoint);
                }
                return built;
            }
        }, counters, BatchBackoff::beforeAttempt);
    }

    private static EventBridgeClient client(Environment env, Optional<String> endpoint) {
        var builder = EventBridgeClient.builder()
                .region(Region.of(env.get("AWS_REGION", "us-east-1")))
                .credentialsProvider(DynamoDbClients.credentials(env, endpoint.isPresent()))
                .httpClient(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2))
                        .tcpKeepAlive(true)
                        .useIdleConnectionReaper(false)
                        .build())
                // Attempts are counted here (failed entries are retried alone), so the SDK makes one per call.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(2)));
        endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)));
        return builder.build();
    }

    /** An event ready to send, and its size as EventBridge counts it. */
    private record Pending(DomainEvent event, PutEventsRequestEntry entry, int size) {
    }

    @Override
    public void publish(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (Priming.running()) {
            LOG.info("Events not published while SnapStart priming runs", entry("events", events.size()));
            return;
        }
        List<Pending> entries = new ArrayList<>();
        for (DomainEvent event : events) {
            try {
                Pending pending = pending(event);
                if (pending.size() > MAX_BYTES) {
                    notPublished(List.of(event), "TOO_LARGE", 0);
                } else {
                    entries.add(pending);
                }
            } catch (RuntimeException e) {
                notPublished(List.of(event), "NOT_SERIALIZABLE", 0);
            }
        }
        for (List<Pending> batch : batches(entries)) {
            send(batch);
        }
    }

    private Pending pending(DomainEvent event) {
        String detail = Json.write(event.detail());
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().eventBusName(busName).source(event.source())
                .detailType(event.detailType()).detail(detail).build();
        return new Pending(event, entry, utf8(event.source()) + utf8(event.detailType()) + utf8(detail));
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** In order, as few calls as the limits allow. */
    private static List<List<Pending>> batches(List<Pending> entries) {
        List<List<Pending>> batches = new ArrayList<>();
        List<Pending> batch = new ArrayList<>();
        long bytes = 0;
        for (Pending pending : entries) {
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + pending.size() > MAX_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(pending);
            bytes += pending.size();
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private void send(List<Pending> batch) {
        List<Pending> pending = batch;
        String reason = null;
        int attempts = 0;
        while (attempts < MAX_ATTEMPTS && !pending.isEmpty()) {
            attempts++;
            if (attempts > 1) {
                try {
                    backoff.accept(attempts);
                } catch (RuntimeException e) {
                    // Interrupted: the function is ending; what is left is counted below.
                    reason = "INTERRUPTED";
                    break;
                }
            }
            List<Pending> sending = pending;
            try {
                PutEventsResponse response = client.get().putEvents(r -> r.entries(
                        sending.stream().map(Pending::entry).toList()));
                List<PutEventsResultEntry> results = response.entries();
                List<Pending> failed = new ArrayList<>();
                for (int i = 0; i < sending.size(); i++) {
                    PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                    if (result == null || result.errorCode() != null) {
                        failed.add(sending.get(i));
                        reason = result == null ? "NO_RESULT" : result.errorCode();
                    }
                }
                pending = failed;
            } catch (RuntimeException e) {
                reason = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                        && service.awsErrorDetails().errorCode() != null ? service.awsErrorDetails().errorCode()
                        : e.getClass().getSimpleName();
            }
        }
        if (!pending.isEmpty()) {
            notPublished(pending.stream().map(Pending::event).toList(), reason, attempts);
        }
    }

    private void notPublished(List<DomainEvent> events, String reason, int attempts) {
        for (DomainEvent event : events) {
            LOG.warn("Event not published", entry("source", event.source()),
                    entry("detailType", event.detailType()), entry("reason", reason), entry("attempts", attempts),
                    entry("eventBus", busName));
            counters.increment(METRIC, "DetailType", event.detailType());
        }
    }
}
