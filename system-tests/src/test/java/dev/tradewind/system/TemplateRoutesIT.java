package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.local.FunctionEnvironments;
import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.lambda.FunctionPool;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route in template.yaml is served by the handler it points at, and every route a handler serves is routed. */
class TemplateRoutesIT {

    private static final Map<String, Optional<Set<String>>> SERVED = new LinkedHashMap<>();

    @BeforeAll
    static void loadEveryHandlerFromItsZip(@TempDir Path work) throws Exception {
        SamTemplate template = SamTemplate.load(Repository.template());
        var environments = FunctionEnvironments.create(Optional.empty(), LocalDynamoDb.server().endpoint(),
                Optional.empty());
        for (FunctionDefinition function : template.functions()) {
            FunctionArtifacts artifacts = FunctionArtifacts.unpack(function, work);
            try (FunctionPool pool = new FunctionPool(function, artifacts, environments.forFunction(function, artifacts),
                    Clock.systemUTC(), 1, System.out, invocation -> { })) {
                SERVED.put(function.logicalId(), pool.routeKeys());
            }
        }
    }

    @Test
    void templateRoutes_matchTheRoutesHandlersServe() {
        assertEquals(List.of(), TemplateChecks.routeViolations(SamTemplate.load(Repository.template()), SERVED));
    }

    @Test
    void routeWithoutHandler_isReported() throws Exception {
        SamTemplate broken = TemplateConsistencyTest.edited("            Method: GET\n            Path: /v1/auth/me\n",
                "            Method: GET\n            Path: /v1/auth/me\n        Ghost:\n          Type: HttpApi\n          Properties:\n"
                        + "            ApiId: !Ref HttpApi\n            Method: GET\n            Path: /v1/auth/ghost\n");
        assertEquals(List.of("GET /v1/auth/ghost is routed to AuthFunction but its handler does not serve it"),
                TemplateChecks.routeViolations(broken, SERVED));
    }

    @Test
    void webSocketRouteMissingFromTemplate_isReported() throws Exception {
        SamTemplate broken = TemplateConsistencyTest.edited("      RouteKey: unsubscribe\n", "      RouteKey: leave\n");
        assertEquals(List.of("leave is routed to RealtimeFunction but its handler does not serve it",
                "RealtimeFunction serves unsubscribe but template.yaml has no route for it"),
                TemplateChecks.routeViolations(broken, SERVED));
    }

    @Test
    void handlerRouteMissingFromTemplate_isReported() throws Exception {
        SamTemplate broken = TemplateConsistencyTest.edited("            Method: GET\n            Path: /v1/auth/me\n",
                "            Method: GET\n            Path: /v1/auth/profile\n");
        List<String> violations = TemplateChecks.routeViolations(broken, SERVED);
        assertEquals(List.of("GET /v1/auth/profile is routed to AuthFunction but its handler does not serve it",
                "AuthFunction serves GET /v1/auth/me but template.yaml has no route for it"), violations);
    }
}
