package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.system.AuthClient.Trader;
import dev.tradewind.testing.Repository;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation through the local runtime, shared by every function: user B must get 404 (not 403, so existence
 * does not leak) for each of user A's resources, and must not be able to change them.
 *
 * <p>To cover a new resource, add a {@link Probe} to {@link #PROBES}: the private route keys it covers, and how
 * user A creates one (returning its path and, if the resource can be updated, a PUT body). The test then checks
 * GET, PUT and DELETE by B, and that A still reads the resource unchanged. A private route with a path parameter
 * and no probe fails {@link #everyPrivateRouteWithAPathParameter_isCoveredByAProbe}.
 */
class TenantIsolationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Something user A owns, at {@code path}; {@code updateBody} null when the resource has no PUT. */
    record Owned(String path, String updateBody) {
    }

    @FunctionalInterface
    interface Creator {
        Owned create(RuntimeProcess runtime, Trader owner) throws Exception;
    }

    record Probe(String name, Set<String> routeKeys, Creator creator) {
    }

    /** One entry per owned resource type; each function's issue adds its own. */
    static final List<Probe> PROBES = List.of();

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;
    private static AuthClient auth;
    private static Trader alice;
    private static Trader bob;

    @BeforeAll
    static void twoTraders() throws Exception {
        runtime = RuntimeProcess.startApi(dataDirectory, "--no-schedules");
        auth = new AuthClient(runtime);
        alice = auth.signUp("alice");
        bob = auth.signUp("bob");
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
    }

    @Test
    void everyProbe_otherUserGets404_andChangesNothing() throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Probe probe : PROBES) {
            Owned owned = probe.creator().create(runtime, alice);
            HttpResponse<String> before = runtime.get(owned.path(), alice.bearer());
            assertEquals(200, before.statusCode(), probe.name() + ": the owner reads it");
            checks.add(() -> assertEquals(404, runtime.get(owned.path(), bob.bearer()).statusCode(),
                    probe.name() + ": GET by another user"));
            if (owned.updateBody() != null) {
                checks.add(() -> assertEquals(404, runtime.send("PUT", owned.path(), owned.updateBody(),
                        concat(bob.bearer(), "Content-Type", "application/json")).statusCode(),
                        probe.name() + ": PUT by another user"));
            }
            checks.add(() -> assertEquals(404, runtime.send("DELETE", owned.path(), null, bob.bearer()).statusCode(),
                    probe.name() + ": DELETE by another user"));
            checks.add(() -> assertEquals(JSON.readTree(before.body()),
                    JSON.readTree(runtime.get(owned.path(), alice.bearer()).body()),
                    probe.name() + ": unchanged for the owner"));
        }
        assertAll(checks);
    }

    @Test
    void everyPrivateRouteWithAPathParameter_isCoveredByAProbe() {
        Set<String> covered = new TreeSet<>();
        PROBES.forEach(probe -> covered.addAll(probe.routeKeys()));
        Set<String> uncovered = new TreeSet<>();
        for (FunctionDefinition function : SamTemplate.load(Repository.template()).functions()) {
            for (HttpRoute route : function.routes()) {
                if (route.authorized() && route.path().contains("{") && !covered.contains(route.routeKey())) {
                    uncovered.add(route.routeKey());
                }
            }
        }
        assertEquals(Set.of(), uncovered, "add a Probe for these routes to TenantIsolationIT.PROBES");
    }

    @Test
    void me_isAlwaysTheCaller_whateverTheRequestSays() throws Exception {
        HttpResponse<String> asBob = runtime.get("/v1/auth/me?userId=" + alice.userId(), bob.bearer());

        assertEquals(200, asBob.statusCode());
        JsonNode body = JSON.readTree(asBob.body());
        assertEquals(bob.userId(), body.get("userId").asText());
        assertNotEquals(alice.email(), body.get("email").asText());
    }

    @Test
    void logoutByAnotherUser_endsOnlyTheirOwnSession_evenWhenNamingTheOwnersToken() throws Exception {
        Trader aliceSecondSession = auth.signIn(alice.email(), AuthClient.PASSWORD);
        Trader bobSecondSession = auth.signIn(bob.email(), AuthClient.PASSWORD);

        HttpResponse<String> bobLogout = auth.post("/v1/auth/logout",
                Map.of("refreshToken", aliceSecondSession.refreshToken()), bobSecondSession.bearer());

        assertEquals(204, bobLogout.statusCode());
        assertEquals(401, auth.refresh(bobSecondSession.refreshToken()).statusCode(), "Bob's own session ended");
        assertEquals(200, auth.refresh(aliceSecondSession.refreshToken()).statusCode(), "Alice's is untouched");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
