package dev.tradewind.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs traders up and in through a running local runtime, over HTTP as a client would. For any system test that
 * needs callers: {@code Trader alice = new AuthClient(runtime).signUp("alice");} then
 * {@code runtime.get("/v1/...", alice.bearer())}.
 */
final class AuthClient {

    static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final RuntimeProcess runtime;

    AuthClient(RuntimeProcess runtime) {
        this.runtime = runtime;
    }

    /** A signed-in trader: who they are and the tokens of their session. */
    record Trader(String userId, String email, String accessToken, String refreshToken) {

        /** The header pair for {@link RuntimeProcess#send}'s varargs. */
        String[] bearer() {
            return new String[] {"Authorization", "Bearer " + accessToken};
        }

        @Override
        public String toString() {
            return "Trader[" + email + "]";
        }
    }

    /** Registers a new account with a unique email and signs it in. */
    Trader signUp(String name) throws Exception {
        String email = name + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()
                + "@example.com";
        HttpResponse<String> registered = register(email, PASSWORD, name);
        if (registered.statusCode() != 201) {
            throw new AssertionError("register " + email + " -> " + registered.statusCode() + " " + registered.body());
        }
        return signIn(email, PASSWORD);
    }

    Trader signIn(String email, String password) throws Exception {
        HttpResponse<String> response = login(email, password);
        if (response.statusCode() != 200) {
            throw new AssertionError("login " + email + " -> " + response.statusCode() + " " + response.body());
        }
        JsonNode tokens = JSON.readTree(response.body());
        String accessToken = tokens.get("accessToken").asText();
        HttpResponse<String> me = runtime.get("/v1/auth/me", "Authorization", "Bearer " + accessToken);
        if (me.statusCode() != 200) {
            throw new AssertionError("me -> " + me.statusCode() + " " + me.body());
        }
        return new Trader(JSON.readTree(me.body()).get("userId").asText(), email, accessToken,
                tokens.get("refreshToken").asText());
    }

    HttpResponse<String> register(String email, String password, String displayName) throws Exception {
        return post("/v1/auth/register", Map.of("email", email, "password", password, "displayName", displayName));
    }

    HttpResponse<String> login(String email, String password) throws Exception {
        return post("/v1/auth/login", Map.of("email", email, "password", password));
    }

    HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post("/v1/auth/refresh", Map.of("refreshToken", refreshToken));
    }

    HttpResponse<String> post(String path, Map<String, String> body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return runtime.send("POST", path, JSON.writeValueAsString(body), all);
    }
}
