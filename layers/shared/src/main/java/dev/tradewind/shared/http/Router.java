package dev.tradewind.shared.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Dispatches on the HTTP API route key (e.g. {@code GET /v1/assets/{symbol}}), which API Gateway puts in every
 * payload 2.0 event, so the routes here and the routes in template.yaml are the same strings and can be compared.
 */
public final class Router {

    private final Map<String, Route> routes;

    private Router(Map<String, Route> routes) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<String> routeKeys() {
        return routes.keySet();
    }

    Route find(String routeKey) {
        return routeKey == null ? null : routes.get(routeKey);
    }

    /** A route and the largest body it accepts. */
    record Route(RouteHandler handler, int maxBodyBytes) {
    }

    public static final class Builder {
        private final Map<String, Route> routes = new LinkedHashMap<>();

        public Builder get(String path, RouteHandler handler) {
            return route("GET " + path, handler, ApiRequest.DEFAULT_MAX_BODY_BYTES);
        }

        public Builder post(String path, RouteHandler handler) {
            return route("POST " + path, handler, ApiRequest.DEFAULT_MAX_BODY_BYTES);
        }

        public Builder post(String path, int maxBodyBytes, RouteHandler handler) {
            return route("POST " + path, handler, maxBodyBytes);
        }

        public Builder put(String path, RouteHandler handler) {
            return route("PUT " + path, handler, ApiRequest.DEFAULT_MAX_BODY_BYTES);
        }

        public Builder patch(String path, int maxBodyBytes, RouteHandler handler) {
            return route("PATCH " + path, handler, maxBodyBytes);
        }

        public Builder delete(String path, RouteHandler handler) {
            return route("DELETE " + path, handler, ApiRequest.DEFAULT_MAX_BODY_BYTES);
        }

        public Builder delete(String path, int maxBodyBytes, RouteHandler handler) {
            return route("DELETE " + path, handler, maxBodyBytes);
        }

        private Builder route(String routeKey, RouteHandler handler, int maxBodyBytes) {
            if (routes.putIfAbsent(routeKey, new Route(handler, maxBodyBytes)) != null) {
                throw new IllegalStateException("Route declared twice: " + routeKey);
            }
            return this;
        }

        public Router build() {
            return new Router(routes);
        }
    }
}
