package dev.tradewind.shared.http;

/** Serves one route: decode what the route needs from the request, call one service method, map the result. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request);
}
