package dev.tradewind.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.ThrottledException;
import dev.tradewind.shared.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class HttpApiHandlerTest {

    record Greeting(String name) {
    }

    static final class SampleHandler extends HttpApiHandler {
        SampleHandler() {
            super(Router.builder()
                    .get("/v1/ok", request -> ApiResponse.ok(Map.of("user", request.userId())))
                    .post("/v1/greet", request -> ApiResponse.created(request.body(Greeting.class), "/v1/greet/1"))
                    .get("/v1/limited", request -> {
                        throw new ThrottledException("Slow down", Duration.ofMillis(29_001));
                    })
                    .get("/v1/throttled", request -> {
                        throw ProvisionedThroughputExceededException.builder().statusCode(400).message("slow down")
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("ProvisionedThroughputExceededException").build()).build();
                    })
                    .get("/v1/timeout", request -> {
                        throw new CompletionException(ApiCallAttemptTimeoutException.create(2_000));
                    })
                    .get("/v1/invalid-expression", request -> {
                        throw DynamoDbException.builder().statusCode(400).message("Invalid KeyConditionExpression")
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build())
                                .build();
                    })
                    .get("/v1/boom", request -> {
                        throw new IllegalStateException("db password=hunter2 at host 10.0.0.1");
                    })
                    .build());
        }
    }

    private final SampleHandler handler = new SampleHandler();

    private static Context context() {
        Context context = mock(Context.class);
        when(context.getAwsRequestId()).thenReturn("lambda-req-1");
        when(context.getFunctionName()).thenReturn("SampleFunction");
        return context;
    }

    private JsonNode invoke(APIGatewayV2HTTPEvent event) throws Exception {
        return invokeRaw(Json.writeBytes(event));
    }

    private JsonNode invokeRaw(byte[] payload) throws Exception {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload), out, context());
        return Json.mapper().readTree(out.toByteArray());
    }

    @Test
    void routeKeys_listsDeclaredRoutes() {
        assertEquals(Set.of("GET /v1/ok", "POST /v1/greet", "GET /v1/limited", "GET /v1/throttled", "GET /v1/timeout",
                "GET /v1/invalid-expression", "GET /v1/boom"), handler.routeKeys());
    }

    @Test
    void handle_matchingRoute_returnsJsonWithStatusAndHeaders() throws Exception {
        JsonNode response = invoke(HttpEvents.withUser(HttpEvents.event("GET /v1/ok", null), "u1"));
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("application/json; charset=utf-8", response.get("headers").get("content-type").asText());
        assertEquals("u1", Json.mapper().readTree(response.get("body").asText()).get("user").asText());
    }

    @Test
    void handle_created_setsLocation() throws Exception {
        JsonNode response = invoke(HttpEvents.event("POST /v1/greet", "{\"name\":\"Ada\"}"));
        assertEquals(201, response.get("statusCode").asInt());
        assertEquals("/v1/greet/1", response.get("headers").get("location").asText());
    }

    @Test
    void handle_unknownRoute_returns404InErrorModel() throws Exception {
        JsonNode response = invoke(HttpEvents.event("GET /v1/nowhere", null));
        assertEquals(404, response.get("statusCode").asInt());
        JsonNode error = Json.mapper().readTree(response.get("body").asText()).get("error");
        assertEquals("ROUTE_NOT_FOUND", error.get("code").asText());
        assertEquals("req-1", error.get("requestId").asText());
    }

    @Test
    void handle_validationFailure_returns400WithDetails() throws Exception {
        JsonNode response = invoke(HttpEvents.event("POST /v1/greet", "{\"nme\":\"Ada\"}"));
        assertEquals(400, response.get("statusCode").asInt());
        JsonNode error = Json.mapper().readTree(response.get("body").asText()).get("error");
        assertEquals("VALIDATION_FAILED", error.get("code").asText());
        assertEquals("nme", error.get("details").get(0).get("field").asText());
    }

    @Test
    void handle_tooManyRequests_setsRetryAfterInWholeSecondsRoundedUp() throws Exception {
        JsonNode response = invoke(HttpEvents.event("GET /v1/limited", null));
        assertEquals(429, response.get("statusCode").asInt());
        assertEquals("30", response.get("headers").get("retry-after").asText());
    }

    @Test
    void handle_dynamoDbThrottledAfterRetries_returns503WithRetryAfter() throws Exception {
        for (String route : new String[] {"GET /v1/throttled", "GET /v1/timeout"}) {
            JsonNode response = invoke(HttpEvents.event(route, null));
            assertEquals(503, response.get("statusCode").asInt(), route);
            assertEquals("1", response.get("headers").get("retry-after").asText(), route);
            JsonNode error = Json.mapper().readTree(response.get("body").asText()).get("error");
            assertEquals("TEMPORARILY_UNAVAILABLE", error.get("code").asText(), route);
            assertEquals("req-1", error.get("requestId").asText(), route);
        }
    }

    @Test
    void handle_dynamoDbValidationError_isABug_returns500() throws Exception {
        JsonNode response = invoke(HttpEvents.event("GET /v1/invalid-expression", null));
        assertEquals(500, response.get("statusCode").asInt());
        assertFalse(response.get("headers").has("retry-after"));
    }

    @Test
    void handle_privateRouteWithoutAuthorizerContext_returns401() throws Exception {
        JsonNode response = invoke(HttpEvents.event("GET /v1/ok", null));
        assertEquals(401, response.get("statusCode").asInt());
    }

    @Test
    void handle_unexpectedException_returnsGeneric500AndLogsStackTraceOnly() throws Exception {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        JsonNode response;
        try {
            response = invoke(HttpEvents.event("GET /v1/boom", null));
        } finally {
            System.setOut(original);
        }
        assertEquals(500, response.get("statusCode").asInt());
        String body = response.get("body").asText();
        JsonNode error = Json.mapper().readTree(body).get("error");
        assertEquals("INTERNAL_ERROR", error.get("code").asText());
        assertEquals("An unexpected error occurred", error.get("message").asText());
        assertFalse(body.contains("hunter2"));
        assertFalse(body.contains("IllegalStateException"));
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("IllegalStateException"), "stack trace is logged for operators");
        assertTrue(logs.contains("\"correlation_id\":\"req-1\""), logs);
    }

    @Test
    void handle_bodyLargerThanAnyRouteLimit_returns413NotAMalformedEvent() throws Exception {
        // 2 MB is under Lambda's 6 MB payload limit, so the event itself must parse and the route's limit must answer.
        JsonNode response = invoke(HttpEvents.event("POST /v1/greet", "{\"name\":\"" + "x".repeat(2_000_000) + "\"}"));
        assertEquals(413, response.get("statusCode").asInt());
        assertEquals("PAYLOAD_TOO_LARGE",
                Json.mapper().readTree(response.get("body").asText()).get("error").get("code").asText());
    }

    @Test
    void handle_bodyLongerThanAnInvocationCarries_returns413NotAMalformedEvent() throws Exception {
        // Past Lambda's 6 MB: refused by Lambda on AWS, passed by the local runtime (API Gateway's 10 MB).
        JsonNode response = invoke(HttpEvents.event("POST /v1/greet", "{\"name\":\"" + "x".repeat(7_000_000) + "\"}"));
        assertEquals(413, response.get("statusCode").asInt());
        assertEquals("PAYLOAD_TOO_LARGE",
                Json.mapper().readTree(response.get("body").asText()).get("error").get("code").asText());
    }

    @Test
    void handle_payloadThatIsNotAnEvent_returns400() throws Exception {
        JsonNode response = invokeRaw("not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.get("statusCode").asInt());
        assertEquals("MALFORMED_EVENT",
                Json.mapper().readTree(response.get("body").asText()).get("error").get("code").asText());
    }

    /** A handler that also takes a direct invocation by field, and EventBridge events whole. */
    static final class DirectHandler extends HttpApiHandler {
        DirectHandler() {
            super(Router.builder().get("/v1/ok", request -> ApiResponse.ok(Map.of())).build(), Map.of(
                    "history", value -> Map.of("got", value),
                    "detail-type", wholeEvent(event -> Map.of("source", event.get("source").asText(),
                            "type", event.get("detail-type").asText(), "symbol",
                            event.at("/detail/series/0/symbol").asText()))));
        }
    }

    @Test
    void direct_anInvocationByField_getsThatFieldsValue_andAWholeEventOneGetsTheWholeEvent() throws Exception {
        DirectHandler direct = new DirectHandler();
        var out = new ByteArrayOutputStream();
        direct.handleRequest(new ByteArrayInputStream("{\"history\":{\"symbol\":\"BTCUSDT\"}}"
                .getBytes(StandardCharsets.UTF_8)), out, context());
        assertEquals("{\"got\":{\"symbol\":\"BTCUSDT\"}}", out.toString(StandardCharsets.UTF_8));

        out.reset();
        String event = "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"CandlesClosed.v1\","
                + "\"source\":\"tradewind.market-ingest\",\"detail\":{\"interval\":\"1h\","
                + "\"series\":[{\"symbol\":\"BTCUSDT\"}]}}";
        direct.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context());
        JsonNode answer = Json.mapper().readTree(out.toByteArray());
        assertEquals("tradewind.market-ingest", answer.get("source").asText());
        assertEquals("CandlesClosed.v1", answer.get("type").asText());
        assertEquals("BTCUSDT", answer.get("symbol").asText());
    }
}
