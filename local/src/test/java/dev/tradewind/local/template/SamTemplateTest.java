package dev.tradewind.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    private static final Path LOCATION = Path.of("/repo/template.yaml");

    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Level:
                Type: String
                Default: INFO
              Origins:
                Type: CommaDelimitedList
                Default: "https://a.example, https://b.example"
            Globals:
              Function:
                Runtime: java21
                MemorySize: 1024
                Layers: [!Ref Shared]
                Environment:
                  Variables:
                    LOG_LEVEL: !Ref Level
                    SHARED: global
            Resources:
              Shared:
                Type: AWS::Serverless::LayerVersion
                Properties:
                  ContentUri: layers/shared.zip
              Extra:
                Type: AWS::Serverless::LayerVersion
                Properties:
                  ContentUri: layers/extra.zip
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions:
                    - {AttributeName: pk, AttributeType: S}
                    - {AttributeName: sk, AttributeType: S}
                    - {AttributeName: gsi1pk, AttributeType: S}
                  KeySchema:
                    - {AttributeName: pk, KeyType: HASH}
                    - {AttributeName: sk, KeyType: RANGE}
                  GlobalSecondaryIndexes:
                    - IndexName: gsi1
                      KeySchema: [{AttributeName: gsi1pk, KeyType: HASH}]
                      Projection: {ProjectionType: KEYS_ONLY}
                  TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  CorsConfiguration:
                    AllowOrigins: !Ref Origins
                    AllowMethods: [GET]
                  Auth:
                    DefaultAuthorizer: Jwt
                    Authorizers:
                      Jwt:
                        FunctionArn: !Ref Authorizer.Alias
                        AuthorizerPayloadFormatVersion: "2.0"
                        EnableSimpleResponses: true
                        Identity: {Headers: [Authorization], ReauthorizeEvery: 300}
              Authorizer:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Authorizer
                  CodeUri: fn/auth.zip
              Orders_Fn:
                Type: AWS::Serverless::Function
                Metadata:
                  LocalClock: wall
                Properties:
                  Handler: x.Orders::handleRequest
                  CodeUri: fn/orders.zip
                  MemorySize: 512
                  Layers: [!Ref Extra]
                  Environment:
                    Variables:
                      TABLE: !Ref Orders
                      ARN: !GetAtt Orders.Arn
                      URL: !Sub "https://${AWS::Region}.example/${Orders}"
                      SHARED: local
                  Events:
                    List:
                      Type: HttpApi
                      Properties: {ApiId: !Ref Api, Method: get, Path: /v1/orders}
                    Health:
                      Type: HttpApi
                      Properties: {ApiId: !Ref Api, Method: GET, Path: /v1/health, Auth: {Authorizer: NONE}}
                    Hourly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: rate(1 hour)
                        Input: '{"universe":"crypto-1h"}'
            """;

    private final SamTemplate template = SamTemplate.parse(TEMPLATE, LOCATION, Map.of());

    @Test
    void function_mergesGlobalsAsSamDoes() {
        FunctionDefinition orders = template.findFunction("Orders_Fn").orElseThrow();
        assertEquals(512, orders.memorySize(), "scalars are overridden");
        assertEquals(List.of(Path.of("/repo/layers/shared.zip"), Path.of("/repo/layers/extra.zip")), orders.layers(),
                "lists are additive");
        assertEquals("local", orders.environment().get("SHARED"), "maps merge, the function wins");
        assertEquals("INFO", orders.environment().get("LOG_LEVEL"));
        assertEquals(3, orders.timeoutSeconds(), "SAM's default timeout");
        assertEquals("x.Orders", orders.handlerClass());
        assertEquals(Path.of("/repo/fn/orders.zip"), orders.codeUri());
        assertTrue(orders.usesWallClock());
    }

    @Test
    void eventInvokeConfig_isReadWithLambdasDefaultsForWhatItLeavesOut() {
        SamTemplate repository = SamTemplate.load(Path.of("..", "template.yaml"));
        assertEquals(new EventInvokeConfig(1, 3600),
                repository.findFunction("BacktestWorkerFunction").orElseThrow().eventInvokeConfig());
        assertEquals(EventInvokeConfig.DEFAULT, template.findFunction("Orders_Fn").orElseThrow().eventInvokeConfig());
        SamTemplate partial = SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: h, Runtime: java21, CodeUri: code.zip,
                                 EventInvokeConfig: {MaximumRetryAttempts: 0}}
                """, LOCATION, Map.of());
        assertEquals(new EventInvokeConfig(0, 21_600), partial.findFunction("Fn").orElseThrow().eventInvokeConfig());
    }

    @Test
    void environment_resolvesTableNamesArnsAndSub() {
        Map<String, String> environment = template.findFunction("Orders_Fn").orElseThrow().environment();
        assertEquals("Orders", environment.get("TABLE"));
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/Orders", environment.get("ARN"));
        assertEquals("https://us-east-1.example/Orders", environment.get("URL"));
    }

    @Test
    void parameterOverrides_replaceDefaults() {
        SamTemplate overridden = SamTemplate.parse(TEMPLATE, LOCATION, Map.of("Level", "DEBUG"));
        assertEquals("DEBUG", overridden.findFunction("Orders_Fn").orElseThrow().environment().get("LOG_LEVEL"));
        var error = assertThrows(TemplateException.class,
                () -> SamTemplate.parse(TEMPLATE, LOCATION, Map.of("Nope", "1")));
        assertEquals("Parameter override Nope is not a parameter of the template; it has Level, Origins",
                error.getMessage());
    }

    @Test
    void parameterOverrides_outsideAllowedValuesOrPattern_areRefused() {
        String constrained = """
                Parameters:
                  Days: {Type: Number, Default: 30, AllowedValues: [7, 30]}
                  Key: {Type: String, Default: /a, AllowedPattern: "^/[a-z]+$"}
                Resources: {}
                """;
        assertEquals("7", SamTemplate.parse(constrained, LOCATION, Map.of("Days", "7", "Key", "/b")).intrinsics()
                .resolveString(Map.of("Ref", "Days"), "test"));
        assertEquals("Parameter override Days=8 is not allowed: Days takes one of 7, 30",
                assertThrows(ParameterOverrideException.class,
                        () -> SamTemplate.parse(constrained, LOCATION, Map.of("Days", "8"))).getMessage());
        assertEquals("Parameter override Key=/a/B is not allowed: Key must match ^/[a-z]+$",
                assertThrows(ParameterOverrideException.class,
                        () -> SamTemplate.parse(constrained, LOCATION, Map.of("Key", "/a/B"))).getMessage());
    }

    @Test
    void events_becomeRoutesAndSchedules() {
        FunctionDefinition orders = template.findFunction("Orders_Fn").orElseThrow();
        assertEquals(List.of(new HttpRoute("Orders_Fn", "List", "GET", "/v1/orders", true),
                new HttpRoute("Orders_Fn", "Health", "GET", "/v1/health", false)), orders.routes());
        assertEquals(List.of(new ScheduleDefinition("Orders_Fn", "Orders_FnHourly", "rate(1 hour)", "UTC",
                "{\"universe\":\"crypto-1h\"}", true)), orders.schedules());
    }

    @Test
    void tables_keepKeysIndexesAndTtl() {
        TableDefinition orders = template.tables().getFirst();
        assertEquals("Orders", orders.tableName());
        assertEquals("S", orders.attributeTypes().get("gsi1pk"));
        assertEquals(List.of(new TableDefinition.KeyElement("pk", "HASH"), new TableDefinition.KeyElement("sk", "RANGE")),
                orders.keySchema());
        assertEquals("KEYS_ONLY", orders.globalSecondaryIndexes().getFirst().projectionType());
        assertEquals("expiresAt", orders.ttlAttribute());
    }

    @Test
    void httpApi_readsAuthorizerAndResolvesCorsParameter() {
        HttpApiDefinition api = template.httpApi().orElseThrow();
        assertEquals("Jwt", api.defaultAuthorizer());
        HttpApiDefinition.Authorizer jwt = api.authorizers().get("Jwt");
        assertEquals("Authorizer", jwt.functionLogicalId());
        assertEquals(List.of("Authorization"), jwt.identityHeaders());
        assertEquals(300, jwt.reauthorizeEverySeconds());
        assertTrue(jwt.simpleResponses());
        assertEquals(List.of("https://a.example", "https://b.example"), api.cors().allowOrigins());
    }

    @Test
    void missingHandler_isReportedWithItsPath() {
        String broken = TEMPLATE.replace("      Handler: x.Authorizer\n", "");
        var error = assertThrows(TemplateException.class,
                () -> SamTemplate.parse(broken, LOCATION, Map.of()).functions());
        assertEquals("Resources.Authorizer.Properties.Handler is missing", error.getMessage());
    }

    @Test
    void unsupportedEventType_isReported() {
        String broken = TEMPLATE.replace("Type: ScheduleV2", "Type: SQS");
        var error = assertThrows(TemplateException.class,
                () -> SamTemplate.parse(broken, LOCATION, Map.of()).functions());
        assertTrue(error.getMessage().contains("event type SQS is not emulated"), error.getMessage());
    }

    @Test
    void unresolvableReference_isReported() {
        String broken = TEMPLATE.replace("TABLE: !Ref Orders", "TABLE: !Ref Missing");
        var error = assertThrows(TemplateException.class,
                () -> SamTemplate.parse(broken, LOCATION, Map.of()).functions());
        assertTrue(error.getMessage().contains("!Ref Missing is neither a parameter nor a resource"));
    }

    @Test
    void shortFormTags_becomeLongForm() {
        Map<String, Object> parsed = CfnYaml.parse("""
                A: !Ref X
                B: !GetAtt T.Arn
                C: !Sub "${X}-y"
                D: !Join [",", [!Ref X, b]]
                E: !If [Cond, !Ref X, !Ref AWS::NoValue]
                """, "t.yaml");
        assertEquals(Map.of("Ref", "X"), parsed.get("A"));
        assertEquals(Map.of("Fn::GetAtt", List.of("T", "Arn")), parsed.get("B"));
        assertEquals(Map.of("Fn::Sub", "${X}-y"), parsed.get("C"));
        assertEquals(Map.of("Fn::Join", List.of(",", List.of(Map.of("Ref", "X"), "b"))), parsed.get("D"));
        assertEquals(Map.of("Fn::If", List.of("Cond", Map.of("Ref", "X"), Map.of("Ref", "AWS::NoValue"))),
                parsed.get("E"));
    }

    @Test
    void invalidYaml_isOneClearLine() {
        var error = assertThrows(TemplateException.class, () -> CfnYaml.parse("A: [1, 2\nB: 3", "t.yaml"));
        assertTrue(error.getMessage().startsWith("t.yaml is not valid YAML"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"));
    }
}
