package dev.tradewind.realtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.realtime.domain.Push;
import dev.tradewind.testing.HttpEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bus's sample events (events/realtime) as the messages the WebSocket API pushes. */
class BusEventsTest {

    private static final String USER = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";

    /** A sample event read as the function reads it (decimals kept as written). */
    static ObjectNode sample(String name) {
        return (ObjectNode) BusEvents.read(HttpEvent.Events.bytes("realtime/" + name));
    }

    private static JsonNode read(String text) {
        return BusEvents.read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMessage(Push push, String key, String type, String channel, JsonNode data) {
        assertEquals(key, push.channelKey());
        JsonNode message = read(push.message());
        assertEquals(List.of("type", "channel", "eventId", "messageId", "data"), fieldNames(message));
        assertEquals(type, message.get("type").asText());
        assertEquals(channel, message.get("channel").asText());
        assertEquals(data, message.get("data"), "data is the event's view unchanged");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void candlesClosed_isACandlePerSeries_onItsSymbolsChannel() {
        ObjectNode event = sample("candles-closed.json");
        BusEvents.Decoded decoded = BusEvents.decode(event);

        assertNull(decoded.ignored());
        assertEquals("CandlesClosed.v1", decoded.detailType());
        assertEquals(0, decoded.skipped());
        JsonNode series = event.get("detail").get("series");
        assertEquals(3, decoded.pushes().size());
        String[] symbols = {"BNBUSDT", "BTCUSDT", "ETHUSDT"};
        for (int i = 0; i < symbols.length; i++) {
            String channel = "candles:" + symbols[i] + ":1h";
            assertMessage(decoded.pushes().get(i), channel, "candle", channel, series.get(i).get("candle"));
        }
        assertTrue(decoded.pushes().get(1).message().contains("\"volume\":20458.338"),
                decoded.pushes().get(1).message());
        assertTrue(decoded.pushes().get(0).message().contains("\"volume\":50893.24}"));
    }

    @Test
    void forecastsComputed_isTheForecastOnItsChannel_andTheSignalOnItsClasssChannel() {
        ObjectNode event = sample("forecasts-computed.json");
        BusEvents.Decoded decoded = BusEvents.decode(event);

        JsonNode entry = event.get("detail").get("forecasts").get(0);
        assertEquals(2, decoded.pushes().size());
        assertMessage(decoded.pushes().get(0), "forecast:BTCUSDT:1h", "forecast", "forecast:BTCUSDT:1h",
                entry.get("forecast"));
        assertMessage(decoded.pushes().get(1), "signals:crypto", "signal", "signals:crypto", entry.get("signal"));
        assertTrue(decoded.pushes().get(0).message().contains("\"high\":48589.09660"), "decimals as written");
    }

    @Test
    void ordersAndCooldowns_goToTheirUsersOwnChannelOnly() {
        String[][] cases = {{"order-filled.json", "fill", "order"}, {"order-ended.json", "orderEnded", "order"},
            {"cooldown-started.json", "cooldown", "cooldown"}};
        for (String[] c : cases) {
            ObjectNode event = sample(c[0]);
            BusEvents.Decoded decoded = BusEvents.decode(event);
            assertEquals(1, decoded.pushes().size(), c[0]);
            assertMessage(decoded.pushes().getFirst(), "me#" + USER, c[1], "me", event.get("detail").get(c[2]));
        }
        assertTrue(BusEvents.decode(sample("order-filled.json")).pushes().getFirst().message()
                .contains("\"realizedPnl\":0.00"));
    }

    @Test
    void everyMessageOfAnEvent_carriesTheEventsId_andItsOwnMessageId_soARedeliveryIsRecognisable() {
        for (String name : List.of("candles-closed.json", "forecasts-computed.json", "order-filled.json",
                "order-ended.json", "cooldown-started.json")) {
            ObjectNode event = sample(name);
            List<Push> pushes = BusEvents.decode(event).pushes();
            assertTrue(!pushes.isEmpty(), name);
            for (int i = 0; i < pushes.size(); i++) {
                JsonNode message = read(pushes.get(i).message());
                assertEquals(event.get("id").asText(), message.get("eventId").asText(), name);
                assertEquals(event.get("id").asText() + ":" + i, message.get("messageId").asText(), name);
            }
            assertEquals(pushes, BusEvents.decode(sample(name)).pushes(), "the same event again: the same messages");
        }
    }

    @Test
    void eventWithoutAnId_isIgnored() {
        ObjectNode anonymous = sample("order-filled.json");
        anonymous.remove("id");
        assertEquals("NO_ID", BusEvents.decode(anonymous).ignored());
        assertEquals("NO_ID", BusEvents.decode(sample("order-filled.json").put("id", " ")).ignored());
        assertTrue(BusEvents.decode(anonymous).pushes().isEmpty());
    }

    @Test
    void anotherUsersEvent_isKeyedToThatUser() {
        ObjectNode event = sample("order-filled.json");
        ((ObjectNode) event.get("detail")).put("userId", "01JGXQ9Z0A1B2C3D4E5F6G7H8J");
        assertEquals("me#01JGXQ9Z0A1B2C3D4E5F6G7H8J", BusEvents.decode(event).pushes().getFirst().channelKey());
    }

    @Test
    void unknownDetailType_orUnexpectedSource_isIgnored() {
        ObjectNode unknown = sample("order-filled.json").put("detail-type", "OrderFilled.v2");
        assertEquals("UNKNOWN_DETAIL_TYPE", BusEvents.decode(unknown).ignored());
        assertEquals("OrderFilled.v2", BusEvents.decode(unknown).detailType());
        ObjectNode untyped = sample("order-filled.json");
        untyped.remove("detail-type");
        assertEquals("UNKNOWN_DETAIL_TYPE", BusEvents.decode(untyped).ignored());

        ObjectNode forged = sample("order-filled.json").put("source", "tradewind.predict");
        assertEquals("UNEXPECTED_SOURCE", BusEvents.decode(forged).ignored());
        assertTrue(BusEvents.decode(forged).pushes().isEmpty());
    }

    @Test
    void notAnEvent_orNoDetail_isIgnored() {
        assertEquals("NOT_AN_EVENT", BusEvents.decode("{not json".getBytes(StandardCharsets.UTF_8)).ignored());
        assertEquals("NOT_AN_EVENT", BusEvents.decode(new byte[0]).ignored());
        assertEquals("NOT_AN_EVENT", BusEvents.decode(read("[1, 2]")).ignored());
        assertEquals("NO_DETAIL", BusEvents.decode(sample("candles-closed.json").put("detail", "text")).ignored());
    }

    @Test
    void entriesWithoutWhatTheirMessageNeeds_areSkipped_andTheRestSent() {
        ObjectNode event = sample("candles-closed.json");
        ArrayNode series = (ArrayNode) event.get("detail").get("series");
        ((ObjectNode) series.get(0)).remove("candle");
        ((ObjectNode) series.get(2)).put("symbol", "eth usdt");
        BusEvents.Decoded decoded = BusEvents.decode(event);
        assertEquals(2, decoded.skipped());
        assertEquals(List.of("candles:BTCUSDT:1h"), decoded.pushes().stream().map(Push::channelKey).toList());

        ObjectNode badInterval = sample("forecasts-computed.json");
        ((ObjectNode) badInterval.get("detail")).put("interval", "5m");
        assertEquals(1, BusEvents.decode(badInterval).skipped());
        assertTrue(BusEvents.decode(badInterval).pushes().isEmpty());

        ObjectNode noUser = sample("order-filled.json");
        ((ObjectNode) noUser.get("detail")).remove("userId");
        assertEquals(1, BusEvents.decode(noUser).skipped());
        assertTrue(BusEvents.decode(noUser).pushes().isEmpty(), "an order without its user goes to nobody");

        ObjectNode noSeries = sample("candles-closed.json");
        ((ObjectNode) noSeries.get("detail")).remove("series");
        assertEquals(1, BusEvents.decode(noSeries).skipped());
    }
}
