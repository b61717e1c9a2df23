package dev.tradewind.realtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.realtime.domain.Channel;
import dev.tradewind.realtime.domain.Push;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.validation.FieldRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bus's domain events (docs/realtime.md#events) as the messages the WebSocket API pushes:
 * {@code {"type", "channel", "eventId", "messageId", "data"}}, with {@code eventId} the EventBridge event's
 * {@code id}, {@code messageId} that id and the message's position in the event, and {@code data} the event's view
 * unchanged.
 * <pre>
 * CandlesClosed.v1      each series   → candles:&lt;symbol&gt;:&lt;interval&gt;   candle    its candle
 * ForecastsComputed.v1  each forecast → forecast:&lt;symbol&gt;:&lt;interval&gt;  forecast  its forecast
 *                                     → signals:&lt;assetClass&gt;            signal    its signal
 * OrderFilled.v1                      → me (the order's user only)       fill       the order
 * OrderEnded.v1                       → me                               orderEnded the order
 * CooldownStarted.v1                  → me                               cooldown   the cooldown
 * </pre>
 * An event of another type or source, or without an id, is ignored, and so is an entry without what its message
 * needs (counted as skipped): neither is worth a failed invocation and its retry.
 */
public final class BusEvents {

    /** The source each detail type comes from; the bus rule admits nothing else, and nothing else is trusted. */
    static final Map<String, String> SOURCES = Map.of(
            "CandlesClosed.v1", "tradewind.market-ingest",
            "ForecastsComputed.v1", "tradewind.predict",
            "OrderFilled.v1", "tradewind.trading-session",
            "OrderEnded.v1", "tradewind.trading-session",
            "CooldownStarted.v1", "tradewind.analyze-behavior");

    /**
     * The functions' mapper, keeping every decimal exactly as written: a tree would otherwise strip trailing zeros
     * ({@code 0.00} becoming {@code 0}), and {@code data} would no longer read as the HTTP route answers it.
     */
    private static final ObjectReader READER = Json.mapper().reader()
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private BusEvents() {
    }

    /** The event's bytes as the function reads them; null if they are not JSON. */
    static JsonNode read(byte[] event) {
        try {
            return READER.readTree(event);
        } catch (IOException e) {
            return null;
        }
    }

    public static Decoded decode(byte[] event) {
        return decode(read(event));
    }

    /**
     * An event's messages.
     *
     * @param detailType the event's, or null when it has none
     * @param skipped    entries of the event without what their message needs
     * @param ignored    why the whole event was ignored ({@code NOT_AN_EVENT}, {@code UNKNOWN_DETAIL_TYPE},
     *                   {@code UNEXPECTED_SOURCE}, {@code NO_ID}, {@code NO_DETAIL}); null when it was not
     */
    public record Decoded(String detailType, List<Push> pushes, int skipped, String ignored) {

        static Decoded ignored(String detailType, String reason) {
            return new Decoded(detailType, List.of(), 0, reason);
        }
    }

    static Decoded decode(JsonNode event) {
        if (event == null || !event.isObject()) {
            return Decoded.ignored(null, "NOT_AN_EVENT");
        }
        String detailType = text(event, "detail-type").orElse(null);
        String expectedSource = detailType == null ? null : SOURCES.get(detailType);
        if (expectedSource == null) {
            return Decoded.ignored(detailType, "UNKNOWN_DETAIL_TYPE");
        }
        if (!expectedSource.equals(text(event, "source").orElse(null))) {
            return Decoded.ignored(detailType, "UNEXPECTED_SOURCE");
        }
        // EventBridge delivers at least once: the id is what lets a client recognise a message it already has.
        Optional<String> eventId = text(event, "id");
        if (eventId.isEmpty()) {
            return Decoded.ignored(detailType, "NO_ID");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            return Decoded.ignored(detailType, "NO_DETAIL");
        }
        Messages messages = new Messages(eventId.get());
        switch (detailType) {
            case "CandlesClosed.v1" -> candles(detail, messages);
            case "ForecastsComputed.v1" -> forecasts(detail, messages);
            case "OrderFilled.v1" -> own(detail, "order", "fill", messages);
            case "OrderEnded.v1" -> own(detail, "order", "orderEnded", messages);
            case "CooldownStarted.v1" -> own(detail, "cooldown", "cooldown", messages);
            default -> throw new IllegalStateException("no mapping for " + detailType);
        }
        return new Decoded(detailType, List.copyOf(messages.pushes), messages.skipped, null);
    }

    private static void candles(JsonNode detail, Messages messages) {
        Optional<Interval> interval = text(detail, "interval").flatMap(Interval::parse);
        for (JsonNode series : entries(detail, "series", messages)) {
            Optional<String> symbol = symbol(series);
            JsonNode candle = series.get("candle");
            if (interval.isEmpty() || symbol.isEmpty() || candle == null || !candle.isObject()) {
                messages.skipped++;
                continue;
            }
            messages.add(new Channel.Candles(symbol.get(), interval.get()), "candle", candle);
        }
    }

    private static void forecasts(JsonNode detail, Messages messages) {
        Optional<Interval> interval = text(detail, "interval").flatMap(Interval::parse);
        for (JsonNode entry : entries(detail, "forecasts", messages)) {
            Optional<String> symbol = symbol(entry);
            Optional<AssetClass> assetClass = text(entry, "assetClass").flatMap(AssetClass::parse);
            JsonNode forecast = entry.get("forecast");
            JsonNode signal = entry.get("signal");
            if (interval.isEmpty() || symbol.isEmpty() || assetClass.isEmpty() || forecast == null
                    || !forecast.isObject() || signal == null || !signal.isObject()) {
                messages.skipped++;
                continue;
            }
            messages.add(new Channel.Forecast(symbol.get(), interval.get()), "forecast", forecast);
            messages.add(new Channel.Signals(assetClass.get()), "signal", signal);
        }
    }

    /** A user's own event: only the connections of that user subscribed to {@code me} get it. */
    private static void own(JsonNode detail, String field, String type, Messages messages) {
        Optional<String> userId = text(detail, "userId").filter(FieldRules::isText);
        JsonNode data = detail.get(field);
        if (userId.isEmpty() || data == null || !data.isObject()) {
            messages.skipped++;
            return;
        }
        messages.pushes.add(new Push(Channel.meKey(userId.get()),
                message(type, Channel.Me.NAME, messages.eventId, messages.nextMessageId(), data)));
    }

    private static List<JsonNode> entries(JsonNode detail, String field, Messages messages) {
        JsonNode array = detail.get(field);
        if (array == null || !array.isArray()) {
            messages.skipped++;
            return List.of();
        }
        List<JsonNode> entries = new ArrayList<>();
        array.forEach(entries::add);
        return entries;
    }

    private static Optional<String> symbol(JsonNode entry) {
        return text(entry, "symbol").filter(FieldRules::isSymbol);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText())
                : Optional.empty();
    }

    /** {@code {"type", "channel", "eventId", "messageId", "data"}}, {@code data} as the event carries it. */
    static String message(String type, String channel, String eventId, String messageId, JsonNode data) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("type", type);
        message.put("channel", channel);
        message.put("eventId", eventId);
        message.put("messageId", messageId);
        message.set("data", data);
        return Json.write(message);
    }

    private static final class Messages {
        final String eventId;
        final List<Push> pushes = new ArrayList<>();
        int skipped;

        Messages(String eventId) {
            this.eventId = eventId;
        }

        /**
         * The next message's id: one event makes several messages (a candle per symbol, a forecast and its signal),
         * so the event's id alone cannot tell a repeat from the next message; its position can, the same on every
         * delivery of the event.
         */
        String nextMessageId() {
            return eventId + ":" + pushes.size();
        }

        /** A channel of everyone's: its index key is its name. */
        void add(Channel channel, String type, JsonNode data) {
            pushes.add(new Push(channel.name(), message(type, channel.name(), eventId, nextMessageId(), data)));
        }
    }
}
