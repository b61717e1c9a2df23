package dev.tradewind.market.domain.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.testing.HttpEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestRequestTest {

    private static IngestRequest parse(String json) {
        return IngestRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sampleScheduleEvents_parse() {
        assertEquals(new IngestRequest("crypto-1h", 0, 1, Optional.empty()),
                IngestRequest.parse(HttpEvent.Events.bytes("market-ingest/crypto-1h.json")));
        assertEquals(Optional.of(Duration.ofDays(120)),
                IngestRequest.parse(HttpEvent.Events.bytes("market-ingest/crypto-1h-backfill.json")).backfill());
    }

    @Test
    void shardAndShardsDefaultToTheWholeUniverse() {
        IngestRequest request = parse("{\"universe\": \"stocks-1d\"}");
        assertEquals(0, request.shard());
        assertEquals(1, request.shards());
    }

    @Test
    void badInput_isRejectedWithAMessageSayingWhat() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{}")).getMessage().contains("universe"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"universe\":\"x\",\"shard\":2,\"shards\":2}"))
                .getMessage().contains("shard"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"universe\":\"x\",\"backfill\":\"60 days\"}"))
                .getMessage().contains("backfill"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"universe\":\"x\",\"backfill\":\"-P1D\"}"))
                .getMessage().contains("backfill"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"universe\":\"x\",\"extra\":1}"))
                .getMessage().contains("extra"));
        assertThrows(IllegalArgumentException.class, () -> parse("not json"));
    }
}
