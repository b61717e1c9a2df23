package dev.tradewind.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;

/** Minimal payload 2.0 events for testing the HTTP mechanism itself; function tests use the files in events/. */
final class HttpEvents {

    private HttpEvents() {
    }

    static APIGatewayV2HTTPEvent event(String routeKey, String body) {
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(routeKey.substring(0, routeKey.indexOf(' ')));
        http.setSourceIp("203.0.113.7");
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRequestId("req-1");
        context.setHttp(http);
        var event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(routeKey);
        event.setRequestContext(context);
        event.setHeaders(new HashMap<>(Map.of("content-type", "application/json")));
        event.setBody(body);
        return event;
    }

    static APIGatewayV2HTTPEvent withUser(APIGatewayV2HTTPEvent event, String userId) {
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setLambda(Map.of("userId", userId));
        event.getRequestContext().setAuthorizer(authorizer);
        return event;
    }
}
