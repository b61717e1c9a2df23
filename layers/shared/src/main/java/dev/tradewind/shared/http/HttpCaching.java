package dev.tradewind.shared.http;

import dev.tradewind.shared.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Answers that cannot change for a while (closed candles, a stored forecast until the next close, the model cards):
 * {@code Cache-Control: public, max-age} and a strong {@code ETag} of the body's bytes, so clients and CDNs can skip
 * the request, or revalidate it with {@code If-None-Match} and get a 304 without a body. Every other answer keeps
 * {@link ApiResponse}'s {@code Cache-Control: no-store}. The answers are the same for every caller, which is what
 * makes {@code public} (a shared cache behind the authorizer) right for them.
 */
public final class HttpCaching {

    private HttpCaching() {
    }

    /** 200 with {@code body}, cacheable for {@code maxAge} (none below zero); 304 when the caller holds it already. */
    public static ApiResponse cacheable(ApiRequest request, Object body, Duration maxAge) {
        String etag = etag(Json.writeBytes(body));
        String cacheControl = "public, max-age=" + Math.max(0, maxAge.toSeconds());
        if (request.header("if-none-match").filter(header -> matches(header, etag)).isPresent()) {
            return new ApiResponse(304, Map.of("etag", etag, "cache-control", cacheControl), null);
        }
        return ApiResponse.ok(body).withHeader("etag", etag).withHeader("cache-control", cacheControl);
    }

    /** A strong validator: the first 128 bits of the SHA-256 of the bytes served, base64url. */
    static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix does not stop a match; * matches anything. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
