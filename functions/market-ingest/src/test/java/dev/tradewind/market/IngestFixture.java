package dev.tradewind.market;

import com.amazonaws.services.lambda.runtime.Context;
import dev.tradewind.market.api.CandleEventViews;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.service.IngestConfig;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.stub.MarketStubServer;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ingest function as the template configures it, pointed at DynamoDB Local and a stub venue. */
final class IngestFixture {

    static final String TABLE = "MarketDataTable";

    final MarketStubServer stub;
    final FakeTicker ticker = new FakeTicker();
    final List<IngestSummary> reports = new CopyOnWriteArrayList<>();
    /** What the runs published, in order. */
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();

    IngestFixture(MarketStubServer stub) {
        this.stub = stub;
        overrides.put("BINANCE_BASE_URL", stub.baseUri().toString());
        overrides.put("YAHOO_BASE_URL", stub.baseUri().toString());
        overrides.put("PROVIDER_REQUEST_TIMEOUT", "PT2S");
        overrides.put("PROVIDER_BACKOFF_BASE", "PT0.05S");
        overrides.put("PROVIDER_BACKOFF_MAX", "PT0.2S");
        overrides.put("PROVIDER_MAX_RETRY_AFTER", "PT5S");
        overrides.put("INGEST_DEADLINE_MARGIN", "PT5S");
    }

    static MarketStubServer startStub() {
        return MarketStubServer.start(Repository.path("data/market"), 0);
    }

    /** An empty market table and a stub without faults or counts, and a fixture paging 100 bars a request. */
    static IngestFixture fresh(MarketStubServer stub) {
        LocalDynamoDb.truncate(TABLE);
        stub.faults().clear();
        stub.resetCounters();
        return new IngestFixture(stub).set("INGEST_PAGE_LIMIT", "100");
    }

    IngestFixture set(String name, String value) {
        overrides.put(name, value);
        return this;
    }

    static Environment environment(Map<String, String> overrides, Instant now) {
        Map<String, String> variables = new LinkedHashMap<>(LocalDynamoDb.environment("MarketIngestFunction"));
        variables.putAll(overrides);
        return new Environment(variables, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A fresh function instance (as after a cold start) whose clock reads {@code now}; the stub's clock follows. */
    IngestHandler handler(Instant now) {
        stub.now(now);
        return new IngestHandler(environment(overrides, now), ticker, reports::add, events::addAll);
    }

    /** The same, with {@code interceptors} (e.g. {@code DynamoFaults}) on its DynamoDB client. */
    IngestHandler handler(Instant now, List<ExecutionInterceptor> interceptors) {
        stub.now(now);
        Environment env = environment(overrides, now);
        IngestConfig config = IngestConfig.from(env);
        return new IngestHandler(MarketServices.createIngest(config,
                DynamoDbClients.enhanced(DynamoDbClients.create(env, interceptors)), env.clock(), ticker, reports::add,
                new CandleEventViews(events::addAll)), config.deadlineMargin());
    }

    IngestSummary run(IngestHandler handler, String input) {
        return run(handler, input, new TestContext("MarketIngestFunction", 120_000));
    }

    IngestSummary run(IngestHandler handler, String input, Context context) {
        int before = reports.size();
        try {
            handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (reports.size() != before + 1) {
            throw new AssertionError("the run did not report exactly one summary");
        }
        return reports.getLast();
    }

    static DynamoDbEnhancedClient client() {
        return DynamoDbClients.enhanced(DynamoDbClients.create(environment(Map.of(), Instant.EPOCH)));
    }

    static List<Candle> stored(String symbol, Interval interval) {
        return new CandleRepository(client(), TABLE).between(symbol, interval, Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z"));
    }

    /** Every item of the market table, in key order: "nothing changed" means this is equal before and after. */
    static List<Map<String, AttributeValue>> snapshot() {
        return LocalDynamoDb.items(TABLE);
    }

    /** A Lambda context whose remaining time drops below the deadline margin after {@code calls} reads. */
    static Context expiringAfter(int calls) {
        AtomicInteger reads = new AtomicInteger();
        return new ExpiringContext(() -> reads.incrementAndGet() > calls, 1_000);
    }

    /** A Lambda context whose remaining time drops below the deadline margin once {@code expired} holds. */
    static Context expiringOnce(BooleanSupplier expired) {
        return new ExpiringContext(expired, 1_000);
    }

    /** A Lambda context that has {@code millis} left from the start. */
    static Context remaining(int millis) {
        return new ExpiringContext(() -> true, millis);
    }
}
