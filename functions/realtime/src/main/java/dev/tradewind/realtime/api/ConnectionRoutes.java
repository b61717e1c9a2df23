package dev.tradewind.realtime.api;

import dev.tradewind.realtime.service.ConnectionService;
import dev.tradewind.shared.http.ApiException;

/** The WebSocket API's routes (docs/realtime.md#websocket-api), each turning its event into one service call. */
public final class ConnectionRoutes {

    private final ConnectionService service;

    public ConnectionRoutes(ConnectionService service) {
        this.service = service;
    }

    /** The authorizer let the caller in; without its user (a route wired without it) nobody is. */
    public Answer connect(WebSocketEvent event) {
        if (event.userId() == null) {
            throw ApiException.unauthorized("A connection needs an access token");
        }
        service.connect(event.connectionId(), event.userId(), event.sessionId());
        return Answer.ok();
    }

    public Answer disconnect(WebSocketEvent event) {
        service.disconnect(event.connectionId());
        return Answer.ok();
    }

    public Answer subscribe(WebSocketEvent event) {
        return Answer.channels("subscribed", service.subscribe(event.connectionId(),
                ChannelAction.of(event).channels()));
    }

    public Answer unsubscribe(WebSocketEvent event) {
        return Answer.channels("unsubscribed", service.unsubscribe(event.connectionId(),
                ChannelAction.of(event).channels()));
    }

    /**
     * A client's keep-alive: API Gateway closes a connection after 10 minutes without a message either way
     * (docs/realtime.md#keeping-a-connection-open), and this answer is one. It reads and writes nothing.
     */
    public Answer ping() {
        return Answer.pong();
    }

    /** {@code $default}: a message whose action is none of the API's. */
    public Answer unknownAction() {
        throw ApiException.badRequest("UNKNOWN_ACTION", "The action must be subscribe, unsubscribe or ping:"
                + " send {\"action\": \"subscribe\", \"channels\": [...]}, {\"action\": \"unsubscribe\","
                + " \"channels\": [...]} or {\"action\": \"ping\"}");
    }
}
