package dev.tradewind.local.template;

import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::ApiGatewayV2::Api} with {@code ProtocolType: WEBSOCKET}, with its routes (each resolved through its
 * integration to a function), the REQUEST authorizer of {@code $connect}, and its one stage.
 *
 * @param apiId                what {@code !Ref} of the API answers here, used in events and ARNs as API Gateway's id
 * @param selectionPath        the body field {@code RouteSelectionExpression} names ({@code $request.body.action}:
 *                             {@code [action]})
 */
public record WebSocketApiDefinition(String logicalId, String apiId, String stage, List<String> selectionPath,
                                     Map<String, Route> routes) {

    /**
     * @param twoWay     the route has a {@code $default} RouteResponse: the function's answer goes back to the caller
     * @param authorizer the route's CUSTOM authorizer, or null
     */
    public record Route(String routeKey, String functionLogicalId, boolean twoWay, Authorizer authorizer) {
    }

    /** A REQUEST authorizer: its function and identity sources ({@code route.request.querystring.token}). */
    public record Authorizer(String logicalId, String functionLogicalId, List<String> identitySources) {
    }
}
