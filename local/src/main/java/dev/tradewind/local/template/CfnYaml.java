package dev.tradewind.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Parses CloudFormation YAML into plain maps and lists, turning the short-form tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt} ...) into the long form ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}) that JSON tools and the
 * SAM schema understand.
 */
public final class CfnYaml {

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "Length", "ToJsonString");

    private CfnYaml() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String yaml, String source) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build();
        try {
            Node root = new Compose(settings).composeString(yaml)
                    .orElseThrow(() -> new TemplateException(source + " is empty"));
            Object value = new CfnConstructor(settings).constructSingleDocument(java.util.Optional.of(root));
            if (!(value instanceof Map<?, ?> map)) {
                throw new TemplateException(source + " must be a YAML mapping at the top level");
            }
            return (Map<String, Object>) map;
        } catch (YamlEngineException e) {
            throw new TemplateException(source + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static final class CfnConstructor extends StandardConstructor {
        CfnConstructor(LoadSettings settings) {
            super(settings);
            tagConstructors.put(new Tag("!Ref"), node -> Map.of("Ref", constructAny(node)));
            tagConstructors.put(new Tag("!Condition"), node -> Map.of("Condition", constructAny(node)));
            tagConstructors.put(new Tag("!GetAtt"), node -> Map.of("Fn::GetAtt", getAtt(constructAny(node))));
            for (String function : FUNCTIONS) {
                if (!function.equals("GetAtt")) {
                    tagConstructors.put(new Tag("!" + function), node -> Map.of("Fn::" + function, constructAny(node)));
                }
            }
        }

        private Object constructAny(Node node) {
            return switch (node) {
                case ScalarNode scalar -> constructScalar(scalar);
                case SequenceNode sequence -> constructSequence(sequence);
                case MappingNode mapping -> new LinkedHashMap<>(constructMapping(mapping));
                default -> throw new TemplateException("Unsupported YAML node " + node.getNodeType());
            };
        }

        /** {@code !GetAtt Resource.Attribute} is the string form of {@code ["Resource", "Attribute"]}. */
        private static Object getAtt(Object value) {
            if (value instanceof String text) {
                int dot = text.indexOf('.');
                if (dot < 1) {
                    throw new TemplateException("!GetAtt needs Resource.Attribute, got '" + text + "'");
                }
                return List.of(text.substring(0, dot), text.substring(dot + 1));
            }
            return value;
        }
    }
}
