package dev.tradewind.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard and the API page from the runtime's classpath; anything else is left to the API. */
class StaticSiteTest {

    private final StaticSite site = new StaticSite();

    private Optional<GatewayResponse> get(String method, String path) {
        return site.serve(new GatewayRequest(method, path, null, Map.of(), new byte[0], "127.0.0.1", "HTTP/1.1"));
    }

    private static String header(GatewayResponse response, String name) {
        return response.headers().getOrDefault(name, List.of("")).get(0);
    }

    @Test
    void root_servesTheDashboard_withItsSecurityPolicy() {
        GatewayResponse index = get("GET", "/").orElseThrow();
        assertEquals(200, index.status());
        assertEquals("text/html; charset=utf-8", header(index, "content-type"));
        assertTrue(index.bodyText().contains("<script type=\"module\" src=\"app.js\">"), index.bodyText());
        assertTrue(header(index, "content-security-policy").contains("script-src 'self'"));
        GatewayResponse script = get("GET", "/app.js").orElseThrow();
        assertEquals("text/javascript; charset=utf-8", header(script, "content-type"));
        assertEquals(200, get("HEAD", "/vendor/uplot/uPlot.esm.js").orElseThrow().status());
    }

    @Test
    void apiDocs_isSwaggerUi_openingTheServedContract() {
        assertEquals("/api-docs/", header(get("GET", "/api-docs").orElseThrow(), "location"));
        GatewayResponse page = get("GET", "/api-docs/").orElseThrow();
        assertTrue(page.bodyText().contains("swagger-ui-bundle.js"), page.bodyText());
        assertTrue(get("GET", "/api-docs/swagger-initializer.js").orElseThrow().bodyText()
                .contains("url: \"/v1/openapi.yaml\""), "the webjar's Petstore initializer is replaced");
        assertEquals(200, get("GET", "/api-docs/swagger-ui-bundle.js").orElseThrow().status());
    }

    @Test
    void routesWritesTraversalAndUnknownFiles_areLeftToTheApi() {
        assertEquals(Optional.empty(), get("GET", "/v1/assets"));
        assertEquals(Optional.empty(), get("POST", "/"));
        assertEquals(Optional.empty(), get("GET", "/nothing.js"));
        assertEquals(Optional.empty(), get("GET", "/../pom.xml"));
        assertEquals(Optional.empty(), get("GET", "/views/"));
        assertEquals(Optional.empty(), get("GET", "/views"));
        assertEquals(Optional.empty(), get("GET", "/api-docs/../../META-INF/MANIFEST.MF"));
    }
}
