package dev.tradewind.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.template.EventInvokeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LambdaInvokeApiTest {

    private final List<String> invoked = new ArrayList<>();
    private final CountDownLatch eventRan = new CountDownLatch(1);
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private Invocation run(String name, byte[] payload) {
        synchronized (invoked) {
            invoked.add(name + " " + new String(payload, StandardCharsets.UTF_8));
        }
        eventRan.countDown();
        return name.equals("Broken")
                ? new Invocation("r1", name, null, new FunctionError("java.lang.IllegalStateException", "boom"), 1, null,
                        512)
                : new Invocation("r1", name, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), null, 1, null, 512);
    }

    private final AsyncInvoker events = new AsyncInvoker("test-invoke", this::run, attempt -> Duration.ZERO);

    private final LambdaInvokeApi api = new LambdaInvokeApi(Map.of("PredictFunction", EventInvokeConfig.DEFAULT,
            "Broken", new EventInvokeConfig(1, 3600)), this::run, events,
            new PrintStream(log, true, StandardCharsets.UTF_8));

    @AfterEach
    void stop() {
        events.close();
    }

    private static GatewayRequest invoke(String function, String type) {
        return new GatewayRequest("POST", "/2015-03-31/functions/" + function + "/invocations", null,
                type == null ? Map.of() : Map.of("X-Amz-Invocation-Type", List.of(type)),
                "{\"forecastHistory\":{}}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1");
    }

    @Test
    void aFunctionIsFoundByNameOrArn_withOrWithoutAQualifier() {
        for (String reference : List.of("PredictFunction", "PredictFunction:live",
                "arn:aws:lambda:us-east-1:123456789012:function:PredictFunction:live",
                "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3APredictFunction%3Alive")) {
            GatewayResponse response = api.serve(invoke(reference, null)).orElseThrow();
            assertEquals(200, response.status(), reference);
            assertEquals("{\"ok\":true}", response.bodyText());
        }
        assertEquals(4, invoked.size());
        assertEquals("PredictFunction {\"forecastHistory\":{}}", invoked.getFirst());
    }

    @Test
    void aFailure_isAFunctionErrorWithItsTypeAndMessage() {
        GatewayResponse response = api.serve(invoke("Broken", "RequestResponse")).orElseThrow();
        assertEquals(200, response.status());
        assertEquals(List.of("Unhandled"), response.headers().get("x-amz-function-error"));
        assertTrue(response.bodyText().contains("\"errorMessage\":\"boom\""), response.bodyText());
    }

    @Test
    void unknownFunctions_eventsAndDryRuns_answerAsLambdaDoes() throws InterruptedException {
        GatewayResponse missing = api.serve(invoke("Nope", null)).orElseThrow();
        assertEquals(404, missing.status());
        assertEquals(List.of("ResourceNotFoundException"), missing.headers().get("x-amzn-errortype"));
        assertEquals(204, api.serve(invoke("PredictFunction", "DryRun")).orElseThrow().status());
        assertEquals(0, invoked.size());
        assertEquals(202, api.serve(invoke("PredictFunction", "Event")).orElseThrow().status());
        assertTrue(eventRan.await(30, TimeUnit.SECONDS), "the event ran in the background");
        assertEquals(400, api.serve(invoke("PredictFunction", "Later")).orElseThrow().status());
    }

    /**
     * The admin routes' checks: a DNS-rebound page (its own Host) or a cross-site POST (Origin, text/plain) could
     * otherwise run any function on a forged event whose authorizer context names any user.
     */
    @Test
    void serve_rebindingHostOrCrossSitePost_refusesWithoutInvoking() {
        String forged = "{\"version\":\"2.0\",\"routeKey\":\"DELETE /v1/sessions/{sessionId}\",\"requestContext\":"
                + "{\"authorizer\":{\"lambda\":{\"userId\":\"victim\"}}}}";
        List<Map<String, List<String>>> webPages = List.of(
                Map.of("Host", List.of("rebound.evil.example:3000")),
                Map.of("Host", List.of("127.0.0.1:3000"), "Origin", List.of("http://evil.example"),
                        "Content-Type", List.of("text/plain")),
                Map.of("Host", List.of("127.0.0.1:3000"), "Origin", List.of("http://127.0.0.1:3000")));
        for (Map<String, List<String>> headers : webPages) {
            GatewayResponse response = api.serve(new GatewayRequest("POST",
                    "/2015-03-31/functions/PredictFunction/invocations", null, headers,
                    forged.getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1")).orElseThrow();
            assertEquals(403, response.status(), headers.toString());
        }
        GatewayResponse remote = api.serve(new GatewayRequest("POST",
                "/2015-03-31/functions/PredictFunction/invocations", null, Map.of("Host", List.of("127.0.0.1:3000")),
                forged.getBytes(StandardCharsets.UTF_8), "192.168.1.20", "HTTP/1.1")).orElseThrow();
        assertEquals(403, remote.status());
        assertEquals(List.of(), invoked, "no function ran");
    }

    @Test
    void otherRequests_areNotItsBusiness() {
        assertTrue(api.serve(new GatewayRequest("GET", "/v1/health/predict", null, Map.of(), new byte[0], "127.0.0.1",
                "HTTP/1.1")).isEmpty());
    }
}
