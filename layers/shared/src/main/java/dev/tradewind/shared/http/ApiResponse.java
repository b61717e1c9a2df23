package dev.tradewind.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a route returns: status, headers and a JSON body (or none, or a {@link Text} sent as it is). */
public record ApiResponse(int status, Map<String, String> headers, Object body) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse ok(Object body) {
        return json(200, body);
    }

    public static ApiResponse created(Object body, String location) {
        return new ApiResponse(201, Map.of("location", location), body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of(), body);
    }

    /** A body that is not JSON (a document such as the API contract), sent byte for byte with its media type. */
    public record Text(String contentType, String text) {
    }

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, Map.of(), new Text(contentType, text));
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(), value);
        return new ApiResponse(status, copy, body);
    }

    public static ApiResponse error(ApiException e, String requestId) {
        return error(e.status(), e.code(), e.getMessage(), List.of(), null, requestId);
    }

    public static ApiResponse error(DomainException e, String requestId) {
        return error(ErrorMapping.status(e), e.code(), e.getMessage(), e.details(), e.retryAfter().orElse(null),
                requestId);
    }

    private static ApiResponse error(int status, String code, String message, List<FieldError> details,
                                     Duration retryAfter, String requestId) {
        ApiResponse response = json(status, Map.of("error", errorObject(code, message, details, requestId)));
        if (retryAfter != null) {
            // Rounded up: a caller that waits exactly this long must find the refusing state over.
            long seconds = retryAfter.plusNanos(999_999_999).toSeconds();
            response = response.withHeader("retry-after", Long.toString(Math.max(1, seconds)));
        }
        return response;
    }

    /**
     * The error model's {@code error} object, {@code {"code", "message", "requestId"[, "details"]}}: for every answer
     * that reports a refusal, HTTP or not (the WebSocket API's answers carry the same one).
     */
    public static Map<String, Object> errorObject(String code, String message, List<FieldError> details,
                                                  String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("requestId", requestId);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return error;
    }

    /** The one 500 body: nothing about the failure reaches the caller beyond the request id to quote. */
    public static ApiResponse internalError(String requestId) {
        return error(ApiException.of(500, "INTERNAL_ERROR", "An unexpected error occurred"), requestId);
    }

    APIGatewayV2HTTPResponse toEvent() {
        Map<String, String> out = new LinkedHashMap<>();
        String text = null;
        if (body instanceof Text document) {
            out.put("content-type", document.contentType());
            text = document.text();
        } else if (body != null) {
            out.put("content-type", "application/json; charset=utf-8");
            text = Json.write(body);
        }
        out.put("cache-control", "no-store");
        out.putAll(headers);
        APIGatewayV2HTTPResponse event = new APIGatewayV2HTTPResponse();
        event.setStatusCode(status);
        event.setHeaders(out);
        event.setBody(text);
        event.setIsBase64Encoded(false);
        event.setCookies(List.of());
        return event;
    }
}
