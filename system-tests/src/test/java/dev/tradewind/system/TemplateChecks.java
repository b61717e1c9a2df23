package dev.tradewind.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.Intrinsics;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * What `sam validate` and a deploy would catch, checked without AWS: the template against the official SAM schema,
 * and its consistency with the code — handlers that exist in their artifacts, routes that handlers serve, table
 * references that name tables. Each check returns its violations so tests can assert both the real template is
 * clean and a broken one is caught.
 */
final class TemplateChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SAM_SCHEMA = loadSchema();

    private TemplateChecks() {
    }

    static Path vendoredSchema() {
        return Repository.path("build/schemas/sam.schema.json");
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = Files.newInputStream(vendoredSchema())) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> schemaViolations(Map<String, Object> document) {
        JsonNode node = JSON.valueToTree(document);
        return SAM_SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Every function's Handler class is in its zip (root or lib/) or in one of its layers (java/lib/). */
    static List<String> handlerViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            String entry = function.handlerClass().replace('.', '/') + ".class";
            if (!Files.isRegularFile(function.codeUri())) {
                violations.add(function.logicalId() + ": CodeUri " + function.codeUri() + " was not built");
                continue;
            }
            boolean found = zipHasClass(function.codeUri(), entry, "", "lib/");
            for (Path layer : function.layers()) {
                found = found || Files.isRegularFile(layer) && zipHasClass(layer, entry, null, "java/lib/");
            }
            if (!found) {
                violations.add(function.logicalId() + ": handler class " + function.handlerClass()
                        + " is not in " + function.codeUri().getFileName() + " or its layers");
            }
        }
        return violations;
    }

    /** Table variables and policies name tables declared in this template, never a hard-coded name. */
    @SuppressWarnings("unchecked")
    static List<String> tableViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        Set<String> tables = new TreeSet<>(template.logicalIdsOfType(SamTemplate.TABLE));
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.document()
                .getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of());
        for (String functionId : template.logicalIdsOfType(SamTemplate.FUNCTION)) {
            Map<String, Object> properties = (Map<String, Object>) template.resources().get(functionId)
                    .getOrDefault("Properties", Map.of());
            Map<String, Object> variables = new HashMap<>(variables(globals));
            variables.putAll(variables(properties));
            variables.forEach((name, value) -> {
                if (name.endsWith("_TABLE")) {
                    Optional<String> ref = Intrinsics.referencedLogicalId(value);
                    if (ref.isEmpty() || !tables.contains(ref.get())) {
                        violations.add(functionId + ": " + name + " must be !Ref to a table of this template, was "
                                + value);
                    }
                }
            });
            for (Map<?, ?> policy : policies(template, functionId)) {
                policy.forEach((policyName, argument) -> {
                    if (argument instanceof Map<?, ?> args && args.containsKey("TableName")) {
                        Optional<String> ref = Intrinsics.referencedLogicalId(args.get("TableName"));
                        if (ref.isEmpty() || !tables.contains(ref.get())) {
                            violations.add(functionId + ": " + policyName + " names " + args.get("TableName")
                                    + ", which is not a table of this template");
                        }
                    }
                });
            }
        }
        return violations;
    }

    /** The table of credentials, password hashes and refresh-token hashes, and the one function that owns it. */
    private static final String USERS_TABLE = "UsersTable";
    private static final String USERS_TABLE_OWNER = "AuthFunction";

    /**
     * Every function but the auth function may only read single items of the users table (the authorizer and the
     * fan-out check a sign-in session by its key): a SAM DynamoDB policy template on it would also grant Scan, Query
     * and BatchGetItem of every account's credentials, and a statement may grant nothing but GetItem on it.
     */
    @SuppressWarnings("unchecked")
    static List<String> usersTableGrantViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        for (String functionId : template.logicalIdsOfType(SamTemplate.FUNCTION)) {
            if (functionId.equals(USERS_TABLE_OWNER)) {
                continue;
            }
            for (Map<?, ?> policy : policies(template, functionId)) {
                policy.forEach((policyName, argument) -> {
                    if (policyName.equals("Statement")) {
                        for (Object statement : (List<Object>) argument) {
                            Map<String, Object> grant = (Map<String, Object>) statement;
                            if (namesUsersTable(grant.get("Resource"))
                                    && !List.of("dynamodb:GetItem").equals(asList(grant.get("Action")))) {
                                violations.add(functionId + ": statement " + grant.get("Sid") + " grants "
                                        + grant.get("Action") + " on " + USERS_TABLE);
                            }
                        }
                    } else if (argument instanceof Map<?, ?> args && namesUsersTable(args.get("TableName"))) {
                        violations.add(functionId + ": " + policyName + " on " + USERS_TABLE);
                    }
                });
            }
        }
        return violations;
    }

    /** The tables of users' own data, by the functions that own them (create and change their items). */
    private static final Map<String, Set<String>> PRIVATE_TABLE_OWNERS = Map.of(
            "UsersTable", Set.of("AuthFunction"),
            "TradingTable", Set.of("TradingSessionFunction", "BacktestWorkerFunction"),
            "BehaviorTable", Set.of("AnalyzeBehaviorFunction"),
            "RealtimeTable", Set.of("RealtimeFunction"));

    /**
     * No function but a table's owners holds a SAM DynamoDB policy template on a table of users' own data (each
     * template grants Scan of every user's items, and the read one PartiQL selects too), nor a statement granting a
     * Scan, a PartiQL select or every action on it: the others name the key and index reads they make.
     */
    @SuppressWarnings("unchecked")
    static List<String> privateTableGrantViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        for (String functionId : template.logicalIdsOfType(SamTemplate.FUNCTION)) {
            for (Map<?, ?> policy : policies(template, functionId)) {
                policy.forEach((policyName, argument) -> {
                    if (policyName.equals("Statement")) {
                        for (Object statement : asList(argument)) {
                            Map<String, Object> grant = (Map<String, Object>) statement;
                            boolean scans = asList(grant.get("Action")).stream().anyMatch(action -> List.of(
                                    "dynamodb:Scan", "dynamodb:PartiQLSelect", "dynamodb:*", "*").contains(action));
                            asList(grant.get("Resource")).stream().map(TemplateChecks::tableOf)
                                    .flatMap(Optional::stream).distinct()
                                    .filter(table -> scans && notOwnedBy(table, functionId))
                                    .forEach(table -> violations.add(functionId + ": statement " + grant.get("Sid")
                                            + " grants " + grant.get("Action") + " on " + table));
                        }
                    } else if (String.valueOf(policyName).startsWith("DynamoDB")
                            && argument instanceof Map<?, ?> args) {
                        Intrinsics.referencedLogicalId(args.get("TableName"))
                                .filter(table -> notOwnedBy(table, functionId))
                                .ifPresent(table -> violations.add(functionId + ": " + policyName + " on " + table));
                    }
                });
            }
        }
        return violations;
    }

    private static boolean notOwnedBy(String table, String functionId) {
        Set<String> owners = PRIVATE_TABLE_OWNERS.get(table);
        return owners != null && !owners.contains(functionId);
    }

    private static boolean namesUsersTable(Object resource) {
        return asList(resource).stream().anyMatch(item -> Intrinsics.referencedLogicalId(item)
                .map(USERS_TABLE::equals).orElse(false)
                || item instanceof Map<?, ?> sub && String.valueOf(sub.get("Fn::Sub")).contains("${" + USERS_TABLE));
    }

    /** The function's {@code Policies} entries: SAM policy templates ({@code {Name: {args}}}) and statements. */
    @SuppressWarnings("unchecked")
    static List<Map<?, ?>> policies(SamTemplate template, String functionId) {
        Map<String, Object> properties = (Map<String, Object>) template.resources().get(functionId)
                .getOrDefault("Properties", Map.of());
        return ((List<Object>) properties.getOrDefault("Policies", List.of())).stream()
                .filter(policy -> policy instanceof Map<?, ?>).<Map<?, ?>>map(policy -> (Map<?, ?>) policy).toList();
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> list ? List.copyOf(list) : value == null ? List.of() : List.of(value);
    }

    /** The IAM actions that change a table's items (TransactWriteItems is authorised by its items' actions). */
    private static final Set<String> WRITE_ACTIONS = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate",
            "dynamodb:PartiQLDelete", "dynamodb:*", "*");
    private static final Pattern TABLE_ARN_SUB = Pattern.compile("\\$\\{(\\w+)\\.Arn}");

    /**
     * The tables whose items {@code functionId}'s own policies let it change: those of a SAM CRUD or write policy
     * template, and those a statement grants a write action on (the table itself, not one of its indexes).
     */
    @SuppressWarnings("unchecked")
    static Set<String> writableTables(SamTemplate template, String functionId) {
        Set<String> tables = new TreeSet<>();
        for (Map<?, ?> policy : policies(template, functionId)) {
            policy.forEach((name, argument) -> {
                if ((name.equals("DynamoDBCrudPolicy") || name.equals("DynamoDBWritePolicy"))
                        && argument instanceof Map<?, ?> args) {
                    tables.add(Intrinsics.referencedLogicalId(args.get("TableName")).orElseThrow());
                } else if (name.equals("Statement")) {
                    for (Object statement : asList(argument)) {
                        Map<String, Object> grant = (Map<String, Object>) statement;
                        if (asList(grant.get("Action")).stream().anyMatch(WRITE_ACTIONS::contains)) {
                            asList(grant.get("Resource")).forEach(resource -> tableOf(resource).ifPresent(tables::add));
                        }
                    }
                }
            });
        }
        tables.retainAll(template.logicalIdsOfType(SamTemplate.TABLE));
        return tables;
    }

    /** The table a statement's resource is, if it is one: its {@code !GetAtt T.Arn} or {@code !Sub ${T.Arn}}. */
    private static Optional<String> tableOf(Object resource) {
        if (resource instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String text) {
            Matcher arn = TABLE_ARN_SUB.matcher(text);
            return arn.matches() ? Optional.of(arn.group(1)) : Optional.empty();
        }
        return Intrinsics.referencedLogicalId(resource);
    }

    /** The SAM event types that invoke a function asynchronously, by what a violation calls them. */
    private static final Map<String, String> ASYNCHRONOUS_EVENTS = Map.of("ScheduleV2", "schedule",
            "EventBridgeRule", "bus rule");

    /** Types that keep data, whose fate on stack deletion or replacement must be a decision, not the default. */
    static final Set<String> STATEFUL_TYPES = Set.of("AWS::Logs::LogGroup", SamTemplate.TABLE, "AWS::S3::Bucket");

    /**
     * Every stateful resource states both DeletionPolicy and UpdateReplacePolicy
     * (docs/deploying.md#what-a-stack-deletion-keeps).
     */
    static List<String> retentionViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        new TreeSet<>(template.resources().keySet()).forEach(logicalId -> {
            Map<String, Object> resource = template.resources().get(logicalId);
            if (STATEFUL_TYPES.contains(resource.get("Type"))) {
                for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
                    if (!resource.containsKey(policy)) {
                        violations.add(logicalId + ": " + resource.get("Type") + " without " + policy);
                    }
                }
            }
        });
        return violations;
    }

    /**
     * What an operator needs from every part of the stack (docs/operations.md): an errors and a throttles alarm per
     * function, every alarm notifying the alarm topic, and every schedule and bus rule with a retry policy and a
     * dead-letter queue, its function's failed asynchronous runs sent there too.
     */
    @SuppressWarnings("unchecked")
    static List<String> operationsViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> lambdaAlarms = new HashMap<>();
        for (String alarmId : new TreeSet<>(template.logicalIdsOfType("AWS::CloudWatch::Alarm"))) {
            Map<String, Object> properties = (Map<String, Object>) template.resources().get(alarmId)
                    .getOrDefault("Properties", Map.of());
            List<Object> actions = (List<Object>) properties.getOrDefault("AlarmActions", List.of());
            if (actions.stream().map(Intrinsics::referencedLogicalId).noneMatch(Optional.of("AlarmTopic")::equals)) {
                violations.add(alarmId + ": does not notify AlarmTopic");
            }
            List<Map<String, Object>> metrics = new ArrayList<>(List.of(properties));
            for (Object query : (List<Object>) properties.getOrDefault("Metrics", List.of())) {
                Object stat = ((Map<String, Object>) query).get("MetricStat");
                if (stat != null) {
                    metrics.add((Map<String, Object>) ((Map<String, Object>) stat).get("Metric"));
                }
            }
            for (Map<String, Object> metric : metrics) {
                if ("AWS/Lambda".equals(metric.get("Namespace"))) {
                    for (Object dimension : (List<Object>) metric.getOrDefault("Dimensions", List.of())) {
                        Intrinsics.referencedLogicalId(((Map<String, Object>) dimension).get("Value")).ifPresent(
                                function -> lambdaAlarms.computeIfAbsent(function, f -> new TreeSet<>())
                                        .add(String.valueOf(metric.get("MetricName"))));
                    }
                }
            }
        }
        for (String functionId : new TreeSet<>(template.logicalIdsOfType(SamTemplate.FUNCTION))) {
            Set<String> alarmed = lambdaAlarms.getOrDefault(functionId, Set.of());
            for (String metric : List.of("Errors", "Throttles")) {
                if (!alarmed.contains(metric)) {
                    violations.add(functionId + ": no alarm on " + metric);
                }
            }
            Map<String, Object> properties = (Map<String, Object>) template.resources().get(functionId)
                    .getOrDefault("Properties", Map.of());
            Map<String, Object> events = (Map<String, Object>) properties.getOrDefault("Events", Map.of());
            boolean scheduled = false;
            for (var event : new TreeMap<>(events).entrySet()) {
                Map<String, Object> definition = (Map<String, Object>) event.getValue();
                String kind = ASYNCHRONOUS_EVENTS.get(definition.get("Type"));
                if (kind == null) {
                    continue;
                }
                scheduled = true;
                Map<String, Object> schedule = (Map<String, Object>) definition.getOrDefault("Properties", Map.of());
                for (String setting : List.of("RetryPolicy", "DeadLetterConfig")) {
                    if (!schedule.containsKey(setting)) {
                        violations.add(functionId + "." + event.getKey() + ": " + kind + " without " + setting);
                    }
                }
            }
            Object onFailure = ((Map<String, Object>) ((Map<String, Object>) properties
                    .getOrDefault("EventInvokeConfig", Map.of())).getOrDefault("DestinationConfig", Map.of()))
                    .get("OnFailure");
            if (scheduled && onFailure == null) {
                violations.add(functionId + ": invoked asynchronously, but failed runs go nowhere"
                        + " (EventInvokeConfig OnFailure)");
            }
        }
        return violations;
    }

    /** Function properties that are not the function's configuration, so no published version carries them. */
    private static final Set<String> NOT_VERSIONED = Set.of("Events", "Policies", "EventInvokeConfig",
            "VersionDescription");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /**
     * Every template parameter a function's configuration reads (its own properties and Globals', e.g. a variable
     * {@code !Ref LogLevel}) is named in its {@code VersionDescription}. SAM hashes the properties with parameter
     * references unresolved, so a new parameter value alone updates $LATEST but publishes no version, and the alias
     * every caller invokes keeps the old configuration; a version's description cannot change in place, so naming
     * the values there replaces the version when one changes (docs/deploying.md#versions-and-parameters).
     */
    @SuppressWarnings("unchecked")
    static List<String> versionViolations(SamTemplate template) {
        Set<String> parameters = ((Map<String, Object>) template.document().getOrDefault("Parameters", Map.of()))
                .keySet();
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.document()
                .getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of());
        List<String> violations = new ArrayList<>();
        for (String functionId : new TreeSet<>(template.logicalIdsOfType(SamTemplate.FUNCTION))) {
            Map<String, Object> properties = (Map<String, Object>) template.resources().get(functionId)
                    .getOrDefault("Properties", Map.of());
            Set<String> read = new TreeSet<>();
            for (Map<String, Object> source : List.of(globals, properties)) {
                source.forEach((name, value) -> {
                    if (!NOT_VERSIONED.contains(name)) {
                        collectParameters(value, parameters, read);
                    }
                });
            }
            Set<String> named = new TreeSet<>();
            collectParameters(properties.get("VersionDescription"), parameters, named);
            read.removeAll(named);
            read.forEach(parameter -> violations.add(functionId + ": reads parameter " + parameter
                    + ", which its VersionDescription does not name"));
        }
        return violations;
    }

    /** The parameters {@code value} refers to, by {@code Ref} or as a {@code ${Name}} of an {@code Fn::Sub}. */
    private static void collectParameters(Object value, Set<String> parameters, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String ref && parameters.contains(ref)) {
                found.add(ref);
            }
            Object sub = map.get("Fn::Sub");
            Object text = sub instanceof List<?> list && !list.isEmpty() ? list.getFirst() : sub;
            if (text instanceof String string) {
                Matcher variables = SUB_VARIABLE.matcher(string);
                while (variables.find()) {
                    if (parameters.contains(variables.group(1))) {
                        found.add(variables.group(1));
                    }
                }
            }
            map.values().forEach(item -> collectParameters(item, parameters, found));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> collectParameters(item, parameters, found));
        }
    }

    /**
     * Every schedule sets OmitName: without it SAM names the schedule after its function and event, the same in every
     * stack, and a second stack of the template in one account and region fails to create it.
     */
    @SuppressWarnings("unchecked")
    static List<String> scheduleNameViolations(SamTemplate template) {
        List<String> violations = new ArrayList<>();
        for (String functionId : new TreeSet<>(template.logicalIdsOfType(SamTemplate.FUNCTION))) {
            Map<String, Object> properties = (Map<String, Object>) template.resources().get(functionId)
                    .getOrDefault("Properties", Map.of());
            Map<String, Object> events = (Map<String, Object>) properties.getOrDefault("Events", Map.of());
            for (var event : new TreeMap<>(events).entrySet()) {
                Map<String, Object> definition = (Map<String, Object>) event.getValue();
                Map<String, Object> schedule = (Map<String, Object>) definition.getOrDefault("Properties", Map.of());
                if ("ScheduleV2".equals(definition.get("Type")) && !Boolean.TRUE.equals(schedule.get("OmitName"))) {
                    violations.add(functionId + "." + event.getKey() + ": schedule named the same in every stack"
                            + " (OmitName is not true)");
                }
            }
        }
        return violations;
    }

    /**
     * Every function that reads the users table (credentials, sign-in sessions and their expiry) runs on the wall
     * clock in the local runtime ({@code LocalClock: wall}), as the authorizer does: on the market replay clock a
     * session past its end would still count as signed in.
     */
    static List<String> securityClockViolations(SamTemplate template) {
        return template.functions().stream()
                .filter(function -> function.environment().containsKey("USERS_TABLE") && !function.usesWallClock())
                .map(function -> function.logicalId() + ": reads USERS_TABLE on the replay clock (no LocalClock: wall)")
                .sorted().toList();
    }

    /**
     * Each function's template routes (the HTTP API's, and the WebSocket API's through their integrations) equal the
     * routes its handler serves, and no route key is claimed twice.
     *
     * @param served the route keys each function's handler declares; absent for handlers that serve no routes
     */
    static List<String> routeViolations(SamTemplate template, Map<String, Optional<Set<String>>> served) {
        List<String> violations = new ArrayList<>();
        Map<String, String> owner = new HashMap<>();
        Map<String, Set<String>> webSocketRoutes = new HashMap<>();
        template.webSocketApi().ifPresent(api -> api.routes().values().forEach(route -> webSocketRoutes
                .computeIfAbsent(route.functionLogicalId(), f -> new TreeSet<>()).add(route.routeKey())));
        for (FunctionDefinition function : template.functions()) {
            Set<String> routed = new TreeSet<>(webSocketRoutes.getOrDefault(function.logicalId(), Set.of()));
            for (HttpRoute route : function.routes()) {
                routed.add(route.routeKey());
                String previous = owner.put(route.routeKey(), function.logicalId());
                if (previous != null) {
                    violations.add(route.routeKey() + " is routed to both " + previous + " and " + function.logicalId());
                }
            }
            Set<String> handled = served.getOrDefault(function.logicalId(), Optional.empty()).orElse(Set.of());
            for (String key : routed) {
                if (!handled.contains(key)) {
                    violations.add(key + " is routed to " + function.logicalId() + " but its handler does not serve it");
                }
            }
            for (String key : handled) {
                if (!routed.contains(key)) {
                    violations.add(function.logicalId() + " serves " + key + " but template.yaml has no route for it");
                }
            }
        }
        return violations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        if (environment instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
            return (Map<String, Object>) variables;
        }
        return Map.of();
    }

    /** Looks for a class file directly under {@code classRoot} or inside the jars under {@code jarFolder}. */
    private static boolean zipHasClass(Path zip, String classEntry, String classRoot, String jarFolder) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (classRoot != null && file.getEntry(classRoot + classEntry) != null) {
                return true;
            }
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith(jarFolder) && entry.getName().endsWith(".jar")
                        && jarHasEntry(file.getInputStream(entry), classEntry)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + zip, e);
        }
    }

    private static boolean jarHasEntry(InputStream jar, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(jar)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }
}
