package dev.tradewind.realtime.service;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The realtime fan-out's configuration, read once at init: a function of its own, with its own variables.
 *
 * @param realtimeTable     the subscriptions, read through the {@code ByChannel} index; a gone connection's items
 *                          are deleted ({@code REALTIME_TABLE})
 * @param usersTable        {@code USERS_TABLE}: the sign-in sessions a private push checks are still active (read
 *                          only, one GetItem per session)
 * @param websocketEndpoint {@code WEBSOCKET_ENDPOINT}: the WebSocket API's Management API,
 *                          {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}} (the local runtime's own
 *                          emulation locally)
 * @param eventBudget       {@code FANOUT_EVENT_BUDGET} (ISO-8601, default PT20S): the most time one event's deliveries
 *                          take; what is not delivered by then is dropped and counted
 * @param metricsNamespace  {@code POWERTOOLS_METRICS_NAMESPACE} (default Tradewind): where the delivery counts go
 */
public record FanOutConfig(String realtimeTable, String usersTable, URI websocketEndpoint, Duration eventBudget,
                           String metricsNamespace) {

    public static final Duration DEFAULT_EVENT_BUDGET = Duration.ofSeconds(20);

    public static FanOutConfig from(Environment env) {
        Duration budget = env.getDuration("FANOUT_EVENT_BUDGET", DEFAULT_EVENT_BUDGET);
        if (budget.compareTo(Duration.ofSeconds(1)) < 0 || budget.compareTo(Duration.ofMinutes(14)) > 0) {
            throw new ConfigException("FANOUT_EVENT_BUDGET must be between PT1S and PT14M, was " + budget);
        }
        return new FanOutConfig(env.require("REALTIME_TABLE"), env.require("USERS_TABLE"),
                endpoint(env.require("WEBSOCKET_ENDPOINT")), budget,
                env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"));
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below, with the value.
        }
        throw new ConfigException("WEBSOCKET_ENDPOINT must be an http(s) URL such as"
                + " https://{api}.execute-api.{region}.amazonaws.com/{stage}, was '" + value + "'");
    }
}
