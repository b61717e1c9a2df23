package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.testing.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamSchemaTest {

    private static Map<String, Object> document() {
        return SamTemplate.load(Repository.template()).document();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> document, String logicalId) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document.get("Resources"))
                .get(logicalId)).get("Properties");
    }

    @Test
    void template_validatesAgainstOfficialSamSchema() {
        assertEquals(List.of(), TemplateChecks.schemaViolations(document()));
    }

    @Test
    void vendoredSchema_isTheSharedCopy() throws Exception {
        Path shared = Repository.root().resolveSibling("shared").resolve("schemas/sam.schema.json");
        assumeTrue(Files.isRegularFile(shared), "no ../shared on this machine to compare with");
        assertArrayEquals(Files.readAllBytes(shared), Files.readAllBytes(TemplateChecks.vendoredSchema()));
    }

    @Test
    void misspelledFunctionProperty_failsValidation() {
        Map<String, Object> document = document();
        Map<String, Object> properties = properties(document, "AuthFunction");
        properties.put("MemorySise", 512);
        List<String> violations = TemplateChecks.schemaViolations(document);
        assertTrue(violations.stream().anyMatch(v -> v.contains("MemorySise")), violations.toString());
    }

    @Test
    void misspelledHttpApiProperty_failsValidation() {
        Map<String, Object> document = document();
        Map<String, Object> properties = properties(document, "HttpApi");
        properties.put("CorsConfig", properties.remove("CorsConfiguration"));
        List<String> violations = TemplateChecks.schemaViolations(document);
        assertTrue(violations.stream().anyMatch(v -> v.contains("CorsConfig")), violations.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void autoPublishAliasAllPropertiesInGlobals_failsValidation() {
        Map<String, Object> document = document();
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) document.get("Globals")).get("Function");
        Map<String, Object> changed = new LinkedHashMap<>(globals);
        changed.put("AutoPublishAliasAllProperties", true);
        ((Map<String, Object>) document.get("Globals")).put("Function", changed);
        assertTrue(TemplateChecks.schemaViolations(document).stream()
                .anyMatch(v -> v.contains("AutoPublishAliasAllProperties")));
    }
}
