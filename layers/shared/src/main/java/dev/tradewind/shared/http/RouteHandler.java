package dev.tradewind.shared.http;

/** Serves one route: decode what the route needs from the request, call one service method, map the result. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request);

    /**
     * Serves {@code route} only to a caller the authorizer established (401 otherwise), for private routes whose
     * answer is nobody's own data and so never ask for the caller themselves: the authorizer refuses them first, and
     * this refuses them too when the function is reached without it.
     */
    static RouteHandler callerOnly(RouteHandler route) {
        return request -> {
            request.userId();
            return route.handle(request);
        };
    }
}
