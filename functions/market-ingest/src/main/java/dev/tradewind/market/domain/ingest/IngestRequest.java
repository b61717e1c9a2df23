package dev.tradewind.market.domain.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The input an EventBridge schedule gives the ingest function:
 * {@code {"universe": "crypto-1h", "shard": 0, "shards": 4, "backfill": "P90D"}}. {@code shard}/{@code shards}
 * split a large universe across several schedules (default 0 of 1); {@code backfill} overrides the universe's
 * backfill window (how far back a series must reach; deeper history is fetched once).
 */
public record IngestRequest(String universe, int shard, int shards, Optional<Duration> backfill) {

    public static final Duration MAX_BACKFILL = Duration.ofDays(3660);
    public static final int MAX_SHARDS = 64;

    private record Wire(String universe, Integer shard, Integer shards, String backfill) {
    }

    /** @throws IllegalArgumentException naming what is wrong with the input */
    public static IngestRequest parse(byte[] json) {
        Wire wire;
        try {
            wire = Json.strictReader().forType(Wire.class).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ingest input must be {\"universe\": ..., \"shard\": n, \"shards\": n, "
                    + "\"backfill\": \"P60D\"}: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("ingest input cannot be read: " + e.getMessage());
        }
        if (wire == null || wire.universe() == null || wire.universe().isBlank()) {
            throw new IllegalArgumentException("ingest input needs a universe, e.g. {\"universe\": \"crypto-1h\"}");
        }
        int shards = wire.shards() == null ? 1 : wire.shards();
        int shard = wire.shard() == null ? 0 : wire.shard();
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS);
        }
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard must be between 0 and shards - 1 (" + (shards - 1) + ")");
        }
        Optional<Duration> backfill = Optional.empty();
        if (wire.backfill() != null) {
            try {
                backfill = Optional.of(Duration.parse(wire.backfill()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("backfill must be an ISO-8601 duration such as P60D or PT48H");
            }
            if (!backfill.get().isPositive() || backfill.get().compareTo(MAX_BACKFILL) > 0) {
                throw new IllegalArgumentException("backfill must be positive and at most " + MAX_BACKFILL.toDays() + " days");
            }
        }
        return new IngestRequest(wire.universe().trim(), shard, shards, backfill);
    }

    public static IngestRequest of(String universe) {
        return new IngestRequest(universe, 0, 1, Optional.empty());
    }

    public IngestRequest withBackfill(Duration value) {
        return new IngestRequest(universe, shard, shards, Optional.of(value));
    }

    public IngestRequest withShard(int index, int count) {
        return new IngestRequest(universe, index, count, backfill);
    }
}
