package dev.tradewind.local.template;

/** One HTTP API route of a function; {@code authorized} is false only for routes that opt out of the authorizer. */
public record HttpRoute(String functionLogicalId, String eventName, String method, String path, boolean authorized) {

    /** The route key API Gateway puts in the event, e.g. {@code GET /v1/assets/{symbol}}. */
    public String routeKey() {
        return method + " " + path;
    }
}
