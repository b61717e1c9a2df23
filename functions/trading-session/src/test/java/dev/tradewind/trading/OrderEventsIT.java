package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.json.Json;
import dev.tradewind.testing.HttpResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OrderFilled and OrderEnded once an order's transaction commits (docs/realtime.md#events): at placement, when a
 * resting order meets its candle, on cancel and on stop; never for a refusal, a replay, a backtest or an import.
 */
class OrderEventsIT {

    /** How HttpResult reads bodies; event details are read the same way to compare them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi(TradingApi.DEFAULT_START, events::addAll);
    }

    private static JsonNode detail(DomainEvent event) {
        try {
            return JSON.readTree(Json.write(event.detail()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode orderFromTheRoute(String sessionId, String orderId) {
        HttpResult result = api.orderGet("get-order", "u1", sessionId, orderId);
        assertEquals(200, result.status(), result.toString());
        return result.body();
    }

    /** The one event published since the last call, which must be {@code type} for that order as the route shows it. */
    private void assertPublished(String type, String sessionId, String orderId) {
        assertEquals(1, events.size(), events.toString());
        DomainEvent event = events.removeFirst();
        assertEquals("tradewind.trading-session", event.source());
        assertEquals(type, event.detailType());
        JsonNode detail = detail(event);
        assertEquals(List.of("userId", "sessionId", "order"), fieldNames(detail));
        assertEquals("u1", detail.get("userId").asText());
        assertEquals(sessionId, detail.get("sessionId").asText());
        assertEquals(orderFromTheRoute(sessionId, orderId), detail.get("order"));
    }

    @Test
    void marketOrder_filledAtPlacement_publishesOrderFilled_withTheOrderAsTheOrderRouteAnswersIt() {
        String sessionId = api.session("u1");

        JsonNode placed = api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));

        assertEquals("FILLED", placed.get("status").asText());
        assertPublished("OrderFilled.v1", sessionId, placed.get("id").asText());
    }

    @Test
    void replayedPlacement_publishesNothing() {
        String sessionId = api.session("u1");
        HttpResult first = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));
        events.clear();

        HttpResult replay = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));

        assertEquals(201, replay.status());
        assertEquals("true", replay.headers().get("idempotent-replayed"));
        assertEquals(first.body(), replay.body());
        assertEquals(List.of(), events);
    }

    @Test
    void refusedPlacement_andARestingOrder_publishNothing() {
        String sessionId = api.session("u1", TradingApi.paperSession("1000", ""));

        assertEquals(422, api.order("u1", sessionId, market("BTCUSDT", "BUY", "1")).status());
        assertEquals("OPEN", api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.01", "40000"))
                .get("status").asText());

        assertEquals(List.of(), events);
    }

    @Test
    void iocLimitThatCannotFill_publishesOrderEnded_expired() {
        String sessionId = api.session("u1");

        JsonNode order = api.placed("u1", sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\","
                + "\"type\":\"LIMIT\",\"limitPrice\":\"40000\",\"timeInForce\":\"IOC\"}");

        assertEquals("EXPIRED", order.get("status").asText());
        assertPublished("OrderEnded.v1", sessionId, order.get("id").asText());
    }

    @Test
    void restingOrder_filledWhenItsCandleIsEvaluated_publishesOrderFilledOnce() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "46900")).get("id").asText();
        assertEquals(List.of(), events);

        // The 15:00 candle (low 46845) reaches 46900 and closes at 16:00; any read of the session evaluates it.
        api.clock.set(Instant.parse("2022-01-04T16:00:00Z"));
        api.portfolio("u1", sessionId);

        assertPublished("OrderFilled.v1", sessionId, orderId);
        api.portfolio("u1", sessionId);
        assertEquals(List.of(), events, "evaluated once, published once");
    }

    @Test
    void restingBuy_rejectedWhenItWouldFill_publishesOrderEnded_rejected() {
        String sessionId = api.session("u1", TradingApi.paperSession("10000", ""));
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.2", "46900")).get("id").asText();
        api.placed("u1", sessionId, market("AAPL", "BUY", "40"));
        events.clear();

        api.clock.set(Instant.parse("2022-01-04T17:00:00Z"));
        api.sessionView("u1", sessionId);

        assertPublished("OrderEnded.v1", sessionId, orderId);
    }

    @Test
    void cancel_publishesOrderEnded_andACancelRefusedPublishesNothing() {
        String sessionId = api.session("u1");
        String orderId = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000")).get("id").asText();

        HttpResult cancelled = api.orderGet("cancel-order", "u1", sessionId, orderId);

        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals(cancelled.body(), detail(events.getFirst()).get("order"));
        assertPublished("OrderEnded.v1", sessionId, orderId);
        assertEquals(409, api.orderGet("cancel-order", "u1", sessionId, orderId).status());
        assertEquals(List.of(), events);
    }

    @Test
    void stop_publishesOrderEndedForEveryRestingOrder_andStoppingAgainNothing() {
        String sessionId = api.session("u1");
        String first = api.placed("u1", sessionId, limit("BTCUSDT", "BUY", "0.1", "40000")).get("id").asText();
        String second = api.placed("u1", sessionId, limit("ETHUSDT", "BUY", "1", "3000")).get("id").asText();

        assertEquals(200, api.sessionGet("stop-session", "u1", sessionId).status());

        assertEquals(2, events.size(), events.toString());
        // Both placed in the same millisecond of the test clock: their ids (and so the order they are read in) differ
        // only by the random part.
        assertEquals(Set.of(first, second), events.stream().map(e -> detail(e).at("/order/id").asText())
                .collect(Collectors.toSet()));
        for (DomainEvent event : events) {
            assertEquals("OrderEnded.v1", event.detailType());
            assertEquals("SESSION_STOPPED", detail(event).at("/order/statusReason").asText());
        }
        events.clear();
        assertEquals(200, api.sessionGet("stop-session", "u1", sessionId).status());
        assertEquals(List.of(), events);
    }

    @Test
    void backtestsAndImports_publishNothing() {
        HttpResult backtest = api.invoke(TradingApi.event("create-backtest", "u1"));
        HttpResult imported = api.invoke(TradingApi.event("import-trades-json", "u1"));

        assertEquals(201, backtest.status(), backtest.toString());
        assertEquals(200, imported.status(), imported.toString());
        assertEquals(List.of(), events);
    }

    @Test
    void aPublisherThatFails_failsNoRequest_andTheOrderStands() {
        api = new TradingApi(TradingApi.DEFAULT_START, published -> {
            throw new IllegalStateException("the bus is gone");
        });
        String sessionId = api.session("u1");

        HttpResult placed = api.order("u1", sessionId, market("BTCUSDT", "BUY", "0.1"));

        assertEquals(201, placed.status(), placed.toString());
        assertEquals("FILLED", orderFromTheRoute(sessionId, placed.body().get("id").asText()).get("status").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
