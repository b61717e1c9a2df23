package dev.tradewind.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The WebSocket API, the event bus and the bus rules, read as template.yaml writes them. */
class RealtimeTemplateTest {

    private static final Path LOCATION = Path.of("/repo/template.yaml");

    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Runtime: java21
                AutoPublishAlias: live
            Resources:
              Bus:
                Type: AWS::Events::EventBus
                Properties:
                  Name: !Sub ${AWS::StackName}-events
              Authorizer:
                Type: AWS::Serverless::Function
                Properties: {Handler: x.Authorizer, CodeUri: fn/auth.zip}
              Realtime:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Realtime
                  CodeUri: fn/realtime.zip
                  Environment:
                    Variables:
                      BUS: !Ref Bus
                      BUS_ARN: !GetAtt Bus.Arn
                      ENDPOINT: !Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}
              FanOut:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.FanOut
                  CodeUri: fn/realtime.zip
                  Events:
                    DomainEvents:
                      Type: EventBridgeRule
                      Properties:
                        EventBusName: !Ref Bus
                        Pattern:
                          source: [tradewind.market-ingest, tradewind.predict]
                          detail-type: [CandlesClosed.v1]
                        RetryPolicy: {MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120}
                        DeadLetterConfig: {Arn: !GetAtt Dlq.Arn}
                    Defaults:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [aws.events]}
                        State: DISABLED
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: !Sub ${AWS::StackName}-realtime
                  ProtocolType: WEBSOCKET
                  RouteSelectionExpression: $request.body.action
              TokenAuthorizer:
                Type: AWS::ApiGatewayV2::Authorizer
                Properties:
                  ApiId: !Ref Api
                  AuthorizerType: REQUEST
                  AuthorizerUri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Authorizer.Alias}/invocations
                  IdentitySource: [route.request.querystring.token]
              Integration:
                Type: AWS::ApiGatewayV2::Integration
                Properties:
                  ApiId: !Ref Api
                  IntegrationType: AWS_PROXY
                  IntegrationUri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Realtime.Alias}/invocations
              ConnectRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref Api
                  RouteKey: $connect
                  AuthorizationType: CUSTOM
                  AuthorizerId: !Ref TokenAuthorizer
                  Target: !Sub integrations/${Integration}
              DisconnectRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: $disconnect, Target: !Sub "integrations/${Integration}"}
              SubscribeRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref Api
                  RouteKey: subscribe
                  RouteResponseSelectionExpression: $default
                  Target: !Join ["/", [integrations, !Ref Integration]]
              SubscribeRouteResponse:
                Type: AWS::ApiGatewayV2::RouteResponse
                Properties: {ApiId: !Ref Api, RouteId: !Ref SubscribeRoute, RouteResponseKey: $default}
              Stage:
                Type: AWS::ApiGatewayV2::Stage
                Properties: {ApiId: !Ref Api, StageName: live, AutoDeploy: true}
              Dlq:
                Type: AWS::SQS::Queue
            """;

    private final SamTemplate template = SamTemplate.parse(TEMPLATE, LOCATION, Map.of());

    @Test
    void webSocketApi_routesResolveThroughIntegrationsToFunctions() {
        WebSocketApiDefinition api = template.webSocketApi().orElseThrow();
        assertEquals("Api", api.logicalId());
        assertEquals("live", api.stage());
        assertEquals(List.of("action"), api.selectionPath());
        assertEquals(Set.of("$connect", "$disconnect", "subscribe"), api.routes().keySet());
        WebSocketApiDefinition.Route connect = api.routes().get("$connect");
        assertEquals("Realtime", connect.functionLogicalId());
        assertEquals(new WebSocketApiDefinition.Authorizer("TokenAuthorizer", "Authorizer",
                List.of("route.request.querystring.token")), connect.authorizer());
        assertFalse(connect.twoWay());
        assertNull(api.routes().get("$disconnect").authorizer());
        assertTrue(api.routes().get("subscribe").twoWay(), "a $default RouteResponse makes the route two-way");
        assertEquals("Realtime", api.routes().get("subscribe").functionLogicalId());
    }

    @Test
    void eventBus_refIsItsNameAndGetAttItsArn() {
        assertEquals(List.of(new EventBusDefinition("Bus", "tradewind-local-events")), template.eventBuses());
        Map<String, String> environment = template.findFunction("Realtime").orElseThrow().environment();
        assertEquals("tradewind-local-events", environment.get("BUS"));
        assertEquals("arn:aws:events:us-east-1:123456789012:event-bus/tradewind-local-events",
                environment.get("BUS_ARN"));
        assertEquals("https://Api.execute-api.us-east-1.amazonaws.com/live", environment.get("ENDPOINT"),
                "!Ref of a stage is its name");
    }

    @Test
    void eventBridgeRules_readBusPatternRetryPolicyAndState() {
        List<EventRuleDefinition> rules = template.findFunction("FanOut").orElseThrow().eventRules();
        assertEquals(2, rules.size());
        EventRuleDefinition domain = rules.getFirst();
        assertEquals("FanOutDomainEvents", domain.name());
        assertEquals("tradewind-local-events", domain.busName());
        assertEquals(Map.of("source", List.of("tradewind.market-ingest", "tradewind.predict"),
                "detail-type", List.of("CandlesClosed.v1")), domain.pattern());
        assertEquals(2, domain.maximumRetryAttempts());
        assertEquals(120, domain.maximumEventAgeSeconds());
        assertTrue(domain.enabled());
        EventRuleDefinition defaults = rules.get(1);
        assertEquals("default", defaults.busName(), "no EventBusName is the default bus");
        assertEquals(EventRuleDefinition.DEFAULT_RETRY_ATTEMPTS, defaults.maximumRetryAttempts());
        assertEquals(EventRuleDefinition.DEFAULT_EVENT_AGE_SECONDS, defaults.maximumEventAgeSeconds());
        assertFalse(defaults.enabled());
    }

    @Test
    void eventBridgeRule_onABusNotInTheTemplate_isReported() {
        String broken = TEMPLATE.replace("EventBusName: !Ref Bus", "EventBusName: elsewhere");
        var error = assertThrows(TemplateException.class,
                () -> SamTemplate.parse(broken, LOCATION, Map.of()).functions());
        assertTrue(error.getMessage().contains("names elsewhere, which is not an event bus of this template"),
                error.getMessage());
    }

    @Test
    void eventBridgeRule_withAnInputTransformation_isReported() {
        String broken = TEMPLATE.replace("State: DISABLED", "Input: '{\"a\":1}'");
        var error = assertThrows(TemplateException.class,
                () -> SamTemplate.parse(broken, LOCATION, Map.of()).functions());
        assertTrue(error.getMessage().startsWith("Resources.FanOut.Properties.Events.Defaults.Properties.Input"),
                error.getMessage());
    }

    @Test
    void webSocketApi_unsupportedSelectionOrAuthorization_isReported() {
        var selection = assertThrows(TemplateException.class, () -> SamTemplate.parse(TEMPLATE.replace(
                "$request.body.action", "${request.header.x}"), LOCATION, Map.of()).webSocketApi());
        assertTrue(selection.getMessage().contains("RouteSelectionExpression"), selection.getMessage());
        var iam = assertThrows(TemplateException.class, () -> SamTemplate.parse(TEMPLATE.replace(
                "AuthorizationType: CUSTOM", "AuthorizationType: AWS_IAM"), LOCATION, Map.of()).webSocketApi());
        assertTrue(iam.getMessage().contains("AuthorizationType AWS_IAM is not emulated"), iam.getMessage());
    }

    @Test
    void webSocketApi_targetOfAnotherResource_isReported() {
        var error = assertThrows(TemplateException.class, () -> SamTemplate.parse(TEMPLATE.replace(
                "Target: !Sub integrations/${Integration}", "Target: !Sub integrations/${Stage}"), LOCATION, Map.of())
                .webSocketApi());
        assertTrue(error.getMessage().startsWith("Resources.ConnectRoute.Properties.Target"), error.getMessage());
    }

    @Test
    void noWebSocketApi_isEmpty() {
        assertTrue(SamTemplate.parse("Resources: {Bus: {Type: AWS::Events::EventBus, Properties: {Name: b}}}",
                LOCATION, Map.of()).webSocketApi().isEmpty());
    }

    /** The repository's own template, so a change to its real-time resources that this runtime cannot serve shows. */
    @Test
    void repositoryTemplate_realtimePartsParse() {
        SamTemplate repository = SamTemplate.load(Path.of("..", "template.yaml"));
        WebSocketApiDefinition api = repository.webSocketApi().orElseThrow();
        assertEquals(Set.of("$connect", "$disconnect", "subscribe", "unsubscribe", "ping", "$default"),
                api.routes().keySet());
        assertEquals("AuthorizerFunction", api.routes().get("$connect").authorizer().functionLogicalId());
        assertTrue(api.routes().get("subscribe").twoWay());
        assertTrue(api.routes().get("ping").twoWay(), "a pong goes back on the connection");
        assertEquals("RealtimeFunction", api.routes().get("ping").functionLogicalId());
        assertEquals(List.of("tradewind-local-events"),
                repository.eventBuses().stream().map(EventBusDefinition::name).toList());
        List<String> rules = repository.functions().stream().flatMap(f -> f.eventRules().stream())
                .map(EventRuleDefinition::name).toList();
        assertTrue(rules.contains("PredictFunctionCandlesClosed"), rules.toString());
        assertTrue(rules.contains("RealtimeFanOutFunctionDomainEvents"), rules.toString());
    }
}
