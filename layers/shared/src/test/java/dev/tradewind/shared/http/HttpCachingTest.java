package dev.tradewind.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpCachingTest {

    private static ApiRequest request(String ifNoneMatch) {
        var event = HttpEvents.event("GET /v1/things", null);
        if (ifNoneMatch != null) {
            event.getHeaders().put("if-none-match", ifNoneMatch);
        }
        return new ApiRequest(event, "req-1", ApiRequest.DEFAULT_MAX_BODY_BYTES);
    }

    @Test
    void cacheable_answersWithAStrongEtagAndMaxAge() {
        ApiResponse response = HttpCaching.cacheable(request(null), Map.of("a", 1), Duration.ofMinutes(5));

        assertEquals(200, response.status());
        assertEquals("public, max-age=300", response.toEvent().getHeaders().get("cache-control"));
        String etag = response.headers().get("etag");
        assertEquals('"', etag.charAt(0));
        assertEquals(etag, HttpCaching.cacheable(request(null), Map.of("a", 1), Duration.ZERO).headers().get("etag"));
        assertNotEquals(etag, HttpCaching.cacheable(request(null), Map.of("a", 2), Duration.ZERO).headers()
                .get("etag"));
    }

    @Test
    void ifNoneMatch_withTheEtag_is304WithoutABody() {
        String etag = HttpCaching.cacheable(request(null), Map.of("a", 1), Duration.ofMinutes(5)).headers().get("etag");

        for (String header : new String[] {etag, "\"other\", " + etag, "W/" + etag, "*"}) {
            var event = HttpCaching.cacheable(request(header), Map.of("a", 1), Duration.ofMinutes(5)).toEvent();
            assertEquals(304, event.getStatusCode(), header);
            assertNull(event.getBody());
            assertEquals(etag, event.getHeaders().get("etag"));
            assertEquals("public, max-age=300", event.getHeaders().get("cache-control"));
        }
        assertEquals(200, HttpCaching.cacheable(request("\"other\""), Map.of("a", 1), Duration.ofMinutes(5))
                .status());
    }

    @Test
    void maxAge_isNeverNegative() {
        assertEquals("public, max-age=0", HttpCaching.cacheable(request(null), Map.of(), Duration.ofSeconds(-5))
                .headers().get("cache-control"));
    }
}
