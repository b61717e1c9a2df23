package dev.tradewind.auth;

import dev.tradewind.auth.api.AccountView;
import dev.tradewind.auth.api.Requests.ChangePasswordBody;
import dev.tradewind.auth.api.Requests.DeleteAccountBody;
import dev.tradewind.auth.api.Requests.LoginBody;
import dev.tradewind.auth.api.Requests.RefreshBody;
import dev.tradewind.auth.api.Requests.RegisterBody;
import dev.tradewind.auth.api.Requests.UpdateProfileBody;
import dev.tradewind.auth.api.TokenResponse;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.domain.token.Jwks;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthService;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.SnapSafeRandom;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Account routes of the HTTP API: register, login, refresh (public), logout, me, profile and password changes, the
 * account's export and deletion (behind the authorizer), the public documents (JWKS and the API contract) and the
 * health route.
 */
public final class AuthHandler extends HttpApiHandler {

    /** Credentials bodies are tiny; anything larger is not a sign-in. */
    static final int MAX_BODY_BYTES = 4 * 1024;

    /** The handler's own client, for the priming's table read; null when built from a service (tests). */
    private DynamoDbClient dynamo;

    public AuthHandler() {
        this(Environment.current());
        Priming.registerOnce("auth", () -> AuthPriming.forAuth(this, dynamo, Environment.current()));
    }

    AuthHandler(Environment env) {
        this(AuthConfig.from(env), env, new SnapSafeRandom(), DynamoDbClients.create(env));
    }

    private AuthHandler(AuthConfig config, Environment env, SecureRandom random, DynamoDbClient dynamo) {
        this(AuthServices.create(config, dynamo,
                AuthServices.signingKeys(config, env, random), env.clock(), new Ulid(env.clock()), random,
                Argon2Cost.OWASP), env.clock());
        this.dynamo = dynamo;
    }

    AuthHandler(AuthService service, Clock clock) {
        super(routes(service, clock));
    }

    private static Router routes(AuthService service, Clock clock) {
        return Router.builder()
                .get("/v1/health/auth", Health.route("auth", clock))
                .post("/v1/auth/register", MAX_BODY_BYTES, request -> {
                    RegisterBody body = request.body(RegisterBody.class);
                    AccountView account = AccountView.of(
                            service.register(body.email(), body.password(), body.displayName(),
                                    request.sourceIp()));
                    return ApiResponse.created(account, "/v1/auth/me");
                })
                .post("/v1/auth/login", MAX_BODY_BYTES, request -> {
                    LoginBody body = request.body(LoginBody.class);
                    return ApiResponse.ok(
                            TokenResponse.of(service.login(body.email(), body.password(), request.sourceIp())));
                })
                .post("/v1/auth/refresh", MAX_BODY_BYTES, request -> {
                    RefreshBody body = request.body(RefreshBody.class);
                    return ApiResponse.ok(TokenResponse.of(service.refresh(body.refreshToken())));
                })
                .post("/v1/auth/logout", MAX_BODY_BYTES, request -> {
                    service.logout(request.userId(), sessionId(request));
                    return ApiResponse.noContent();
                })
                .get("/v1/auth/me", request -> ApiResponse.ok(AccountView.of(service.me(request.userId()))))
                .patch("/v1/auth/me", MAX_BODY_BYTES, request -> {
                    String userId = request.userId();
                    UpdateProfileBody body = request.body(UpdateProfileBody.class);
                    return ApiResponse.ok(AccountView.of(service.updateProfile(userId, body.displayName())));
                })
                .delete("/v1/auth/me", MAX_BODY_BYTES, request -> {
                    String userId = request.userId();
                    DeleteAccountBody body = request.body(DeleteAccountBody.class);
                    AuthService.Erasure erasure = service.deleteAccount(userId, sessionId(request),
                            body.password(), request.sourceIp());
                    // 202 while items are left: the client repeats the request (docs/auth.md#deleting-an-account).
                    return ApiResponse.json(erasure.complete() ? 200 : 202, erasure);
                })
                .get("/v1/auth/me/export", request -> ApiResponse.text(200, "application/json; charset=utf-8",
                        service.export(request.userId()).toJson()))
                .post("/v1/auth/password", MAX_BODY_BYTES, request -> {
                    String userId = request.userId();
                    ChangePasswordBody body = request.body(ChangePasswordBody.class);
                    service.changePassword(userId, sessionId(request), body.currentPassword(),
                            body.newPassword(), request.sourceIp());
                    return ApiResponse.noContent();
                })
                .get("/.well-known/jwks.json", request -> ApiResponse.ok(jwks(service))
                        // Short enough that a scheduled key is seen before it signs (see KeyRingTool).
                        .withHeader("cache-control", "public, max-age=" + Jwks.MAX_AGE.toSeconds()))
                .get("/v1/openapi.yaml", request -> ApiResponse.text(200, "application/yaml; charset=utf-8",
                        ApiContract.TEXT).withHeader("cache-control", "public, max-age=300"))
                .build();
    }

    /** The session the caller's access token belongs to, as the authorizer passed it on. */
    private static String sessionId(ApiRequest request) {
        var context = request.event().getRequestContext();
        Object sessionId = context == null || context.getAuthorizer() == null
                || context.getAuthorizer().getLambda() == null ? null
                : context.getAuthorizer().getLambda().get("sessionId");
        return sessionId instanceof String id && !id.isBlank() ? id : null;
    }

    /** docs/openapi.yaml as built into the zip; read once, since it never changes within a deployment. */
    private static final class ApiContract {
        static final String TEXT = read();

        private static String read() {
            try (var in = AuthHandler.class.getResourceAsStream("/public/openapi.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("public/openapi.yaml is missing from the function's artifact");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Object jwks(AuthService service) {
        try {
            return Json.mapper().readTree(Jwks.render(service.publicKeys()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
