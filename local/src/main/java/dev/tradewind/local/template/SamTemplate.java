package dev.tradewind.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed SAM template with typed, Globals-merged views of what the local runtime emulates. Anything it cannot
 * emulate faithfully is a {@link TemplateException} naming the resource and property, never a silent guess.
 */
public final class SamTemplate {

    public static final String FUNCTION = "AWS::Serverless::Function";
    public static final String LAYER = "AWS::Serverless::LayerVersion";
    public static final String HTTP_API = "AWS::Serverless::HttpApi";
    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String EVENT_BUS = "AWS::Events::EventBus";
    public static final String API_V2 = "AWS::ApiGatewayV2::Api";
    public static final String API_V2_ROUTE = "AWS::ApiGatewayV2::Route";
    public static final String API_V2_ROUTE_RESPONSE = "AWS::ApiGatewayV2::RouteResponse";
    public static final String API_V2_INTEGRATION = "AWS::ApiGatewayV2::Integration";
    public static final String API_V2_AUTHORIZER = "AWS::ApiGatewayV2::Authorizer";
    public static final String API_V2_STAGE = "AWS::ApiGatewayV2::Stage";

    private static final String SELECTION_PREFIX = "$request.body.";
    private static final Pattern LAMBDA_INVOCATION = Pattern.compile("/functions/(.+)/invocations$");

    private final Path file;
    private final Map<String, Object> document;
    private final Map<String, Map<String, Object>> resources;
    private final Intrinsics intrinsics;

    private SamTemplate(Path file, Map<String, Object> document, Map<String, String> parameterOverrides) {
        this.file = file;
        this.document = document;
        this.resources = readResources(document);
        Object alias = globalFunctionProperties().get("AutoPublishAlias");
        this.intrinsics = new Intrinsics(parameterValues(document, parameterOverrides), resources,
                alias instanceof String name ? name : null);
    }

    public static SamTemplate load(Path file) {
        return load(file, Map.of());
    }

    public static SamTemplate load(Path file, Map<String, String> parameterOverrides) {
        return parse(read(file), file, parameterOverrides);
    }

    /**
     * Refuses, as CloudFormation does, an override of a parameter the template does not declare or with a value
     * outside its {@code AllowedValues} or {@code AllowedPattern}; reads only the template's parameters.
     *
     * @throws ParameterOverrideException naming the parameter and what it takes
     */
    public static void checkParameterOverrides(Path file, Map<String, String> parameterOverrides) {
        parameterValues(CfnYaml.parse(read(file), file.getFileName().toString()), parameterOverrides);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException("Cannot read template " + file + ": " + e.getMessage());
        }
    }

    /** Parses template text as if it were the file {@code location}; artifact paths resolve relative to it. */
    public static SamTemplate parse(String text, Path location, Map<String, String> parameterOverrides) {
        return new SamTemplate(location.toAbsolutePath().normalize(),
                CfnYaml.parse(text, location.getFileName().toString()), parameterOverrides);
    }

    public Path file() {
        return file;
    }

    public Path baseDirectory() {
        return file.getParent();
    }

    /** The whole document in CloudFormation long form, for schema validation. */
    public Map<String, Object> document() {
        return document;
    }

    public Map<String, Map<String, Object>> resources() {
        return resources;
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    public List<String> logicalIdsOfType(String type) {
        return resources.entrySet().stream()
                .filter(e -> type.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    public List<FunctionDefinition> functions() {
        return logicalIdsOfType(FUNCTION).stream().map(this::function).toList();
    }

    public Optional<FunctionDefinition> findFunction(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        return resource != null && FUNCTION.equals(resource.get("Type")) ? Optional.of(function(logicalId))
                : Optional.empty();
    }

    public List<TableDefinition> tables() {
        return logicalIdsOfType(TABLE).stream().map(this::table).toList();
    }

    public Optional<HttpApiDefinition> httpApi() {
        List<String> apis = logicalIdsOfType(HTTP_API);
        if (apis.size() > 1) {
            throw new TemplateException("The local runtime serves one AWS::Serverless::HttpApi; found " + apis);
        }
        return apis.stream().findFirst().map(this::httpApi);
    }

    /** The template's event buses; EventBridge's {@code default} bus exists beside them and is not listed. */
    public List<EventBusDefinition> eventBuses() {
        return logicalIdsOfType(EVENT_BUS).stream()
                .map(id -> new EventBusDefinition(id, intrinsics.eventBusName(id)))
                .toList();
    }

    /**
     * The WebSocket API, if the template has one: an {@code AWS::ApiGatewayV2::Api} with {@code ProtocolType:
     * WEBSOCKET}, its routes, integrations, authorizer, route responses and stage.
     */
    public Optional<WebSocketApiDefinition> webSocketApi() {
        List<String> apis = logicalIdsOfType(API_V2);
        for (String id : apis) {
            Object protocol = properties(id).get("ProtocolType");
            if (!"WEBSOCKET".equals(protocol)) {
                throw new TemplateException("Resources." + id + ".Properties.ProtocolType: the local runtime emulates "
                        + "WEBSOCKET APIs of AWS::ApiGatewayV2::Api (HTTP APIs as AWS::Serverless::HttpApi), not "
                        + protocol);
            }
        }
        if (apis.size() > 1) {
            throw new TemplateException("The local runtime serves one WebSocket API; found " + apis);
        }
        return apis.stream().findFirst().map(this::webSocketApi);
    }

    private FunctionDefinition function(String logicalId) {
        String where = "Resources." + logicalId + ".Properties";
        Map<String, Object> properties = Globals.merge(globalFunctionProperties(), properties(logicalId));
        String handler = Values.string(properties.get("Handler"), where + ".Handler");
        String runtime = Values.string(properties.get("Runtime"), where + ".Runtime");
        Path codeUri = artifactPath(properties.get("CodeUri"), where + ".CodeUri");
        List<Path> layers = new ArrayList<>();
        for (Object layer : Values.list(properties.getOrDefault("Layers", List.of()), where + ".Layers")) {
            layers.add(layerPath(layer, where + ".Layers"));
        }
        int memory = Values.integer(properties.getOrDefault("MemorySize", 128), where + ".MemorySize");
        int timeout = Values.integer(properties.getOrDefault("Timeout", 3), where + ".Timeout");
        Map<String, String> environment = new TreeMap<>();
        Map<String, Object> envBlock = Values.map(properties.getOrDefault("Environment", Map.of()), where + ".Environment");
        Values.map(envBlock.getOrDefault("Variables", Map.of()), where + ".Environment.Variables").forEach((name, value) ->
                environment.put(name, intrinsics.resolveString(value, where + ".Environment.Variables." + name)));
        List<HttpRoute> routes = new ArrayList<>();
        List<ScheduleDefinition> schedules = new ArrayList<>();
        List<EventRuleDefinition> rules = new ArrayList<>();
        Values.map(properties.getOrDefault("Events", Map.of()), where + ".Events").forEach((eventName, raw) -> {
            String eventWhere = where + ".Events." + eventName;
            Map<String, Object> event = Values.map(raw, eventWhere);
            String type = Values.string(event.get("Type"), eventWhere + ".Type");
            Map<String, Object> eventProperties = Values.map(event.getOrDefault("Properties", Map.of()),
                    eventWhere + ".Properties");
            switch (type) {
                case "HttpApi" -> routes.add(route(logicalId, eventName, eventProperties, eventWhere + ".Properties"));
                case "ScheduleV2" -> schedules.add(schedule(logicalId, eventName, eventProperties,
                        eventWhere + ".Properties"));
                case "EventBridgeRule" -> rules.add(eventRule(logicalId, eventName, eventProperties,
                        eventWhere + ".Properties"));
                default -> throw new TemplateException(eventWhere + ": event type " + type
                        + " is not emulated by the local runtime");
            }
        });
        Map<String, Object> metadata = Values.map(resources.get(logicalId).getOrDefault("Metadata", Map.of()),
                "Resources." + logicalId + ".Metadata");
        return new FunctionDefinition(logicalId, handler, runtime, codeUri, List.copyOf(layers), memory, timeout,
                Map.copyOf(environment), List.copyOf(routes), List.copyOf(schedules), List.copyOf(rules),
                eventInvokeConfig(properties, where + ".EventInvokeConfig"), Map.copyOf(metadata));
    }

    private static EventInvokeConfig eventInvokeConfig(Map<String, Object> properties, String where) {
        Map<String, Object> config = Values.map(properties.getOrDefault("EventInvokeConfig", Map.of()), where);
        return new EventInvokeConfig(
                Values.integer(config.getOrDefault("MaximumRetryAttempts",
                        EventInvokeConfig.DEFAULT.maximumRetryAttempts()), where + ".MaximumRetryAttempts"),
                Values.integer(config.getOrDefault("MaximumEventAgeInSeconds",
                        EventInvokeConfig.DEFAULT.maximumEventAgeSeconds()), where + ".MaximumEventAgeInSeconds"));
    }

    private HttpRoute route(String functionId, String eventName, Map<String, Object> properties, String where) {
        String method = Values.string(properties.get("Method"), where + ".Method").toUpperCase();
        String path = Values.string(properties.get("Path"), where + ".Path");
        Object apiId = properties.get("ApiId");
        if (apiId != null) {
            String referenced = Intrinsics.referencedLogicalId(apiId)
                    .orElseThrow(() -> new TemplateException(where + ".ApiId must be !Ref to the HttpApi"));
            if (!HTTP_API.equals(resources.getOrDefault(referenced, Map.of()).get("Type"))) {
                throw new TemplateException(where + ".ApiId references " + referenced + ", which is not an HttpApi");
            }
        }
        boolean authorized = true;
        Object auth = properties.get("Auth");
        if (auth != null) {
            Object authorizer = Values.map(auth, where + ".Auth").get("Authorizer");
            authorized = !"NONE".equals(authorizer);
        }
        return new HttpRoute(functionId, eventName, method, path, authorized);
    }

    private ScheduleDefinition schedule(String functionId, String eventName, Map<String, Object> properties,
                                        String where) {
        String expression = Values.string(properties.get("ScheduleExpression"), where + ".ScheduleExpression");
        String timezone = properties.get("ScheduleExpressionTimezone") == null ? "UTC"
                : Values.string(properties.get("ScheduleExpressionTimezone"), where + ".ScheduleExpressionTimezone");
        String input = properties.get("Input") == null ? "{}"
                : intrinsics.resolveString(properties.get("Input"), where + ".Input");
        boolean enabled = !"DISABLED".equals(properties.get("State"));
        String name = properties.get("Name") == null ? functionId + eventName
                : intrinsics.resolveString(properties.get("Name"), where + ".Name");
        return new ScheduleDefinition(functionId, name, expression, timezone, input, enabled);
    }

    private EventRuleDefinition eventRule(String functionId, String eventName, Map<String, Object> properties,
                                          String where) {
        for (String unsupported : List.of("Input", "InputPath", "InputTransformer", "Target")) {
            if (properties.containsKey(unsupported)) {
                throw new TemplateException(where + "." + unsupported + " is not emulated by the local runtime: the "
                        + "function gets the matched event itself");
            }
        }
        String bus = properties.get("EventBusName") == null ? EventBusDefinition.DEFAULT
                : intrinsics.resolveString(properties.get("EventBusName"), where + ".EventBusName");
        if (!bus.equals(EventBusDefinition.DEFAULT) && eventBuses().stream().noneMatch(b -> b.name().equals(bus))) {
            throw new TemplateException(where + ".EventBusName names " + bus + ", which is not an event bus of this "
                    + "template");
        }
        Map<String, Object> pattern = Values.map(properties.get("Pattern"), where + ".Pattern");
        Map<String, Object> retry = Values.map(properties.getOrDefault("RetryPolicy", Map.of()), where + ".RetryPolicy");
        int attempts = Values.integer(retry.getOrDefault("MaximumRetryAttempts",
                EventRuleDefinition.DEFAULT_RETRY_ATTEMPTS), where + ".RetryPolicy.MaximumRetryAttempts");
        int age = Values.integer(retry.getOrDefault("MaximumEventAgeInSeconds",
                EventRuleDefinition.DEFAULT_EVENT_AGE_SECONDS), where + ".RetryPolicy.MaximumEventAgeInSeconds");
        boolean enabled = !"DISABLED".equals(properties.get("State"));
        return new EventRuleDefinition(functionId, eventName, bus, pattern, enabled, attempts, age);
    }

    private WebSocketApiDefinition webSocketApi(String apiId) {
        String where = "Resources." + apiId + ".Properties";
        String expression = Values.string(properties(apiId).get("RouteSelectionExpression"),
                where + ".RouteSelectionExpression");
        if (!expression.startsWith(SELECTION_PREFIX) || expression.length() == SELECTION_PREFIX.length()) {
            throw new TemplateException(where + ".RouteSelectionExpression: the local runtime selects routes by a "
                    + "body field ($request.body.<field>), not " + expression);
        }
        List<String> selectionPath = List.of(expression.substring(SELECTION_PREFIX.length()).split("\\."));
        List<String> twoWayRoutes = new ArrayList<>();
        for (String id : partsOf(API_V2_ROUTE_RESPONSE, apiId)) {
            String responseWhere = "Resources." + id + ".Properties";
            Map<String, Object> response = properties(id);
            String route = Intrinsics.referencedLogicalId(response.get("RouteId")).orElseThrow(() ->
                    new TemplateException(responseWhere + ".RouteId must be !Ref to a route"));
            if ("$default".equals(response.get("RouteResponseKey"))) {
                twoWayRoutes.add(route);
            }
        }
        Map<String, WebSocketApiDefinition.Route> routes = new LinkedHashMap<>();
        for (String id : partsOf(API_V2_ROUTE, apiId)) {
            String routeWhere = "Resources." + id + ".Properties";
            Map<String, Object> route = properties(id);
            String routeKey = Values.string(route.get("RouteKey"), routeWhere + ".RouteKey");
            String target = intrinsics.resolveString(route.get("Target"), routeWhere + ".Target");
            String integration = target.startsWith("integrations/") ? target.substring("integrations/".length()) : "";
            if (!partsOf(API_V2_INTEGRATION, apiId).contains(integration)) {
                throw new TemplateException(routeWhere + ".Target must be integrations/${Integration} of an "
                        + "integration of " + apiId + ", was " + target);
            }
            String integrationWhere = "Resources." + integration + ".Properties";
            Map<String, Object> properties = properties(integration);
            if (!"AWS_PROXY".equals(properties.get("IntegrationType"))) {
                throw new TemplateException(integrationWhere + ".IntegrationType: the local runtime emulates "
                        + "AWS_PROXY (Lambda) integrations only");
            }
            String function = lambdaFunction(properties.get("IntegrationUri"), integrationWhere + ".IntegrationUri");
            WebSocketApiDefinition.Authorizer authorizer = null;
            String authorization = String.valueOf(route.getOrDefault("AuthorizationType", "NONE"));
            if (authorization.equals("CUSTOM")) {
                String authorizerId = Intrinsics.referencedLogicalId(route.get("AuthorizerId")).orElseThrow(() ->
                        new TemplateException(routeWhere + ".AuthorizerId must be !Ref to an authorizer"));
                authorizer = webSocketAuthorizer(authorizerId, apiId);
            } else if (!authorization.equals("NONE")) {
                throw new TemplateException(routeWhere + ".AuthorizationType " + authorization
                        + " is not emulated by the local runtime (NONE or CUSTOM)");
            }
            routes.put(routeKey, new WebSocketApiDefinition.Route(routeKey, function, twoWayRoutes.contains(id),
                    authorizer));
        }
        List<String> stages = partsOf(API_V2_STAGE, apiId);
        if (stages.size() != 1) {
            throw new TemplateException("The local runtime serves one stage of " + apiId + "; found " + stages);
        }
        String stage = intrinsics.resolveString(properties(stages.getFirst()).get("StageName"),
                "Resources." + stages.getFirst() + ".Properties.StageName");
        return new WebSocketApiDefinition(apiId, intrinsics.resolveString(Map.of("Ref", apiId), where), stage,
                selectionPath, Map.copyOf(routes));
    }

    private WebSocketApiDefinition.Authorizer webSocketAuthorizer(String logicalId, String apiId) {
        String where = "Resources." + logicalId + ".Properties";
        if (!partsOf(API_V2_AUTHORIZER, apiId).contains(logicalId)) {
            throw new TemplateException(where + " is not an authorizer of " + apiId);
        }
        Map<String, Object> properties = properties(logicalId);
        if (!"REQUEST".equals(properties.get("AuthorizerType"))) {
            throw new TemplateException(where + ".AuthorizerType: the local runtime emulates REQUEST authorizers");
        }
        List<String> sources = intrinsics.resolveList(properties.get("IdentitySource"), where + ".IdentitySource");
        for (String source : sources) {
            if (!source.startsWith("route.request.querystring.") && !source.startsWith("route.request.header.")) {
                throw new TemplateException(where + ".IdentitySource " + source + " is not emulated by the local "
                        + "runtime (route.request.querystring.* or route.request.header.*)");
            }
        }
        return new WebSocketApiDefinition.Authorizer(logicalId,
                lambdaFunction(properties.get("AuthorizerUri"), where + ".AuthorizerUri"), sources);
    }

    /** The resources of {@code type} whose {@code ApiId} is {@code !Ref apiId}. */
    private List<String> partsOf(String type, String apiId) {
        return logicalIdsOfType(type).stream()
                .filter(id -> Intrinsics.referencedLogicalId(properties(id).get("ApiId")).filter(apiId::equals)
                        .isPresent())
                .toList();
    }

    /** The template function a Lambda invocation URI ({@code ...functions/${Fn.Alias}/invocations}) names. */
    private String lambdaFunction(Object uri, String where) {
        Matcher matcher = LAMBDA_INVOCATION.matcher(intrinsics.resolveString(uri, where));
        String reference = matcher.find() ? matcher.group(1) : "";
        int marker = reference.indexOf(":function:");
        String name = marker < 0 ? reference : reference.substring(marker + ":function:".length()).split(":")[0];
        if (!FUNCTION.equals(resources.getOrDefault(name, Map.of()).get("Type"))) {
            throw new TemplateException(where + " must invoke a function of this template "
                    + "(...functions/${Function.Alias}/invocations)");
        }
        return name;
    }

    private TableDefinition table(String logicalId) {
        String where = "Resources." + logicalId + ".Properties";
        Map<String, Object> properties = properties(logicalId);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Object raw : Values.list(properties.get("AttributeDefinitions"), where + ".AttributeDefinitions")) {
            Map<String, Object> attribute = Values.map(raw, where + ".AttributeDefinitions[]");
            attributes.put(Values.string(attribute.get("AttributeName"), where + ".AttributeDefinitions[].AttributeName"),
                    Values.string(attribute.get("AttributeType"), where + ".AttributeDefinitions[].AttributeType"));
        }
        List<TableDefinition.KeyElement> keySchema = keySchema(properties.get("KeySchema"), where + ".KeySchema");
        List<TableDefinition.Index> gsis = indexes(properties.get("GlobalSecondaryIndexes"),
                where + ".GlobalSecondaryIndexes");
        List<TableDefinition.Index> lsis = indexes(properties.get("LocalSecondaryIndexes"),
                where + ".LocalSecondaryIndexes");
        String ttl = null;
        if (properties.get("TimeToLiveSpecification") instanceof Map<?, ?> spec && Boolean.TRUE.equals(spec.get("Enabled"))) {
            ttl = Values.string(spec.get("AttributeName"), where + ".TimeToLiveSpecification.AttributeName");
        }
        return new TableDefinition(logicalId, intrinsics.tableName(logicalId), Map.copyOf(attributes), keySchema, gsis,
                lsis, ttl);
    }

    private static List<TableDefinition.KeyElement> keySchema(Object raw, String where) {
        List<TableDefinition.KeyElement> elements = new ArrayList<>();
        for (Object item : Values.list(raw, where)) {
            Map<String, Object> element = Values.map(item, where + "[]");
            elements.add(new TableDefinition.KeyElement(
                    Values.string(element.get("AttributeName"), where + "[].AttributeName"),
                    Values.string(element.get("KeyType"), where + "[].KeyType")));
        }
        return List.copyOf(elements);
    }

    private static List<TableDefinition.Index> indexes(Object raw, String where) {
        if (raw == null) {
            return List.of();
        }
        List<TableDefinition.Index> indexes = new ArrayList<>();
        for (Object item : Values.list(raw, where)) {
            Map<String, Object> index = Values.map(item, where + "[]");
            Map<String, Object> projection = Values.map(index.getOrDefault("Projection", Map.of()), where + "[].Projection");
            List<String> nonKey = Values.list(projection.getOrDefault("NonKeyAttributes", List.of()),
                    where + "[].Projection.NonKeyAttributes").stream().map(String::valueOf).toList();
            indexes.add(new TableDefinition.Index(Values.string(index.get("IndexName"), where + "[].IndexName"),
                    keySchema(index.get("KeySchema"), where + "[].KeySchema"),
                    String.valueOf(projection.getOrDefault("ProjectionType", "ALL")), nonKey));
        }
        return List.copyOf(indexes);
    }

    private HttpApiDefinition httpApi(String logicalId) {
        String where = "Resources." + logicalId + ".Properties";
        Map<String, Object> properties = properties(logicalId);
        Map<String, Object> auth = Values.map(properties.getOrDefault("Auth", Map.of()), where + ".Auth");
        String defaultAuthorizer = auth.get("DefaultAuthorizer") == null ? null
                : Values.string(auth.get("DefaultAuthorizer"), where + ".Auth.DefaultAuthorizer");
        Map<String, HttpApiDefinition.Authorizer> authorizers = new LinkedHashMap<>();
        Values.map(auth.getOrDefault("Authorizers", Map.of()), where + ".Auth.Authorizers").forEach((name, raw) -> {
            String authWhere = where + ".Auth.Authorizers." + name;
            Map<String, Object> authorizer = Values.map(raw, authWhere);
            String functionId = Intrinsics.referencedLogicalId(authorizer.get("FunctionArn"))
                    .map(id -> id.endsWith(".Alias") ? id.substring(0, id.length() - ".Alias".length()) : id)
                    .orElseThrow(() -> new TemplateException(authWhere
                            + ".FunctionArn must reference a function (!GetAtt Fn.Arn or !Ref Fn.Alias)"));
            if (!FUNCTION.equals(resources.getOrDefault(functionId, Map.of()).get("Type"))) {
                throw new TemplateException(authWhere + ".FunctionArn references " + functionId
                        + ", which is not a function in this template");
            }
            Map<String, Object> identity = Values.map(authorizer.getOrDefault("Identity", Map.of()), authWhere + ".Identity");
            List<String> headers = Values.list(identity.getOrDefault("Headers", List.of()), authWhere + ".Identity.Headers")
                    .stream().map(String::valueOf).toList();
            int ttl = Values.integer(identity.getOrDefault("ReauthorizeEvery", 0), authWhere + ".Identity.ReauthorizeEvery");
            authorizers.put(name, new HttpApiDefinition.Authorizer(name, functionId, headers, ttl,
                    Boolean.TRUE.equals(authorizer.get("EnableSimpleResponses")),
                    String.valueOf(authorizer.getOrDefault("AuthorizerPayloadFormatVersion", "2.0"))));
        });
        if (defaultAuthorizer != null && !authorizers.containsKey(defaultAuthorizer)) {
            throw new TemplateException(where + ".Auth.DefaultAuthorizer names " + defaultAuthorizer
                    + ", which is not among Auth.Authorizers");
        }
        HttpApiDefinition.Cors cors = null;
        if (properties.get("CorsConfiguration") instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) raw;
            String corsWhere = where + ".CorsConfiguration";
            cors = new HttpApiDefinition.Cors(intrinsics.resolveList(c.get("AllowOrigins"), corsWhere + ".AllowOrigins"),
                    intrinsics.resolveList(c.get("AllowMethods"), corsWhere + ".AllowMethods"),
                    intrinsics.resolveList(c.get("AllowHeaders"), corsWhere + ".AllowHeaders"),
                    intrinsics.resolveList(c.get("ExposeHeaders"), corsWhere + ".ExposeHeaders"),
                    c.get("MaxAge") == null ? 0 : Values.integer(c.get("MaxAge"), where + ".CorsConfiguration.MaxAge"),
                    Boolean.TRUE.equals(c.get("AllowCredentials")));
        }
        return new HttpApiDefinition(logicalId, defaultAuthorizer, Map.copyOf(authorizers), cors);
    }

    private Path artifactPath(Object value, String where) {
        String text = Values.string(value, where);
        return baseDirectory().resolve(text).normalize();
    }

    private Path layerPath(Object layer, String where) {
        String layerId = Intrinsics.referencedLogicalId(layer).orElseThrow(() -> new TemplateException(
                where + ": only layers declared in this template (!Ref) can be emulated locally"));
        Map<String, Object> resource = resources.get(layerId);
        if (resource == null || !LAYER.equals(resource.get("Type"))) {
            throw new TemplateException(where + " references " + layerId + ", which is not a LayerVersion here");
        }
        return artifactPath(properties(layerId).get("ContentUri"), "Resources." + layerId + ".Properties.ContentUri");
    }

    private Map<String, Object> properties(String logicalId) {
        return Values.map(resources.get(logicalId).getOrDefault("Properties", Map.of()),
                "Resources." + logicalId + ".Properties");
    }

    private Map<String, Object> globalFunctionProperties() {
        Map<String, Object> globals = Values.map(document.getOrDefault("Globals", Map.of()), "Globals");
        return Values.map(globals.getOrDefault("Function", Map.of()), "Globals.Function");
    }

    private static Map<String, Map<String, Object>> readResources(Map<String, Object> document) {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        Values.map(document.get("Resources"), "Resources").forEach((id, raw) -> {
            Map<String, Object> resource = Values.map(raw, "Resources." + id);
            Values.string(resource.get("Type"), "Resources." + id + ".Type");
            resources.put(id, resource);
        });
        return resources;
    }

    private static Map<String, String> parameterValues(Map<String, Object> document, Map<String, String> overrides) {
        Map<String, Object> parameters = Values.map(document.getOrDefault("Parameters", Map.of()), "Parameters");
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, raw) -> {
            Object defaultValue = Values.map(raw, "Parameters." + name).get("Default");
            if (defaultValue != null) {
                values.put(name, String.valueOf(defaultValue));
            }
        });
        overrides.forEach((name, value) -> {
            if (!parameters.containsKey(name)) {
                throw new ParameterOverrideException("Parameter override " + name
                        + " is not a parameter of the template; it has " + String.join(", ", parameters.keySet()));
            }
            checkAllowed(name, value, Values.map(parameters.get(name), "Parameters." + name));
            values.put(name, value);
        });
        return values;
    }

    private static void checkAllowed(String name, String value, Map<String, Object> parameter) {
        String refused = "Parameter override " + name + "=" + value + " is not allowed: " + name;
        if (parameter.get("AllowedValues") != null) {
            List<String> allowed = Values.list(parameter.get("AllowedValues"), "Parameters." + name + ".AllowedValues")
                    .stream().map(String::valueOf).toList();
            if (!allowed.contains(value)) {
                throw new ParameterOverrideException(refused + " takes one of " + String.join(", ", allowed));
            }
        }
        // CloudFormation's AllowedPattern is a Java regular expression that the whole value must match.
        Object pattern = parameter.get("AllowedPattern");
        if (pattern != null && !Pattern.matches(String.valueOf(pattern), value)) {
            throw new ParameterOverrideException(refused + " must match " + pattern);
        }
    }
}
