package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.AuthHandler;
import dev.tradewind.behavior.BehaviorHandler;
import dev.tradewind.realtime.RealtimeHandler;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.lambda.SyntheticContext;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.trading.TradingHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The data the first-request probe's sample events refer to, made through the real handlers (auth, trading-session,
 * analyze-behavior, realtime) in the benchmark's JVM on the probe's DynamoDB Local, and for each of the probe's
 * requests the substitutions that point the sample event at it: the sample ids (user, paper session, order, report,
 * sign-in session, refresh token, WebSocket connection) become ids this seeding created, and a route that changes
 * state gets what makes each request a success of its own (a fresh email, Idempotency-Key, open order, session to
 * stop, sign-in session to end, connection, analysis sensitivity, import rows; orders alternate buy and sell).
 *
 * <p>The account is the sample registration's (its email and password), so the sample login succeeds. The paper
 * session of the reads holds {@value #ROUND_TRIPS} market round trips in BTCUSDT, a journal entry and a stored
 * behaviour report of its analysis; each run of place-order and cancel-order gets a session of its own, so the
 * sample session's 20 orders an hour are never exceeded. Trading's time is a {@link MutableClock} at the replay
 * start that moves one second per seeded request ({@link #REPLAY_FUNCTION}); each probe starts its clock where seeding stopped ({@link #now()}), and the
 * seeding after it continues from the probe's end ({@link #continueAfter}).
 */
final class FirstRequestSeed {

    static final String EVENT_USER_ID = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";
    static final String EVENT_SESSION_ID = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";
    static final String EVENT_ORDER_ID = "01JGXR3M4N5P6Q7R8S9T0V1W2X";
    static final String EVENT_REPORT_ID = "01JGXT3C7V9X1Z3B5D7F9H1K3M";
    static final String EVENT_BACKTEST_ID = "01JH4WBT0000000000000000AB";
    static final String EVENT_SIGN_IN_ID = "q2XbUe1cGkHqJpN0rV9w4A";
    /**
     * The sign-in session the sample $connect's authorizer names: the fan-out pushes a private event only to the
     * connections of a session still active, so the seeded connections carry a real sign-in of the sample account.
     */
    static final String EVENT_CONNECTION_SIGN_IN_ID = "01JGXQ6B1C2D3E4F5G6H7J8K9M";
    static final String EVENT_REFRESH_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    /** The sample authorizer request's bearer token: a JWT's shape, no valid signature. */
    static final String EVENT_ACCESS_TOKEN = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2ln";
    static final String EVENT_EMAIL = "Ann.Trader@example.com";
    static final String EVENT_SOURCE_IP = "203.0.113.10";
    /** The sample account's password, and the one the sample password change sets (and account deletion confirms). */
    static final String EVENT_PASSWORD = "correct horse battery staple";
    static final String EVENT_NEW_PASSWORD = "a different long passphrase";
    static final String EVENT_IDEMPOTENCY_KEY = "5f0c6a3e-2b7d-4c1e-9a8f-1d2e3f4a5b6c";
    /** The WebSocket connection of every events/realtime sample. */
    static final String EVENT_CONNECTION_ID = "Kq3xOdbJIAMCJ5Q=";
    /** The BUY of the sample order inside its JSON-encoded body. */
    static final String EVENT_BUY = "\\\"BUY\\\"";
    /** The sample analyses' sensitivity inside their JSON-encoded body. */
    static final String EVENT_SENSITIVITY = "\\\"sensitivity\\\": \\\"medium\\\"";
    /** The sample imports' row times, in time order (the CSV's three; the JSON file has the first two). */
    static final List<String> EVENT_IMPORT_TIMES = List.of("2022-01-03T15:00:00Z", "2022-01-04T14:30:00Z",
            "2022-01-04T14:45:00Z");
    static final int ROUND_TRIPS = 12;
    /**
     * The sample account's open connections subscribed to the sample's channels (the candles and forecast of BTCUSDT,
     * the crypto signals, its own orders and cooldowns): each realtime bus event reaches every one of them.
     */
    static final int SUBSCRIBERS = 4;
    /**
     * The realtime function's cap on one user's open connections in the benchmark's environment: the sample account
     * holds the {@link #SUBSCRIBERS} and the connections of one run (one per request), closed after it
     * ({@link #closeRunConnections}); the default cap of 10 would refuse the run's seventh.
     */
    static final int CONNECTIONS_PER_USER = 16;
    /**
     * The function that runs on the replay clock, as the local runtime runs it: orders fill at the bundled history's
     * prices. The others keep the system clock, because DynamoDB Local deletes items whose TTL ({@code expiresAt})
     * has passed in real time: refresh tokens and reports made on a 2022 clock would be gone.
     */
    static final String REPLAY_FUNCTION = "TradingSessionFunction";
    /** The functions whose handlers the seeding runs. */
    static final Set<String> FUNCTIONS = Set.of("AuthFunction", "TradingSessionFunction",
            "AnalyzeBehaviorFunction", "RealtimeFunction");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The samples' backtest range ends after this replay clock and starts before the seeded candles. */
    /** The seeded report's sensitivity is the sample's (medium): the rotation starts with another. */
    private static final String[] SENSITIVITIES = {"low", "high", "medium"};
    /** A day before the replay start: room for 1,440 imports of a minute each. */
    private static final Instant IMPORT_START = PredictSeed.REPLAY_START.minus(Duration.ofDays(1));
    private static final Map<String, String> BACKTEST_RANGE = Map.of("2021-12-20", "2021-12-26",
            "2022-01-04T14:00:00Z", "2022-01-02T23:00:00Z");

    private final Path events;
    private final Map<String, Map<String, String>> environments;
    private final MutableClock clock = new MutableClock(PredictSeed.REPLAY_START.plusSeconds(30));
    private final Map<String, RequestStreamHandler> handlers = new HashMap<>();
    private Map<String, String> shared;
    private String backtestId;
    private int unique;
    private int analyses;
    private int imports;
    private int subscribers;
    /** The connections this run's requests open or use, closed after it. */
    private final List<String> runConnections = new ArrayList<>();

    /** {@code environments}: each function's environment (logical id → variables) as the probe gets it. */
    FirstRequestSeed(Path events, Map<String, Map<String, String>> environments) {
        this.events = events;
        this.environments = environments;
    }

    /** The simulated time where seeding stopped: the next probe's clock starts here. */
    Instant now() {
        return clock.instant();
    }

    /** After a probe that started at {@code start} and ran {@code elapsed}: seeding continues after it. */
    void continueAfter(Instant start, Duration elapsed) {
        clock.set(start.plus(elapsed).plusSeconds(1));
    }

    /** For one run of {@code event} (e.g. {@code trading-session/place-order.json}): each request's substitutions. */
    List<Map<String, String>> substitutions(String event, int requests) throws Exception {
        List<Map<String, String>> perRequest = new ArrayList<>();
        if (!event.startsWith("auth/") && !event.startsWith("trading-session/")
                && !event.startsWith("analyze-behavior/") && !event.startsWith("realtime/")) {
            for (int i = 0; i < requests; i++) {
                perRequest.add(Map.of());
            }
            return perRequest;
        }
        Map<String, String> common = shared();
        String name = event.substring(event.indexOf('/') + 1);
        String runSession = name.equals("place-order.json") || name.equals("cancel-order.json")
                ? createSession(false) : null;
        // A sign-in of its own per run, so the authorizer verifies a live token (an access token lasts 15 minutes).
        String runAccessToken = name.equals("authorizer-request.json")
                ? login().path("accessToken").asText() : null;
        for (int i = 0; i < requests; i++) {
            Map<String, String> request = new LinkedHashMap<>(common);
            switch (name) {
                case "register.json" -> {
                    request.putAll(freshSignUp());
                }
                // Both change the account's password or end it: each request gets an account of its own.
                case "change-password.json" -> request.put(EVENT_USER_ID, account(EVENT_PASSWORD));
                case "delete-me.json" -> request.put(EVENT_USER_ID, account(EVENT_NEW_PASSWORD));
                case "refresh.json" -> request.put(EVENT_REFRESH_TOKEN, login().path("refreshToken").asText());
                case "authorizer-request.json" -> request.put(EVENT_ACCESS_TOKEN, runAccessToken);
                case "logout.json" -> request.put(EVENT_SIGN_IN_ID, signInId(login()));
                case "place-order.json" -> {
                    request.put(EVENT_SESSION_ID, runSession);
                    request.put(EVENT_IDEMPOTENCY_KEY, UUID.nameUUIDFromBytes(("first-request-" + ++unique)
                            .getBytes(StandardCharsets.UTF_8)).toString());
                    if (i % 2 == 1) {
                        request.put(EVENT_BUY, "\\\"SELL\\\"");
                    }
                }
                case "cancel-order.json" -> {
                    request.put(EVENT_SESSION_ID, runSession);
                    request.put(EVENT_ORDER_ID, order(runSession, "BUY", "LIMIT", "1000"));
                }
                case "stop-session.json" -> request.put(EVENT_SESSION_ID, createSession(false));
                case "create-backtest.json", "create-sweep.json" -> request.putAll(BACKTEST_RANGE);
                case "get-backtest.json" -> request.put(EVENT_BACKTEST_ID, backtest());
                case "analyze-session.json", "analyze-range.json", "analyze-inline.json" ->
                        request.putAll(analysisOptions(analyses++));
                case "import-trades-csv.json", "import-trades-json.json" -> request.putAll(importRows(imports++));
                // A connection of its own per request: a new one to open, or an open one (with the sample's channels,
                // to leave) to subscribe, leave, ping, message or close.
                case "connect.json" -> request.put(EVENT_CONNECTION_ID, runConnection(newConnectionId()));
                case "subscribe.json", "ping.json", "default.json", "disconnect.json" ->
                        request.put(EVENT_CONNECTION_ID, runConnection(connection(common, false)));
                case "unsubscribe.json" -> request.put(EVENT_CONNECTION_ID, runConnection(connection(common, true)));
                case "candles-closed.json", "forecasts-computed.json", "order-filled.json", "order-ended.json",
                     "cooldown-started.json" -> subscribe(common);
                default -> {
                }
            }
            perRequest.add(request);
        }
        return perRequest;
    }

    /**
     * For the {@code analysis}-th analysis request (counted over all runs and analysis events): a sensitivity other
     * than the one before it. The caller's newest report is answered again, and nothing stored, for an analysis of
     * the same content hash (input and outcome, the sensitivity in it); the first differs from the seeded report's.
     */
    static Map<String, String> analysisOptions(int analysis) {
        return Map.of(EVENT_SENSITIVITY, "\\\"sensitivity\\\": \\\"" + SENSITIVITIES[analysis % SENSITIVITIES.length]
                + "\\\"");
    }

    /**
     * For the {@code imported}-th import request (counted over all runs and both import events, which share the
     * default journal): the sample rows' times moved to a minute of their own, in order, each import after the one
     * before and all before the replay start. Rows already imported come back as duplicates, rows before the
     * journal's latest trade as out of order, and the samples' own times are after the trading clock.
     */
    static Map<String, String> importRows(int imported) {
        Map<String, String> times = new LinkedHashMap<>();
        Instant minute = IMPORT_START.plus(Duration.ofMinutes(imported));
        for (int row = 0; row < EVENT_IMPORT_TIMES.size(); row++) {
            times.put(EVENT_IMPORT_TIMES.get(row), minute.plusSeconds(10L * row).toString());
        }
        return times;
    }

    /** The account, the session with fills, a journal entry and its stored report: made once. */
    private Map<String, String> shared() throws Exception {
        if (shared != null) {
            return shared;
        }
        JsonNode account = body(require(handler("AuthFunction", AuthHandler::new), read("auth/register.json"), 201));
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(EVENT_USER_ID, account.path("userId").asText());
        ids.put(EVENT_CONNECTION_SIGN_IN_ID, signInId(login()));
        shared = ids;
        String session = createSession(true);
        ids.put(EVENT_SESSION_ID, session);
        String lastOrder = null;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            order(session, "BUY", "MARKET", null);
            lastOrder = order(session, "SELL", "MARKET", null);
        }
        ids.put(EVENT_ORDER_ID, lastOrder);
        require(handler("TradingSessionFunction", TradingHandler::new), event("trading-session/create-journal-entry.json",
                ids), 201);
        JsonNode report = body(require(handler("AnalyzeBehaviorFunction", BehaviorHandler::new),
                event("analyze-behavior/analyze-session.json", ids), 200));
        ids.put(EVENT_REPORT_ID, report.path("id").asText());
        return ids;
    }

    /** The sample backtest, run once: its id. */
    private String backtest() throws Exception {
        if (backtestId == null) {
            Map<String, String> substitutions = new LinkedHashMap<>(shared);
            substitutions.putAll(BACKTEST_RANGE);
            backtestId = body(require(handler("TradingSessionFunction", TradingHandler::new),
                    event("trading-session/create-backtest.json", substitutions), 201)).path("id").asText();
        }
        return backtestId;
    }

    /** A paper session of the sample's terms; the history's allows more orders an hour, for its round trips. */
    private String createSession(boolean history) throws Exception {
        String event = new String(event("trading-session/create-session.json", shared), StandardCharsets.UTF_8);
        if (history) {
            event = event.replace("\\\"maxOrdersPerHour\\\": 20", "\\\"maxOrdersPerHour\\\": 100");
        }
        return body(require(handler("TradingSessionFunction", TradingHandler::new),
                event.getBytes(StandardCharsets.UTF_8), 201)).path("id").asText();
    }

    /** Places an order in {@code session} (a limit far under the market stays open) and returns its id. */
    private String order(String session, String side, String type, String limitPrice) throws Exception {
        Map<String, String> substitutions = new LinkedHashMap<>(shared);
        substitutions.put(EVENT_SESSION_ID, session);
        substitutions.put(EVENT_IDEMPOTENCY_KEY, UUID.nameUUIDFromBytes(("first-request-seed-" + ++unique)
                .getBytes(StandardCharsets.UTF_8)).toString());
        substitutions.put(EVENT_BUY, "\\\"" + side + "\\\"");
        String order = limitPrice == null ? "\\\"MARKET\\\"" : "\\\"" + type + "\\\", \\\"limitPrice\\\": \\\""
                + limitPrice + "\\\"";
        substitutions.put("\\\"MARKET\\\"", order);
        return body(require(handler("TradingSessionFunction", TradingHandler::new),
                event("trading-session/place-order.json", substitutions), 201)).path("id").asText();
    }

    /** Opens the {@link #SUBSCRIBERS} connections the bus events reach, once. */
    private void subscribe(Map<String, String> account) throws Exception {
        while (subscribers < SUBSCRIBERS) {
            connection(account, true);
            subscribers++;
        }
    }

    private String runConnection(String connectionId) {
        runConnections.add(connectionId);
        return connectionId;
    }

    /**
     * After a run: closes, through the realtime handler, every connection its requests opened or used (one the run
     * closed itself is no change), so the sample account holds only the {@link #SUBSCRIBERS} again.
     */
    void closeRunConnections() throws Exception {
        RequestStreamHandler realtime = handler("RealtimeFunction", RealtimeHandler::new);
        for (String connectionId : runConnections) {
            require(realtime, event("realtime/disconnect.json", Map.of(EVENT_CONNECTION_ID, connectionId)), 200);
        }
        runConnections.clear();
    }

    /** An id API Gateway could give a connection (16 characters of base64), new to this seeding. */
    private String newConnectionId() {
        return String.format("FrRq%011d=", ++unique);
    }

    /** A connection opened as the sample account through the realtime handler, subscribed to the sample's channels. */
    private String connection(Map<String, String> account, boolean subscribed) throws Exception {
        Map<String, String> substitutions = new LinkedHashMap<>(account);
        substitutions.put(EVENT_CONNECTION_ID, newConnectionId());
        RequestStreamHandler realtime = handler("RealtimeFunction", RealtimeHandler::new);
        require(realtime, event("realtime/connect.json", substitutions), 200);
        if (subscribed) {
            require(realtime, event("realtime/subscribe.json", substitutions), 200);
        }
        return substitutions.get(EVENT_CONNECTION_ID);
    }

    /**
     * A new email and, from RFC 2544's benchmarking range, a new source address: one address may sign up 10 times an
     * hour (docs/auth.md#registration-limit), and the runs make more than that.
     */
    private Map<String, String> freshSignUp() {
        unique++;
        return Map.of(EVENT_EMAIL, "first-request-" + unique + "@example.com",
                EVENT_SOURCE_IP, "198.18." + unique / 250 + "." + (unique % 250 + 1));
    }

    /** A new account with {@code password}; its user id. */
    private String account(String password) throws Exception {
        Map<String, String> substitutions = new LinkedHashMap<>(freshSignUp());
        substitutions.put(EVENT_PASSWORD, password);
        return body(require(handler("AuthFunction", AuthHandler::new), event("auth/register.json", substitutions),
                201)).path("userId").asText();
    }

    private JsonNode login() throws Exception {
        return body(require(handler("AuthFunction", AuthHandler::new), read("auth/login.json"), 200));
    }

    /** The sign-in session of a login: its access token's {@code sid} claim, which the authorizer passes on. */
    private static String signInId(JsonNode tokens) throws Exception {
        String payload = tokens.path("accessToken").asText().split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("sid").asText();
    }

    /** The function's handler, built once with its probe environment on the seeding clock. */
    private RequestStreamHandler handler(String function, Supplier<RequestStreamHandler> constructor) {
        return handlers.computeIfAbsent(function, name -> {
            Environment.install(environments.get(name), name.equals(REPLAY_FUNCTION) ? clock : Clock.systemUTC());
            return constructor.get();
        });
    }

    private byte[] event(String name, Map<String, String> substitutions) throws Exception {
        return FirstRequestProbe.substitute(read(name), substitutions);
    }

    private byte[] read(String name) throws Exception {
        return Files.readAllBytes(events.resolve(name));
    }

    /** Serves {@code event} one simulated second after the last request; anything but {@code status} fails seeding. */
    private byte[] require(RequestStreamHandler handler, byte[] event, int status) throws Exception {
        clock.advance(Duration.ofSeconds(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        // Function log lines go to stdout; formatted, then discarded.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, new SyntheticContext("first-request-seed",
                    "seed", 1024, Duration.ofSeconds(30), message -> { }));
        } finally {
            System.setOut(console);
        }
        JsonNode response = JSON.readTree(out.toByteArray());
        if (response.path("statusCode").asInt() != status) {
            throw new IllegalStateException("seeding the first-request benchmark: expected " + status + ", got "
                    + out.toString(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static JsonNode body(byte[] response) throws Exception {
        return JSON.readTree(JSON.readTree(response).path("body").asText());
    }
}
