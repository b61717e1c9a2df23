package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.api.Requests.ChangePasswordBody;
import dev.tradewind.auth.api.Requests.DeleteAccountBody;
import dev.tradewind.auth.api.Requests.LoginBody;
import dev.tradewind.auth.api.Requests.RefreshBody;
import dev.tradewind.auth.api.Requests.RegisterBody;
import dev.tradewind.auth.api.Requests.UpdateProfileBody;
import dev.tradewind.behavior.api.AnalyzeRequest;
import dev.tradewind.local.template.HttpApiDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.Repository;
import dev.tradewind.trading.api.Requests;
import dev.tradewind.trading.api.Views;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against the template and the recorded answers: the same routes, every recorded answer allowed,
 * and a wrong answer refused. The live answers of the system tests are checked against it as they arrive
 * (GoldenResponsesIT, RuntimeProcess, RouteFuzzIT).
 */
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Repository.path("system-tests/src/test/resources/golden");
    /**
     * The record each route binds its JSON body to (ApiRequest.body); JsonNode where the route reads the raw JSON
     * itself (backtests, their sweeps).
     */
    private static final Map<String, Class<?>> BOUND_BODIES = boundBodies();
    private final OpenApiContract contract = OpenApiContract.load();

    @Test
    void spec_hasExactlyTheTemplatesRoutes() {
        Set<String> template = new TreeSet<>();
        SamTemplate.load(Repository.template()).functions()
                .forEach(f -> f.routes().stream().map(HttpRoute::routeKey).forEach(template::add));
        assertEquals(template, new TreeSet<>(contract.routeKeys()));
    }

    /**
     * A browser front end on another origin may send only the request headers the template's CORS configuration
     * allows, and read only the answer headers it exposes (beyond the CORS-safelisted ones): every header the spec
     * describes must be among them, or the ETag revalidation of docs/api.md#caching cannot work from a browser.
     */
    @Test
    void templateCors_allowsEveryRequestHeader_andExposesEveryAnswerHeaderTheSpecDescribes() {
        HttpApiDefinition.Cors cors = SamTemplate.load(Repository.template()).httpApi().orElseThrow().cors();
        Set<String> sent = new TreeSet<>(Set.of("authorization", "content-type"));
        Set<String> answered = new TreeSet<>();
        contract.document().path("paths").forEach(path -> path.forEach(operation -> {
            operation.path("parameters").forEach(parameter -> {
                JsonNode resolved = resolve(parameter);
                if (resolved.path("in").asText().equals("header")) {
                    sent.add(resolved.path("name").asText().toLowerCase(Locale.ROOT));
                }
            });
            operation.path("responses").forEach(response -> resolve(response).path("headers").fieldNames()
                    .forEachRemaining(name -> answered.add(name.toLowerCase(Locale.ROOT))));
        }));
        answered.removeAll(Set.of("cache-control", "content-language", "content-length", "content-type", "expires",
                "last-modified", "pragma"));
        assertTrue(sent.contains("if-none-match") && answered.contains("etag"), sent + " " + answered);
        Set<String> notAllowed = new TreeSet<>(sent);
        cors.allowHeaders().forEach(header -> notAllowed.remove(header.toLowerCase(Locale.ROOT)));
        Set<String> notExposed = new TreeSet<>(answered);
        cors.exposeHeaders().forEach(header -> notExposed.remove(header.toLowerCase(Locale.ROOT)));
        assertEquals(Map.of("not allowed", Set.of(), "not exposed", Set.of()),
                Map.of("not allowed", notAllowed, "not exposed", notExposed));
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? contract.document().at(node.get("$ref").asText().substring(1)) : node;
    }

    /**
     * The fields docs/behaviour.md lists for an inline trade, each of which analyze-behavior's InlineTrades takes, with
     * the types it takes: a trade is an object, text a string only (a number is 400), a decimal a number or a string.
     */
    @Test
    void analyzeRequest_tradeItem_listsEveryFieldAnInlineTradeTakes_withItsTypes() {
        JsonNode item = contract.operation("POST", "/v1/behavior/analyze").orElseThrow().node()
                .at("/requestBody/content/application~1json/schema/properties/trades/items");
        assertEquals(Set.of("object"), types(item));
        Map<String, Set<String>> fields = new TreeMap<>();
        item.path("properties").properties().forEach(field -> {
            Set<String> listed = types(field.getValue());
            listed.remove("null");
            fields.put(field.getKey(), listed);
        });
        Set<String> text = Set.of("string");
        Set<String> decimal = Set.of("number", "string");
        assertEquals(new TreeMap<>(Map.of("id", text, "time", text, "symbol", text, "side", text, "quantity", decimal,
                "price", decimal, "fees", decimal, "realizedPnl", decimal)), fields);
    }

    private static Map<String, Class<?>> boundBodies() {
        Map<String, Class<?>> bodies = new LinkedHashMap<>();
        bodies.put("POST /v1/auth/register", RegisterBody.class);
        bodies.put("POST /v1/auth/login", LoginBody.class);
        bodies.put("POST /v1/auth/refresh", RefreshBody.class);
        bodies.put("PATCH /v1/auth/me", UpdateProfileBody.class);
        bodies.put("DELETE /v1/auth/me", DeleteAccountBody.class);
        bodies.put("POST /v1/auth/password", ChangePasswordBody.class);
        bodies.put("POST /v1/sessions", Requests.CreateSession.class);
        bodies.put("POST /v1/sessions/{sessionId}/orders", Requests.PlaceOrder.class);
        bodies.put("POST /v1/sessions/{sessionId}/journal", Requests.JournalBody.class);
        bodies.put("POST /v1/trades/import", Requests.ImportBody.class);
        bodies.put("POST /v1/portfolio/optimize", Requests.OptimizePortfolio.class);
        bodies.put("POST /v1/backtests", JsonNode.class);
        bodies.put("POST /v1/backtests/sweeps", JsonNode.class);
        bodies.put("POST /v1/behavior/analyze", AnalyzeRequest.class);
        return bodies;
    }

    /** A new route with a JSON body fails here until its binding is listed above, and so checked below. */
    @Test
    void everyJsonRequestBody_isListedWithTheTypeItsRouteBinds() {
        Set<String> withJsonBodies = new TreeSet<>();
        contract.document().path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().at("/requestBody/content").has("application/json")) {
                withJsonBodies.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertEquals(withJsonBodies, new TreeSet<>(BOUND_BODIES.keySet()));
    }

    /**
     * Every request schema lists every field its route binds, each with exactly the JSON types the strict binding
     * takes (docs/api.md#field-rules): text is a string, a decimal a number or a string, a floating-point number a
     * number, a whole number an integer. A field may be null (it is then absent), the body itself not: a null body is
     * 400 MISSING_BODY (BacktestService: 400 "must be a JSON object").
     */
    @Test
    void everyBoundRequest_listsEveryField_withTheTypesTheBindingTakes() {
        List<String> problems = new ArrayList<>();
        BOUND_BODIES.forEach((route, body) -> {
            String[] methodAndPath = route.split(" ");
            JsonNode schema = contract.operation(methodAndPath[0], methodAndPath[1]).orElseThrow().node()
                    .at("/requestBody/content/application~1json/schema");
            if (!types(schema).equals(Set.of("object"))) {
                problems.add(route + ": the body may be " + types(schema) + ", the route takes an object only");
            }
            if (body != JsonNode.class) {
                fieldProblems(route, schema, body, problems);
            }
        });
        assertEquals(List.of(), problems);
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> listed = new TreeSet<>();
        schema.path("type").forEach(t -> listed.add(t.asText()));
        if (schema.path("type").isTextual()) {
            listed.add(schema.path("type").asText());
        }
        return listed;
    }

    private static void fieldProblems(String where, JsonNode schema, Type type, List<String> problems) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == JsonNode.class) {
            return; // raw JSON: the route reads it itself (an order's quantity: 422 INVALID_QUANTITY)
        }
        Set<String> expected = raw == String.class ? Set.of("string")
                : raw == BigDecimal.class ? Set.of("number", "string")
                : raw == Double.class ? Set.of("number")
                : raw == Integer.class ? Set.of("integer")
                : raw == Boolean.class ? Set.of("boolean")
                : raw == List.class ? Set.of("array")
                : raw.isRecord() ? Set.of("object") : Set.of("unknown " + raw);
        Set<String> listed = types(schema);
        listed.remove("null");
        if (!listed.equals(new TreeSet<>(expected))) {
            problems.add(where + ": lists " + listed + ", the binding takes " + new TreeSet<>(expected));
        }
        if (raw == List.class) {
            fieldProblems(where + "[]", schema.path("items"), ((ParameterizedType) type).getActualTypeArguments()[0],
                    problems);
        } else if (raw.isRecord()) {
            Set<String> fields = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
            Set<String> bound = new TreeSet<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                bound.add(component.getName());
                if (schema.path("properties").has(component.getName())) {
                    fieldProblems(where + " " + component.getName(), schema.path("properties").get(component.getName()),
                            component.getGenericType(), problems);
                }
            }
            if (!fields.equals(bound)) {
                problems.add(where + ": lists the fields " + fields + ", the binding takes " + bound);
            }
        }
    }

    @Test
    void everyRecordedAnswer_isOneTheSpecAllows() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json.txt")).toList()) {
                String event = GOLDEN.relativize(file).toString().replace(".txt", "");
                JsonNode request = HttpEvent.Events.json(event);
                Answer answer = Answer.parse(Files.readString(file));
                if (answer == null || !request.has("routeKey")) {
                    continue;
                }
                problems.addAll(contract.checkAnswer(request.get("requestContext").get("http").get("method").asText(),
                        request.get("rawPath").asText(), answer.status, answer.contentType, answer.body));
                checked++;
            }
        }
        assertTrue(checked >= 40, "recorded answers checked: " + checked);
        assertEquals(List.of(), problems);
    }

    /** A feature the window cannot define is null in a forecast (ForecastIT), which the model takes as missing. */
    @Test
    void forecastWithAFeatureTheWindowCannotDefine_isAnAnswerTheSpecAllows() throws IOException {
        Answer forecast = Answer.parse(Files.readString(GOLDEN.resolve("predict/forecast.json.txt")));
        ObjectNode body = (ObjectNode) JSON.readTree(forecast.body);
        ((ObjectNode) body.get("features")).putNull("volume_zscore_24");
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT/forecast", 200,
                forecast.contentType, body.toString()));
    }

    /**
     * A stored report is read back as the analysis answered it (docs/behaviour.md), and a report of a date range has
     * no session: its input names the range instead.
     */
    @Test
    void getReport_ofADateRange_isAnAnswerTheSpecAllows() throws IOException {
        Answer range = Answer.parse(Files.readString(GOLDEN.resolve("analyze-behavior/analyze-range.json.txt")));
        assertFalse(JSON.readTree(range.body).get("input").has("sessionId"), range.body);
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/behavior/reports/01JGXR0A5T6Y7Z8B9C0D1E2F3G", 200,
                range.contentType, range.body));
    }

    /** What the accuracy route answers for a window without predictions (AccuracyIT): no level to score yet. */
    @Test
    void accuracyOfAWindowWithoutPredictions_isAnAnswerTheSpecAllows() {
        String empty = """
                {"symbol": "BTCUSDT", "interval": "1h", "window": {"from": "2021-12-04T00:00:00Z",
                 "to": "2022-01-03T00:00:00Z", "span": "30d"}, "predictions": 0, "resolved": 0, "pending": 0,
                 "unresolvable": 0, "resolvedNow": 0, "modelVersions": [], "model": {"count": 0, "calibration": []},
                 "baselines": {"baseRate": {"count": 0, "calibration": []},
                               "previousBar": {"count": 0, "calibration": []}},
                 "bySignal": {"BUY": {"count": 0}, "SELL": {"count": 0}, "HOLD": {"count": 0}},
                 "range": {"predictions": 0, "pending": 0, "unresolvable": 0},
                 "volatility": {"predictions": 0, "resolved": 0, "pending": 0, "unresolvable": 0, "zeroVariance": 0,
                                "beatsEwma": 0}}""";
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT/accuracy", 200,
                "application/json; charset=utf-8", empty));
    }

    @Test
    void aWrongField_aMissingField_andAnUnlistedStatus_areRefused() throws IOException {
        Answer order = Answer.parse(Files.readString(GOLDEN.resolve("trading-session/place-order.json.txt")));
        String path = "/v1/sessions/01JGXR0A5T6Y7Z8B9C0D1E2F3G/orders";
        assertEquals(List.of(), contract.checkAnswer("POST", path, 201, order.contentType, order.body));

        ObjectNode wrongType = (ObjectNode) JSON.readTree(order.body);
        wrongType.put("quantity", "a quarter");
        assertFalse(contract.checkAnswer("POST", path, 201, order.contentType, wrongType.toString()).isEmpty(),
                "a number sent as text");
        ObjectNode missing = (ObjectNode) JSON.readTree(order.body);
        missing.remove("status");
        assertFalse(contract.checkAnswer("POST", path, 201, order.contentType, missing.toString()).isEmpty(),
                "a required field missing");
        assertFalse(contract.checkAnswer("POST", path, 400, order.contentType, order.body).isEmpty(),
                "an order where an error belongs");
        assertFalse(contract.checkAnswer("GET", "/v1/no-such-route", 200, null, "").isEmpty());
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT", 401, "application/json",
                "{\"message\":\"Unauthorized\"}"), "API Gateway's own refusals");
    }

    /**
     * Every field a trading answer can carry is described in its route's schema, so a client built from the spec
     * keeps it: a stopped session's finalEquity, why an order ended (statusReason), a stop's price, a trade's broker
     * execution id. Listed per route: the view it answers with, and the fields that route never carries.
     */
    @Test
    void tradingAnswers_describeEveryFieldTheirViewCarries() {
        String session = "/v1/sessions/{sessionId}";
        String order = session + "/orders/{orderId}";
        Set<String> never = Set.of();
        List<String> problems = new ArrayList<>();
        undescribed("POST /v1/sessions", "201", "", Views.SessionView.class, Set.of("stoppedAt", "finalEquity"),
                problems);
        undescribed("GET /v1/sessions", "200", "/properties/items/items", Views.SessionView.class,
                Set.of("equity", "openOrders"), problems);
        undescribed("GET " + session, "200", "", Views.SessionView.class, never, problems);
        undescribed("POST " + session + "/stop", "200", "", Views.SessionView.class, never, problems);
        undescribed("POST " + session + "/orders", "201", "", Views.OrderView.class, never, problems);
        undescribed("GET " + session + "/orders", "200", "/properties/items/items", Views.OrderView.class, never,
                problems);
        undescribed("GET " + order, "200", "", Views.OrderView.class, never, problems);
        undescribed("DELETE " + order, "200", "", Views.OrderView.class, never, problems);
        undescribed("GET " + session + "/trades", "200", "/properties/items/items", Views.TradeView.class, never,
                problems);
        undescribed("GET " + session + "/portfolio", "200", "", Views.PortfolioView.class, never, problems);
        undescribed("GET " + session + "/portfolio", "200", "/properties/positions/items", Views.PositionView.class,
                never, problems);
        undescribed("GET " + session + "/equity", "200", "/properties/items/items", Views.EquityPointView.class, never,
                problems);
        assertEquals(List.of(), problems);
    }

    /** The fields of {@code view} the schema at {@code pointer} in the route's answer does not describe. */
    private void undescribed(String route, String status, String pointer, Class<?> view, Set<String> never,
                             List<String> problems) {
        String[] methodAndPath = route.split(" ");
        JsonNode schema = resolve(resolve(contract.operation(methodAndPath[0], methodAndPath[1]).orElseThrow().node()
                .at("/responses/" + status)).at("/content/application~1json/schema")).at(pointer);
        Set<String> missing = new TreeSet<>();
        for (RecordComponent component : view.getRecordComponents()) {
            if (!never.contains(component.getName()) && !schema.path("properties").has(component.getName())) {
                missing.add(component.getName());
            }
        }
        if (!missing.isEmpty()) {
            problems.add(route + " " + status + pointer + " does not describe " + missing);
        }
    }

    /** No sample event leaves an erasure unfinished, so no recorded answer shows the 202 docs/auth.md describes. */
    @Test
    void deleteMe_unfinishedErasure_202IsAnAnswerTheSpecAllows() {
        assertEquals(List.of(), contract.checkAnswer("DELETE", "/v1/auth/me", 202, "application/json; charset=utf-8",
                "{\"complete\":false,\"erased\":{\"trading\":{\"equity\":2000}}}"));
    }

    /** No sample event cancels an order; RestingOrdersIT asserts the 200 and the cancelled order it carries. */
    @Test
    void cancelOrder_200WithTheCancelledOrder_isAnAnswerTheSpecAllows() {
        assertEquals(List.of(), contract.checkAnswer("DELETE",
                "/v1/sessions/01JH4VK1AZPZ8W2S1S37EK4ACX/orders/01JHJFRKCETSEQVV0PP25TH18E", 200,
                "application/json; charset=utf-8", "{\"createdAt\":\"2022-01-04T15:00:27Z\","
                        + "\"id\":\"01JHJFRKCETSEQVV0PP25TH18E\",\"limitPrice\":45000.00,\"quantity\":0.25,"
                        + "\"referenceCandleTime\":\"2022-01-04T14:00:00Z\",\"referencePrice\":47303.01,"
                        + "\"sessionId\":\"01JH4VK1AZPZ8W2S1S37EK4ACX\",\"side\":\"BUY\",\"status\":\"CANCELED\","
                        + "\"statusReason\":\"CANCELED_BY_USER\",\"symbol\":\"BTCUSDT\",\"timeInForce\":\"GTC\","
                        + "\"type\":\"LIMIT\",\"updatedAt\":\"2022-01-04T15:00:40Z\"}"));
    }

    /** A journal session has no fees, slippage, risk limits or guardrails (Views.SessionView), so they are absent. */
    @Test
    void getSession_journal_withoutThePaperSettings_isAnAnswerTheSpecAllows() {
        String journal = "{\"cash\":-4709.20,\"createdAt\":\"2022-01-04T15:00:40Z\",\"currency\":\"USD\","
                + "\"equity\":-4709.20,\"feesPaid\":6.69,\"id\":\"01JH4VK1AZPZ8W2S1S37EK4ACX\","
                + "\"name\":\"Imported trades\",\"openOrders\":0,\"orderCount\":0,\"realizedPnl\":-14.50,"
                + "\"startingCash\":0.00,\"status\":\"ACTIVE\",\"tradeCount\":3,\"type\":\"JOURNAL\"";
        String path = "/v1/sessions/01JH4VK1AZPZ8W2S1S37EK4ACX";
        assertEquals(List.of(), contract.checkAnswer("GET", path, 200, "application/json", journal + "}"));
        assertEquals(List.of(), contract.checkAnswer("POST", path + "/stop", 200, "application/json",
                journal.replace("ACTIVE", "STOPPED")
                        + ",\"finalEquity\":-4709.20,\"stoppedAt\":\"2022-01-04T15:00:49Z\"}"));
    }

    /**
     * A figure the data cannot define is null and still in the answer (docs/trading.md#performance-metrics), as
     * PerformanceIT and JournalImportIT receive them: a paper session without trades, and the default journal (no
     * starting cash) after the sample import. Left out, a required field is refused.
     */
    @Test
    void performanceAndPortfolio_withUndefinedFiguresAsNull_areAnswersTheSpecAllows() throws IOException {
        String session = "/v1/sessions/01JH4VK1AZPZ8W2S1S37EK4ACX";
        String flat = "{\"grid\":\"CALENDAR_DAYS\",\"periodsPerYear\":365,\"observations\":2,"
                + "\"start\":\"2022-01-04T15:00:00Z\",\"end\":\"2022-01-06T12:00:00Z\",\"startingEquity\":100000.00,"
                + "\"endingEquity\":100000.00,\"totalReturn\":0,\"cagr\":0,\"volatility\":0,\"sharpe\":null,"
                + "\"sortino\":null,\"calmar\":null,\"maxDrawdown\":0,\"maxDrawdownDuration\":\"PT0S\","
                + "\"maxDrawdownPeakAt\":null,\"maxDrawdownTroughAt\":null,\"trades\":0,\"closedTrades\":0,\"wins\":0,"
                + "\"losses\":0,\"breakeven\":0,\"winRate\":null,\"profitFactor\":null,\"expectancy\":null,"
                + "\"sqn\":null,\"averageWin\":null,\"averageLoss\":null,\"largestWin\":null,\"largestLoss\":null,"
                + "\"maxConsecutiveWins\":0,\"maxConsecutiveLosses\":0,\"grossProfit\":0.00,\"grossLoss\":0.00,"
                + "\"realizedPnl\":0.00,\"exposure\":0,\"turnover\":0,\"fees\":0.00}";
        String journal = "{\"grid\":\"CALENDAR_DAYS\",\"periodsPerYear\":365,\"observations\":0,"
                + "\"start\":\"2022-01-03T15:00:00Z\",\"end\":\"2022-01-04T15:00:00Z\",\"startingEquity\":0.00,"
                + "\"endingEquity\":-19.19,\"totalReturn\":null,\"cagr\":null,\"volatility\":null,\"sharpe\":null,"
                + "\"sortino\":null,\"calmar\":null,\"maxDrawdown\":null,\"maxDrawdownDuration\":null,"
                + "\"maxDrawdownPeakAt\":null,\"maxDrawdownTroughAt\":null,\"trades\":3,\"closedTrades\":1,\"wins\":0,"
                + "\"losses\":1,\"breakeven\":0,\"winRate\":0,\"profitFactor\":0,\"expectancy\":-14.50,\"sqn\":null,"
                + "\"averageWin\":null,\"averageLoss\":-14.50,\"largestWin\":null,\"largestLoss\":-14.50,"
                + "\"maxConsecutiveWins\":0,\"maxConsecutiveLosses\":1,\"grossProfit\":0.00,\"grossLoss\":-14.50,"
                + "\"realizedPnl\":-14.50,\"exposure\":0.989583,\"turnover\":null,\"fees\":6.69}";
        String portfolio = "{\"sessionId\":\"01JH4VK1AZPZ8W2S1S37EK4ACX\",\"status\":\"ACTIVE\",\"currency\":\"USD\","
                + "\"valuedAt\":\"2022-01-04T15:00:00Z\",\"startingCash\":0.00,\"cash\":-4709.20,"
                + "\"positionsValue\":4690.01,\"equity\":-19.19,\"realizedPnl\":-14.50,\"unrealizedPnl\":-4.69,"
                + "\"feesPaid\":6.69,\"totalReturn\":null,\"positions\":[{\"symbol\":\"BTCUSDT\","
                + "\"positionId\":\"01FRJRSVF0MX3H7XQFNTTT65KZ\",\"quantity\":0.1,\"averageCost\":46947,"
                + "\"costBasis\":4694.70,\"price\":46900.1,\"priceTime\":\"2022-01-04T14:45:00Z\","
                + "\"marketValue\":4690.01,\"unrealizedPnl\":-4.69,\"realizedPnl\":0.00,"
                + "\"openedAt\":\"2022-01-04T14:45:00Z\"}],\"openOrders\":0}";
        assertEquals(List.of(), contract.checkAnswer("GET", session + "/performance", 200, "application/json", flat));
        assertEquals(List.of(), contract.checkAnswer("GET", session + "/performance", 200, "application/json",
                journal));
        assertEquals(List.of(), contract.checkAnswer("GET", session + "/portfolio", 200, "application/json",
                portfolio));

        for (Iterator<String> metrics = JSON.readTree(flat).fieldNames(); metrics.hasNext(); ) {
            String metric = metrics.next();
            ObjectNode without = (ObjectNode) JSON.readTree(flat);
            without.remove(metric);
            assertFalse(contract.checkAnswer("GET", session + "/performance", 200, "application/json",
                    without.toString()).isEmpty(), metric + " left out");
        }
        ObjectNode withoutReturn = (ObjectNode) JSON.readTree(portfolio);
        withoutReturn.remove("totalReturn");
        assertFalse(contract.checkAnswer("GET", session + "/portfolio", 200, "application/json",
                withoutReturn.toString()).isEmpty(), "an undefined total return left out");
    }

    /** Without volatility and range, a forecast says why in volatilityUnavailable (docs/forecasts.md). */
    @Test
    void forecast_withoutVolatility_isAnAnswerTheSpecAllows() throws IOException {
        Answer forecast = Answer.parse(Files.readString(GOLDEN.resolve("predict/forecast.json.txt")));
        ObjectNode body = (ObjectNode) JSON.readTree(forecast.body);
        body.remove(List.of("volatility", "range"));
        body.putObject("volatilityUnavailable").put("code", "INSUFFICIENT_HISTORY")
                .put("reason", "The volatility forecast needs more closed bars");
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT/forecast", 200,
                forecast.contentType, body.toString()));
    }

    /**
     * A model that failed to load makes the predict health route answer 503 "degraded" with the reason and each
     * failure (docs/forecasts.md#degraded-mode; DegradedModeIT asserts the same fields), not an error body.
     */
    @Test
    void predictHealth_degraded503_isAnAnswerTheSpecAllows() throws IOException {
        Answer health = Answer.parse(Files.readString(GOLDEN.resolve("predict/health.json.txt")));
        ObjectNode body = (ObjectNode) JSON.readTree(health.body);
        body.put("status", "degraded").put("reason", "some forecasting models failed to load; forecasts at their "
                + "intervals answer 503, every other route works");
        ((ArrayNode) body.get("models")).remove(0);
        body.putArray("failures").addObject().put("family", "crypto-1h").put("interval", "1h")
                .put("reason", "VERSION_MISMATCH").put("description", "model.onnx does not match the SHA-256 in its "
                        + "card (corrupt or replaced)").put("part", "direction");
        body.putArray("volatility").addObject().put("family", "stocks-1d").put("interval", "1d")
                .put("reason", "NOT_FOUND").put("description", "volatility.json is missing").put("part", "volatility");
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/health/predict", 503, health.contentType,
                body.toString()));
    }

    /**
     * The last page of a listing has no nextCursor (docs/api.md#paging): GET /v1/assets/BTCUSDT/candles
     * ?from=2022-01-02T22:00:00Z&limit=5 on the replayed history at 2022-01-03T00:05Z.
     */
    @Test
    void candles_lastPageWithoutNextCursor_isAnAnswerTheSpecAllows() {
        String body = "{\"symbol\":\"BTCUSDT\",\"interval\":\"1h\",\"order\":\"newest\",\"candles\":[{\"openTime\":"
                + "\"2022-01-02T23:00:00Z\",\"closeTime\":\"2022-01-03T00:00:00Z\",\"open\":47261.81,\"high\":47469.46,"
                + "\"low\":47261.81,\"close\":47280,\"volume\":5067.558},{\"openTime\":\"2022-01-02T22:00:00Z\","
                + "\"closeTime\":\"2022-01-02T23:00:00Z\",\"open\":47020.94,\"high\":47400,\"low\":47014.81,"
                + "\"close\":47261.73,\"volume\":5800.066}]}";
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT/candles", 200, "application/json",
                body));
    }

    /**
     * An asset without the bar 24 h before its latest has no change: GET /v1/assets/BTCUSDT at 2021-11-04T02:30Z,
     * one hour after the first stored bar closed (ReplayAndReadRoutesIT asserts the same answer).
     */
    @Test
    void asset_withoutAReferenceBar_isAnAnswerTheSpecAllows() {
        String body = "{\"symbol\":\"BTCUSDT\",\"name\":\"Bitcoin\",\"class\":\"crypto\",\"exchange\":\"BINANCE\","
                + "\"quoteCurrency\":\"USDT\",\"interval\":\"1h\",\"price\":62400,\"latestCandle\":{\"openTime\":"
                + "\"2021-11-04T01:00:00Z\",\"closeTime\":\"2021-11-04T02:00:00Z\",\"open\":62910.9,\"high\":62924.3,"
                + "\"low\":62306.96,\"close\":62400,\"volume\":7436.165},\"latestCandleTime\":\"2021-11-04T01:00:00Z\","
                + "\"stale\":false,\"staleAfter\":\"2021-11-04T04:05:00Z\",\"asOf\":\"2021-11-04T02:30:00Z\"}";
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT", 200, "application/json", body));
    }

    /**
     * An asset listed before its first bar closed has no price, candle, change or staleAfter: GET /v1/assets/BTCUSDT
     * at 2021-11-04T01:30Z (ReplayAndReadRoutesIT asserts the same answer).
     */
    @Test
    void asset_withoutAClosedCandle_isAnAnswerTheSpecAllows() {
        String body = "{\"symbol\":\"BTCUSDT\",\"name\":\"Bitcoin\",\"class\":\"crypto\",\"exchange\":\"BINANCE\","
                + "\"quoteCurrency\":\"USDT\",\"interval\":\"1h\",\"stale\":true,\"asOf\":\"2021-11-04T01:30:00Z\"}";
        assertEquals(List.of(), contract.checkAnswer("GET", "/v1/assets/BTCUSDT", 200, "application/json", body));
    }

    /** HttpCaching answers a matching If-None-Match with a bare 304 on every cacheable route (docs/api.md). */
    @Test
    void cacheableRoutes_304WithoutABody_isAnAnswerTheSpecAllows() {
        for (String path : List.of("/v1/assets/BTCUSDT/candles", "/v1/assets/BTCUSDT/indicators",
                "/v1/assets/BTCUSDT/forecast", "/v1/model")) {
            assertEquals(List.of(), contract.checkAnswer("GET", path, 304, null, ""), path);
        }
    }

    /** A recorded HTTP answer: status, content type, body. */
    private record Answer(int status, String contentType, String body) {
        static Answer parse(String text) {
            if (!text.startsWith("status: ")) {
                return null;
            }
            String head = text.substring(0, text.indexOf("\n\n"));
            int status = Integer.parseInt(head.lines().findFirst().orElseThrow().substring("status: ".length()));
            String contentType = head.lines().filter(l -> l.startsWith("content-type: "))
                    .map(l -> l.substring("content-type: ".length())).findFirst().orElse(null);
            return new Answer(status, contentType, text.substring(text.indexOf("\n\n") + 2).strip());
        }
    }
}
