package dev.tradewind.local.gateway;

import org.eclipse.jetty.websocket.api.Session;

/** Decides the WebSocket upgrades of {@link LocalHttpServer#WEBSOCKET_PATH}: a refusal or a new connection. */
public interface WebSocketEndpoint {

    /** Runs while the upgrade request waits; the refusal is sent as its HTTP response. */
    Upgrade upgrade(GatewayRequest request);

    /** Exactly one of: the HTTP error response that refuses the upgrade, or the listener of the connection. */
    record Upgrade(GatewayResponse refusal, Session.Listener listener) {

        public static Upgrade refused(GatewayResponse response) {
            return new Upgrade(response, null);
        }

        public static Upgrade accepted(Session.Listener listener) {
            return new Upgrade(null, listener);
        }
    }
}
