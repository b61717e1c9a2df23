package dev.tradewind.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/openapi.yaml as a test oracle: which route a request is, and whether an answer (status, content type, body) is
 * one the contract allows. Bodies are checked with the JSON Schema validator the template checks already use
 * (com.networknt json-schema-validator), in its OpenAPI 3.1 dialect, so the spec's schemas are read exactly as
 * OpenAPI 3.1 defines them (JSON Schema 2020-12) and no second library is needed.
 */
final class OpenApiContract {

    static final Path SPEC = Repository.path("docs/openapi.yaml");
    private static final String IRI = "https://tradewind.example/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static OpenApiContract loaded;

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** One operation: its route key, and the path as a pattern over concrete paths. */
    record Operation(String method, String path, Pattern pattern, JsonNode node, String pointer) {
        String routeKey() {
            return method + " " + path;
        }
    }

    private OpenApiContract(JsonNode document) {
        this.document = document;
        String text = document.toString();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(IRI, text))));
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                String regex = Pattern.quote(path.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        Pattern.compile(regex), method.getValue(),
                        "/paths/" + escape(path.getKey()) + "/" + method.getKey()));
            }
        }));
        // Literal segments win over parameters (/v1/auth/me/export before /v1/assets/{symbol}), as in API Gateway.
        operations.sort(Comparator.comparingLong((Operation o) -> o.path().chars().filter(c -> c == '{').count()));
    }

    static synchronized OpenApiContract load() {
        if (loaded == null) {
            try {
                Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(SPEC));
                loaded = new OpenApiContract(JSON.valueToTree(yaml));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    JsonNode document() {
        return document;
    }

    Set<String> routeKeys() {
        Set<String> keys = new LinkedHashSet<>();
        operations.forEach(o -> keys.add(o.routeKey()));
        return keys;
    }

    Optional<Operation> operation(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return operations.stream().filter(o -> o.method().equalsIgnoreCase(method) && o.pattern().matcher(bare).matches())
                .findFirst();
    }

    /**
     * What is wrong with an answer to {@code method path}, by the contract; empty when nothing.
     *
     * @param contentType the answer's Content-Type, null when it has none
     * @param body        the answer's body, empty when it has none
     */
    List<String> checkAnswer(String method, String path, int status, String contentType, String body) {
        Optional<Operation> operation = operation(method, path);
        if (operation.isEmpty()) {
            return List.of(method + " " + path + " is no operation of docs/openapi.yaml");
        }
        Operation op = operation.get();
        String where = op.routeKey() + " -> " + status;
        JsonNode responses = op.node().path("responses");
        String key = responses.has(Integer.toString(status)) ? Integer.toString(status) : "default";
        if (!responses.has(key)) {
            return List.of(where + ": the contract lists no such status and no default");
        }
        String pointer = op.pointer() + "/responses/" + key;
        JsonNode response = responses.get(key);
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isEmpty() ? List.of() : List.of(where + ": the contract says no body");
        }
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(media)) {
            return List.of(where + ": content type '" + media + "' is not among " + names(content));
        }
        if (!media.equals("application/json")) {
            return List.of();
        }
        return validate(pointer + "/content/" + escape(media) + "/schema", body, where);
    }

    /** Whether the contract accepts a request body, for the fuzzer: empty when it does (or says nothing). */
    List<String> checkRequest(String method, String path, String contentType, String body) {
        Optional<Operation> operation = operation(method, path);
        if (operation.isEmpty() || body == null || body.isEmpty()) {
            return List.of();
        }
        JsonNode content = operation.get().node().path("requestBody").path("content");
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") || !content.has(media)) {
            return List.of();
        }
        return validate(operation.get().pointer() + "/requestBody/content/" + escape(media) + "/schema", body,
                operation.get().routeKey() + " request");
    }

    private List<String> validate(String pointer, String body, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return List.of(where + ": the body is not JSON");
        }
        if (node == null) {
            return List.of(where + ": the body is empty");
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer,
                p -> factory.getSchema(SchemaLocation.of(IRI + "#" + p)));
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(node)) {
            problems.add(where + ": " + message.getMessage());
        }
        return problems;
    }

    private static String names(JsonNode content) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = content.fieldNames();
        it.forEachRemaining(names::add);
        return names.toString();
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
