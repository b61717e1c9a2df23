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
 * <p>To cover a new resource, add a {@link Probe} to {@link #PROBES}: the private route keys it covers, and how user A
 * creates one, returning the paths A reads back and the requests B attempts. Every attempt by B must be a 404, and
 * A's reads must be unchanged afterwards. Routes over data every user shares (market data, forecasts) are covered by
 * a probe whose paths must answer A and B identically. A private route with a path parameter and no probe fails
 * {@link #everyPrivateRouteWithAPathParameter_isCoveredByAProbe}.
 */
class TenantIsolationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request user B tries against user A's resource; it must answer 404. */
    record Attempt(String method, String path, String body, String... headers) {
        static Attempt get(String path) {
            return new Attempt("GET", path, null);
        }

        static Attempt json(String method, String path, String body, String... headers) {
            String[] all = new String[headers.length + 2];
            all[0] = "Content-Type";
            all[1] = "application/json";
            System.arraycopy(headers, 0, all, 2, headers.length);
            return new Attempt(method, path, body, all);
        }
    }

    /**
     * What user A owns: the paths A reads (unchanged by B's attempts) and B's attempts. With {@code shared} true the
     * data belongs to no one, and each read path must answer A and B identically instead.
     */
    record Owned(List<String> ownerReads, List<Attempt> attempts, boolean shared) {
        static Owned byOwner(List<String> ownerReads, List<Attempt> attempts) {
            return new Owned(ownerReads, attempts, false);
        }
    }

    @FunctionalInterface
    interface Creator {
        Owned create(RuntimeProcess runtime, Trader owner) throws Exception;
    }

    record Probe(String name, Set<String> routeKeys, Creator creator) {
    }

    /** One entry per owned resource type; each function's issue adds its own. */
    static final List<Probe> PROBES = List.of(
            new Probe("trading session", Set.of(
                    "GET /v1/sessions/{sessionId}", "POST /v1/sessions/{sessionId}/stop",
                    "POST /v1/sessions/{sessionId}/orders", "GET /v1/sessions/{sessionId}/orders",
                    "GET /v1/sessions/{sessionId}/orders/{orderId}", "DELETE /v1/sessions/{sessionId}/orders/{orderId}",
                    "GET /v1/sessions/{sessionId}/portfolio", "GET /v1/sessions/{sessionId}/equity",
                    "GET /v1/sessions/{sessionId}/performance", "GET /v1/sessions/{sessionId}/trades",
                    "GET /v1/sessions/{sessionId}/journal", "POST /v1/sessions/{sessionId}/journal"),
                    TenantIsolationIT::tradingSession),
            new Probe("behaviour reports", Set.of("GET /v1/behavior/reports/{reportId}"),
                    TenantIsolationIT::behaviourReport),
            new Probe("backtests", Set.of("GET /v1/backtests/{backtestId}"), TenantIsolationIT::backtest),
            new Probe("market data (shared)", Set.of("GET /v1/assets/{symbol}", "GET /v1/assets/{symbol}/candles",
                    "GET /v1/assets/{symbol}/indicators"),
                    (runtime, owner) -> new Owned(List.of("/v1/assets/BTCUSDT", "/v1/assets/AAPL",
                            "/v1/assets/BTCUSDT/candles?limit=5", "/v1/assets/AAPL/candles?interval=1d&limit=5",
                            "/v1/assets/BTCUSDT/indicators?limit=5", "/v1/assets/AAPL/indicators?names=rsi&limit=5"),
                            List.of(), true)),
            new Probe("forecasts (shared)", Set.of("GET /v1/assets/{symbol}/forecast",
                    "GET /v1/assets/{symbol}/accuracy"), TenantIsolationIT::forecasts));

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;
    private static AuthClient auth;
    private static Trader alice;
    private static Trader bob;

    @BeforeAll
    static void twoTraders() throws Exception {
        runtime = RuntimeProcess.startApi(dataDirectory, concat(new String[] {"--no-schedules"}, MarketSeed.REPLAY));
        MarketSeed.seed(runtime);
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
            if (owned.shared()) {
                for (String path : owned.ownerReads()) {
                    HttpResponse<String> asAlice = runtime.get(path, alice.bearer());
                    HttpResponse<String> asBob = runtime.get(path, bob.bearer());
                    checks.add(() -> assertEquals(200, asAlice.statusCode(), path + " -> " + asAlice.body()));
                    checks.add(() -> assertEquals(withoutReadStamps(asAlice.body()), withoutReadStamps(asBob.body()),
                            probe.name() + ": " + path + " is the same for all"));
                }
                continue;
            }
            List<String> before = new ArrayList<>();
            for (String path : owned.ownerReads()) {
                HttpResponse<String> read = runtime.get(path, alice.bearer());
                assertEquals(200, read.statusCode(), probe.name() + ": the owner reads " + path + ": " + read.body());
                before.add(read.body());
            }
            for (Attempt attempt : owned.attempts()) {
                HttpResponse<String> response = runtime.send(attempt.method(), attempt.path(), attempt.body(),
                        concat(bob.bearer(), attempt.headers()));
                checks.add(() -> assertEquals(404, response.statusCode(), probe.name() + ": " + attempt.method() + " "
                        + attempt.path() + " by another user -> " + response.body()));
            }
            for (int i = 0; i < owned.ownerReads().size(); i++) {
                String path = owned.ownerReads().get(i);
                JsonNode expected = JSON.readTree(before.get(i));
                JsonNode actual = JSON.readTree(runtime.get(path, alice.bearer()).body());
                checks.add(() -> assertEquals(expected, actual, probe.name() + ": " + path + " unchanged for the owner"));
            }
        }
        assertAll(checks);
    }

    /** A paper session with a resting order and a journal entry, and a journal session of imported trades. */
    private static Owned tradingSession(RuntimeProcess runtime, Trader owner) throws Exception {
        String session = "/v1/sessions/" + created(runtime, owner, "/v1/sessions",
                "{\"name\":\"isolation\",\"startingCash\":50000}");
        String order = session + "/orders/" + created(runtime, owner, session + "/orders",
                "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\",\"type\":\"LIMIT\","
                        + "\"limitPrice\":\"30000\"}", "Idempotency-Key", "isolation-1");
        created(runtime, owner, session + "/journal", "{\"note\":\"patient entry\",\"emotions\":[\"calm\"]}");
        String csv = "time,symbol,side,quantity,price,fees\n2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00\n";
        HttpResponse<String> imported = runtime.send("POST", "/v1/trades/import", csv,
                concat(owner.bearer(), "Content-Type", "text/csv"));
        assertEquals(200, imported.statusCode(), imported.body());
        String journal = "/v1/sessions/" + JSON.readTree(imported.body()).get("sessionId").asText();
        // Stored state, compared before and after; portfolio, equity and performance are valued at "now".
        List<String> reads = List.of(session, session + "/orders", order, session + "/trades", session + "/journal",
                journal + "/trades");
        List<Attempt> attempts = new ArrayList<>();
        reads.forEach(path -> attempts.add(Attempt.get(path)));
        List.of("/portfolio", "/equity", "/performance").forEach(view -> attempts.add(Attempt.get(session + view)));
        attempts.add(Attempt.json("POST", session + "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"quantity\":\"0.01\"}", "Idempotency-Key", "intruder-1"));
        attempts.add(Attempt.json("POST", session + "/journal", "{\"note\":\"not yours\"}"));
        attempts.add(new Attempt("POST", session + "/stop", null));
        attempts.add(new Attempt("DELETE", order, null));
        attempts.add(new Attempt("POST", "/v1/trades/import?sessionId=" + journal.substring(journal.lastIndexOf('/') + 1),
                csv, "Content-Type", "text/csv"));
        return Owned.byOwner(reads, attempts);
    }

    /**
     * A behaviour report about one of the owner's sessions. Another user gets 404 for the report, 404 for the list
     * of that session's reports (the session is not theirs, as on every trading route), and 404 analysing it.
     */
    private static Owned behaviourReport(RuntimeProcess runtime, Trader owner) throws Exception {
        String sessionId = created(runtime, owner, "/v1/sessions", "{\"name\":\"analysed\",\"startingCash\":1000}");
        String analyze = "{\"sessionId\":\"" + sessionId + "\"}";
        HttpResponse<String> analysed = runtime.send("POST", "/v1/behavior/analyze", analyze,
                concat(owner.bearer(), "Content-Type", "application/json"));
        assertEquals(200, analysed.statusCode(), analysed.body());
        String report = "/v1/behavior/reports/" + JSON.readTree(analysed.body()).get("id").asText();
        String list = "/v1/behavior/reports?sessionId=" + sessionId;
        return Owned.byOwner(List.of(report, list), List.of(Attempt.get(report), Attempt.get(list),
                Attempt.json("POST", "/v1/behavior/analyze", analyze)));
    }

    /** A backtest over the seeded BTCUSDT bars: B can neither read it nor see it listed. */
    private static Owned backtest(RuntimeProcess runtime, Trader owner) throws Exception {
        String id = created(runtime, owner, "/v1/backtests", "{\"symbol\":\"BTCUSDT\",\"from\":\"2022-01-03\","
                + "\"to\":\"2022-01-04T14:00:00Z\",\"startingCash\":10000,\"strategy\":{\"type\":\"rules\","
                + "\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":5,\"op\":\"<\",\"value\":50}]}}}");
        String backtest = "/v1/backtests/" + id;
        return Owned.byOwner(List.of(backtest, "/v1/backtests"), List.of(Attempt.get(backtest)));
    }

    /** POSTs as the owner, expects 201, and returns the new resource's id. */
    private static String created(RuntimeProcess runtime, Trader owner, String path, String body, String... headers)
            throws Exception {
        HttpResponse<String> response = runtime.send("POST", path, body,
                concat(concat(owner.bearer(), "Content-Type", "application/json"), headers));
        assertEquals(201, response.statusCode(), "POST " + path + " -> " + response.body());
        return JSON.readTree(response.body()).get("id").asText();
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

    /**
     * Shared data is stamped with the moment it was read (or the window ending then), and a forecast says whether
     * this request computed it; everything else must match.
     */
    private static JsonNode withoutReadStamps(String body) throws Exception {
        JsonNode node = JSON.readTree(body);
        removeReadStamps(node);
        return node;
    }

    private static void removeReadStamps(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove(List.of("asOf", "cached", "from", "to"));
        }
        node.forEach(TenantIsolationIT::removeReadStamps);
    }

    /** Forecasts need 100 closed candles: more history than {@link MarketSeed#seed(RuntimeProcess)} writes. */
    private static Owned forecasts(RuntimeProcess runtime, Trader owner) {
        MarketSeed.seed(runtime, "BTCUSDT", "2021-12-28T00:00:00Z", "2022-01-03T00:00:00Z");
        MarketSeed.seed(runtime, "AAPL", "2021-07-01T00:00:00Z", "2021-12-20T00:00:00Z");
        return new Owned(List.of("/v1/assets/BTCUSDT/forecast?interval=1h", "/v1/assets/AAPL/forecast",
                "/v1/assets/BTCUSDT/accuracy?interval=1h&window=7d"), List.of(), true);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
