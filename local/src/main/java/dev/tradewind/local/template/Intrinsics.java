package dev.tradewind.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions the local runtime can answer truthfully: parameters, pseudo parameters, table
 * names and ARNs, event bus names and ARNs, stage names, {@code Fn::Sub} and {@code Fn::Join} over those. Locally a
 * table's physical name is its logical id (unless the template names it), which is also how the test fixtures
 * create tables; a {@code !Ref} of any other resource is its logical id.
 */
public final class Intrinsics {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String STACK_NAME = "tradewind-local";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> parameters;
    private final Map<String, Map<String, Object>> resources;
    private final String autoPublishAlias;

    /** @param autoPublishAlias the Globals' {@code AutoPublishAlias}, what {@code !Ref Function.Alias} names; or null */
    Intrinsics(Map<String, String> parameters, Map<String, Map<String, Object>> resources, String autoPublishAlias) {
        this.parameters = Map.copyOf(parameters);
        this.resources = resources;
        this.autoPublishAlias = autoPublishAlias;
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} points at, if the value is one of those. */
    public static Optional<String> referencedLogicalId(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.get("Ref") instanceof String ref) {
                return Optional.of(ref);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
                return Optional.of(String.valueOf(getAtt.getFirst()));
            }
        }
        return Optional.empty();
    }

    public String tableName(String logicalId) {
        Object name = Values.map(resources.get(logicalId).getOrDefault("Properties", Map.of()), logicalId)
                .get("TableName");
        return name == null ? logicalId : resolveString(name, "Resources." + logicalId + ".Properties.TableName");
    }

    /** What {@code !Ref} of an {@code AWS::Events::EventBus} answers, as in CloudFormation: its name. */
    public String eventBusName(String logicalId) {
        Object name = Values.map(resources.get(logicalId).getOrDefault("Properties", Map.of()), logicalId).get("Name");
        if (name == null) {
            throw new TemplateException("Resources." + logicalId + ".Properties.Name is missing");
        }
        return resolveString(name, "Resources." + logicalId + ".Properties.Name");
    }

    /** A list, or a {@code !Ref} to a CommaDelimitedList parameter, as strings. */
    public List<String> resolveList(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> resolveString(item, where)).toList();
        }
        return List.of(resolveString(value, where).split("\\s*,\\s*"));
    }

    public String resolveString(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object key = map.keySet().iterator().next();
            Object argument = map.get(key);
            switch (String.valueOf(key)) {
                case "Ref" -> {
                    return ref(String.valueOf(argument), where);
                }
                case "Fn::GetAtt" -> {
                    List<?> parts = argument instanceof List<?> list ? list : List.of();
                    if (parts.size() == 2) {
                        return getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), where);
                    }
                }
                case "Fn::Sub" -> {
                    if (argument instanceof String template) {
                        return sub(template, where);
                    }
                }
                case "Fn::Join" -> {
                    if (argument instanceof List<?> join && join.size() == 2 && join.get(1) instanceof List<?> items) {
                        StringBuilder out = new StringBuilder();
                        for (int i = 0; i < items.size(); i++) {
                            if (i > 0) {
                                out.append(join.get(0));
                            }
                            out.append(resolveString(items.get(i), where));
                        }
                        return out.toString();
                    }
                }
                default -> {
                }
            }
        }
        throw new TemplateException(where + ": the local runtime cannot resolve " + value);
    }

    private String ref(String name, String where) {
        return switch (name) {
            case "AWS::Region" -> REGION;
            case "AWS::AccountId" -> ACCOUNT_ID;
            case "AWS::StackName" -> STACK_NAME;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> {
                if (parameters.containsKey(name)) {
                    yield parameters.get(name);
                }
                Map<String, Object> resource = resources.get(name);
                if (resource == null && name.endsWith(".Alias") && autoPublishAlias != null) {
                    String function = name.substring(0, name.length() - ".Alias".length());
                    Map<String, Object> base = resources.get(function);
                    if (base != null && SamTemplate.FUNCTION.equals(base.get("Type"))) {
                        yield "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + function + ":"
                                + autoPublishAlias;
                    }
                }
                if (resource != null && SamTemplate.TABLE.equals(resource.get("Type"))) {
                    yield tableName(name);
                }
                if (resource != null && SamTemplate.EVENT_BUS.equals(resource.get("Type"))) {
                    yield eventBusName(name);
                }
                if (resource != null && SamTemplate.API_V2_STAGE.equals(resource.get("Type"))) {
                    yield resolveString(Values.map(resource.getOrDefault("Properties", Map.of()), name)
                            .get("StageName"), "Resources." + name + ".Properties.StageName");
                }
                if (resource != null) {
                    yield name;
                }
                throw new TemplateException(where + ": !Ref " + name + " is neither a parameter nor a resource");
            }
        };
    }

    private String getAtt(String logicalId, String attribute, String where) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException(where + ": !GetAtt " + logicalId + "." + attribute + " names no resource");
        }
        if (SamTemplate.TABLE.equals(resource.get("Type")) && attribute.equals("Arn")) {
            return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + tableName(logicalId);
        }
        if (SamTemplate.EVENT_BUS.equals(resource.get("Type")) && attribute.equals("Arn")) {
            return EventBusDefinition.arnOf(eventBusName(logicalId));
        }
        if (SamTemplate.EVENT_BUS.equals(resource.get("Type")) && attribute.equals("Name")) {
            return eventBusName(logicalId);
        }
        if (SamTemplate.FUNCTION.equals(resource.get("Type")) && attribute.equals("Arn")) {
            return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + logicalId;
        }
        throw new TemplateException(where + ": the local runtime cannot resolve !GetAtt " + logicalId + "." + attribute);
    }

    private String sub(String template, String where) {
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            int dot = variable.indexOf('.');
            // ${Fn.Alias} names SAM's alias resource of an AutoPublishAlias function, as !Ref Fn.Alias does.
            String value = dot > 0 && !variable.startsWith("AWS::") && !variable.endsWith(".Alias")
                    ? getAtt(variable.substring(0, dot), variable.substring(dot + 1), where)
                    : ref(variable, where);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }
}
