package dev.tradewind.market;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The ingest function configured as local/env.json configures it: every universe replayed from data/market. */
final class ReplayFixture {

    /** Five minutes into the local runtime's default replay start. */
    static final Instant REPLAY_NOW = Instant.parse("2022-01-03T00:05:00Z");

    final List<IngestSummary> reports = new CopyOnWriteArrayList<>();

    IngestHandler handler(Instant now) {
        Map<String, String> vars = new LinkedHashMap<>(LocalDynamoDb.environment("MarketIngestFunction"));
        vars.put("MARKET_SOURCE", "replay");
        vars.put("MARKET_REPLAY_DIR", Repository.path("data/market").toString());
        return new IngestHandler(new Environment(vars, Clock.fixed(now, ZoneOffset.UTC)), new FakeTicker(), reports::add,
                null);
    }

    /** Runs {@code handler} on a sample schedule event from events/ and returns its summary. */
    IngestSummary run(IngestHandler handler, String event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(HttpEvent.Events.bytes(event)), new ByteArrayOutputStream(),
                    new TestContext("MarketIngestFunction", 300_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reports.getLast();
    }
}
