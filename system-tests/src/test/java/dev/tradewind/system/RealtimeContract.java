package dev.tradewind.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/asyncapi.yaml as a test oracle: the document itself against the official AsyncAPI 3.0.0 schema, and any
 * message the realtime functions send against the payload of the message its {@code type} names. A message's
 * {@code data} is checked against the HTTP route's schema in docs/openapi.yaml, which the AsyncAPI document refers to.
 */
final class RealtimeContract {

    static final Path SPEC = Repository.path("docs/asyncapi.yaml");
    private static final Path SCHEMA = Repository.path("build/schemas/asyncapi-3.0.0.schema.json");
    private static final String BASE = "https://tradewind.example/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RealtimeContract loaded;

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> payloads = new ConcurrentHashMap<>();

    private RealtimeContract(JsonNode document, JsonNode openApi) {
        this.document = document;
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder
                .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE + "asyncapi.yaml", document.toString(),
                        BASE + "openapi.yaml", openApi.toString()))));
    }

    static synchronized RealtimeContract load() {
        if (loaded == null) {
            loaded = new RealtimeContract(yaml(SPEC), OpenApiContract.load().document());
        }
        return loaded;
    }

    private static JsonNode yaml(Path file) {
        try {
            return JSON.valueToTree(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the official AsyncAPI 3.0.0 schema finds wrong with the document; empty when nothing. */
    List<String> documentViolations() {
        return documentViolations(document);
    }

    static List<String> documentViolations(JsonNode asyncApi) {
        JsonSchema schema;
        try {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(JSON.readTree(SCHEMA.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema.validate(asyncApi).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    JsonNode document() {
        return document;
    }

    /** The message names a server sends: every message of a channel that some operation receives or replies. */
    Set<String> serverMessages() {
        Set<String> names = new TreeSet<>();
        document.path("operations").forEach(operation -> {
            List<JsonNode> refs = new ArrayList<>();
            if (operation.path("action").asText().equals("receive")) {
                operation.path("messages").forEach(refs::add);
            }
            operation.path("reply").path("messages").forEach(refs::add);
            refs.forEach(ref -> {
                String pointer = ref.path("$ref").asText().substring(1);
                names.add(document.at(pointer).path("$ref").asText().replace("#/components/messages/", ""));
            });
        });
        return names;
    }

    /** What is wrong with one message a realtime function sent, by its {@code type}; empty when nothing. */
    List<String> checkMessage(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return List.of("not JSON: " + text);
        }
        String type = message == null ? "" : message.path("type").asText("");
        if (!serverMessages().contains(type)) {
            return List.of("type '" + type + "' is no message the contract lets the server send: " + text);
        }
        JsonSchema schema = payloads.computeIfAbsent(type, name -> factory.getSchema(
                SchemaLocation.of(BASE + "asyncapi.yaml#/components/messages/" + name + "/payload")));
        return schema.validate(message).stream().map(v -> type + ": " + v.getMessage()).sorted().toList();
    }
}
