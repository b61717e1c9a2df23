package dev.tradewind.shared.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The DynamoDB a priming run with in-memory writes ({@code Priming.Builder.inMemoryWrites}) talks to: the function's
 * HTTP client, which answers, while such a run lasts, every write itself, into a store that exists only for that
 * run, and every read of a key that store holds or that names the priming caller ({@link Priming#USER_ID}) from it.
 * Other reads (market data, a catalog) go to DynamoDB as always. So a primed route runs its whole success path, SDK
 * marshalling and unmarshalling included (a session created, an order placed on it, the portfolio read back), while
 * nothing is sent to a table but reads.
 *
 * <p>The store understands what the functions send: items keyed by {@code pk}/{@code sk}; GetItem, BatchGetItem,
 * Query on the table or an index (key conditions {@code =}, {@code <}, {@code <=}, {@code >}, {@code >=},
 * {@code BETWEEN}, {@code begins_with}, newest first when asked, with a limit and no further page), PutItem,
 * DeleteItem, UpdateItem (SET with a value, {@code if_not_exists} or a sum, ADD of numbers or strings to a set,
 * DELETE from a string set, REMOVE), BatchWriteItem and TransactWriteItems. It ignores conditions, filters and
 * projections: enough to reach the code, not a DynamoDB.
 */
final class PrimingStandIn implements SdkHttpClient {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Pattern EQUALS = Pattern.compile("(#?[A-Za-z0-9_]+)\\s*=\\s*(:[A-Za-z0-9_]+)");
    private static final Pattern BETWEEN = Pattern.compile(
            "(#?[A-Za-z0-9_]+)\\s+BETWEEN\\s+(:[A-Za-z0-9_]+)\\s+AND\\s+(:[A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEGINS_WITH = Pattern.compile(
            "begins_with\\s*\\(\\s*(#?[A-Za-z0-9_]+)\\s*,\\s*(:[A-Za-z0-9_]+)\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPARISON = Pattern.compile("(#?[A-Za-z0-9_]+)\\s*(<=|>=|<|>)\\s*(:[A-Za-z0-9_]+)");
    private static final Pattern CLAUSE = Pattern.compile("(?<![#:\\w])(SET|ADD|REMOVE|DELETE)(?=\\s)");
    private static final Pattern IF_NOT_EXISTS = Pattern.compile(
            "if_not_exists\\s*\\(\\s*(#?[A-Za-z0-9_]+)\\s*,\\s*(:[A-Za-z0-9_]+)\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARITHMETIC = Pattern.compile("(#?:?[A-Za-z0-9_]+)\\s*([+-])\\s*(#?:?[A-Za-z0-9_]+)");

    private final SdkHttpClient delegate;

    PrimingStandIn(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Optional<Map<String, Object>> scratch = Priming.inMemoryScratch();
        if (scratch.isEmpty()) {
            // Every request outside priming: one volatile read, then Apache5 as before.
            return delegate.prepareRequest(request);
        }
        Optional<String> target = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                .filter(t -> t.startsWith(TARGET_PREFIX)).map(t -> t.substring(TARGET_PREFIX.length()));
        if (target.isEmpty()) {
            return delegate.prepareRequest(request);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, ObjectNode>> tables = (Map<String, Map<String, ObjectNode>>) scratch.get()
                .computeIfAbsent(PrimingStandIn.class.getName(), k -> new ConcurrentHashMap<>());
        ObjectNode body = readBody(request);
        Optional<ObjectNode> answer = new Store(tables).answer(target.get(), body);
        if (answer.isEmpty()) {
            return delegate.prepareRequest(request);
        }
        byte[] bytes = Json.writeBytes(answer.get());
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(bytes.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
            }

            @Override
            public void abort() {
                // Answered from memory: nothing in flight.
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    private static ObjectNode readBody(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return Json.mapper().createObjectNode();
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run's tables: table name → item key → item, in DynamoDB's JSON. */
    private record Store(Map<String, Map<String, ObjectNode>> tables) {

        /** The answer from memory, or empty when the request goes to DynamoDB. */
        Optional<ObjectNode> answer(String operation, ObjectNode request) {
            ObjectNode answer = Json.mapper().createObjectNode();
            switch (operation) {
                case "PutItem" -> put(request.path("TableName").asText(), (ObjectNode) request.get("Item"));
                case "DeleteItem" -> table(request.path("TableName").asText()).remove(key(request.get("Key")));
                case "UpdateItem" -> {
                    ObjectNode old = table(request.path("TableName").asText()).get(key(request.get("Key")));
                    ObjectNode updated = update(request);
                    String returned = request.path("ReturnValues").asText("NONE");
                    if (returned.endsWith("_NEW")) {
                        answer.set("Attributes", updated);
                    } else if (returned.endsWith("_OLD") && old != null) {
                        answer.set("Attributes", old);
                    }
                }
                case "BatchWriteItem" -> {
                    request.path("RequestItems").properties().forEach(entry -> entry.getValue().forEach(write -> {
                        if (write.has("PutRequest")) {
                            put(entry.getKey(), (ObjectNode) write.path("PutRequest").get("Item"));
                        } else {
                            table(entry.getKey()).remove(key(write.path("DeleteRequest").get("Key")));
                        }
                    }));
                    answer.putObject("UnprocessedItems");
                }
                case "TransactWriteItems" -> request.path("TransactItems").forEach(item -> {
                    if (item.has("Put")) {
                        put(item.path("Put").path("TableName").asText(), (ObjectNode) item.path("Put").get("Item"));
                    } else if (item.has("Delete")) {
                        table(item.path("Delete").path("TableName").asText())
                                .remove(key(item.path("Delete").get("Key")));
                    } else if (item.has("Update")) {
                        update((ObjectNode) item.get("Update"));
                    }
                });
                case "GetItem" -> {
                    String key = key(request.get("Key"));
                    ObjectNode stored = table(request.path("TableName").asText()).get(key);
                    if (stored == null && !key.contains(Priming.USER_ID)) {
                        return Optional.empty();
                    }
                    if (stored != null) {
                        answer.set("Item", stored);
                    }
                }
                case "BatchGetItem" -> {
                    ObjectNode responses = answer.putObject("Responses");
                    for (Map.Entry<String, JsonNode> entry : request.path("RequestItems").properties()) {
                        ArrayNode found = responses.putArray(entry.getKey());
                        for (JsonNode keyNode : entry.getValue().path("Keys")) {
                            String key = key(keyNode);
                            ObjectNode stored = table(entry.getKey()).get(key);
                            if (stored == null && !key.contains(Priming.USER_ID)) {
                                return Optional.empty();
                            }
                            if (stored != null) {
                                found.add(stored);
                            }
                        }
                    }
                    answer.putObject("UnprocessedKeys");
                }
                case "Query" -> {
                    return query(request);
                }
                default -> {
                    return Optional.empty();
                }
            }
            return Optional.of(answer);
        }

        private Map<String, ObjectNode> table(String name) {
            return tables.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
        }

        private void put(String tableName, ObjectNode item) {
            table(tableName).put(key(item), item);
        }

        /**
         * Applies an update's SET (a value, {@code if_not_exists}, a sum or difference), ADD (numbers, strings to a
         * set), DELETE (strings from a set) and REMOVE actions to the stored item, or to a new one of the request's
         * key; returns the item after it.
         */
        private ObjectNode update(ObjectNode request) {
            Map<String, ObjectNode> table = table(request.path("TableName").asText());
            String key = key(request.get("Key"));
            ObjectNode old = table.get(key);
            ObjectNode item = old == null ? ((ObjectNode) request.get("Key")).deepCopy() : old.deepCopy();
            JsonNode names = request.path("ExpressionAttributeNames");
            JsonNode values = request.path("ExpressionAttributeValues");
            Matcher clauses = CLAUSE.matcher(request.path("UpdateExpression").asText());
            List<int[]> bounds = new ArrayList<>();
            List<String> keywords = new ArrayList<>();
            while (clauses.find()) {
                bounds.add(new int[] {clauses.start(), clauses.end()});
                keywords.add(clauses.group(1));
            }
            String expression = request.path("UpdateExpression").asText();
            for (int i = 0; i < bounds.size(); i++) {
                int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : expression.length();
                for (String action : expression.substring(bounds.get(i)[1], end).split(",(?![^(]*\\))")) {
                    apply(item, keywords.get(i), action.trim(), names, values);
                }
            }
            table.put(key, item);
            return item;
        }

        private static void apply(ObjectNode item, String keyword, String action, JsonNode names, JsonNode values) {
            if (action.isEmpty()) {
                return;
            }
            switch (keyword) {
                case "REMOVE" -> item.remove(name(names, action));
                case "ADD", "DELETE" -> {
                    String[] parts = action.split("\\s+", 2);
                    String attribute = name(names, parts[0]);
                    JsonNode value = values.get(parts[1].trim());
                    JsonNode after = value.has("SS") ? strings(item.get(attribute), value, keyword.equals("ADD"))
                            : sum(item.get(attribute), value, 1);
                    if (after == null) {
                        item.remove(attribute);
                    } else {
                        item.set(attribute, after);
                    }
                }
                case "SET" -> {
                    String[] parts = action.split("=", 2);
                    item.set(name(names, parts[0].trim()), operand(item, parts[1].trim(), names, values));
                }
            }
        }

        /** A string set with {@code change}'s strings added or deleted; null when none are left (no empty sets). */
        private static JsonNode strings(JsonNode stored, JsonNode change, boolean add) {
            Set<String> strings = new LinkedHashSet<>();
            if (stored != null) {
                stored.path("SS").forEach(s -> strings.add(s.asText()));
            }
            change.path("SS").forEach(s -> {
                if (add) {
                    strings.add(s.asText());
                } else {
                    strings.remove(s.asText());
                }
            });
            if (strings.isEmpty()) {
                return null;
            }
            ObjectNode set = Json.mapper().createObjectNode();
            ArrayNode elements = set.putArray("SS");
            strings.forEach(elements::add);
            return set;
        }

        private static JsonNode operand(ObjectNode item, String text, JsonNode names, JsonNode values) {
            Matcher ifNotExists = IF_NOT_EXISTS.matcher(text);
            if (ifNotExists.matches()) {
                JsonNode existing = item.get(name(names, ifNotExists.group(1)));
                return existing != null ? existing : values.get(ifNotExists.group(2));
            }
            Matcher arithmetic = ARITHMETIC.matcher(text);
            if (arithmetic.matches()) {
                JsonNode left = term(item, arithmetic.group(1), names, values);
                JsonNode right = term(item, arithmetic.group(3), names, values);
                return sum(left, right, arithmetic.group(2).equals("+") ? 1 : -1);
            }
            return term(item, text, names, values);
        }

        private static JsonNode term(ObjectNode item, String text, JsonNode names, JsonNode values) {
            return text.startsWith(":") ? values.get(text) : item.get(name(names, text));
        }

        private static JsonNode sum(JsonNode left, JsonNode right, int sign) {
            BigDecimal base = left == null ? BigDecimal.ZERO : new BigDecimal(left.path("N").asText("0"));
            BigDecimal change = new BigDecimal(right.path("N").asText("0"));
            ObjectNode number = Json.mapper().createObjectNode();
            number.put("N", (sign > 0 ? base.add(change) : base.subtract(change)).toPlainString());
            return number;
        }

        private static String key(JsonNode item) {
            return item.path("pk") + "\u0000" + item.path("sk");
        }

        private Optional<ObjectNode> query(ObjectNode request) {
            String condition = request.path("KeyConditionExpression").asText();
            JsonNode names = request.path("ExpressionAttributeNames");
            JsonNode values = request.path("ExpressionAttributeValues");
            // The sort-key part first: BETWEEN's "AND" and its operands must not be read as the partition's "=".
            List<SortCondition> sort = new ArrayList<>();
            String rest = condition;
            Matcher between = BETWEEN.matcher(rest);
            if (between.find()) {
                sort.add(new SortCondition(name(names, between.group(1)), "BETWEEN", values.get(between.group(2)),
                        values.get(between.group(3))));
                rest = rest.substring(0, between.start()) + rest.substring(between.end());
            }
            Matcher beginsWith = BEGINS_WITH.matcher(rest);
            if (beginsWith.find()) {
                sort.add(new SortCondition(name(names, beginsWith.group(1)), "BEGINS", values.get(beginsWith.group(2)),
                        null));
                rest = rest.substring(0, beginsWith.start()) + rest.substring(beginsWith.end());
            }
            Matcher comparison = COMPARISON.matcher(rest);
            if (comparison.find()) {
                sort.add(new SortCondition(name(names, comparison.group(1)), comparison.group(2),
                        values.get(comparison.group(3)), null));
                rest = rest.substring(0, comparison.start()) + rest.substring(comparison.end());
            }
            List<String[]> equalities = new ArrayList<>();
            Matcher equals = EQUALS.matcher(rest);
            while (equals.find()) {
                equalities.add(new String[] {name(names, equals.group(1)), equals.group(2)});
            }
            if (equalities.isEmpty()) {
                return Optional.empty();
            }
            String partition = equalities.get(0)[0];
            JsonNode partitionValue = values.get(equalities.get(0)[1]);
            for (int i = 1; i < equalities.size(); i++) {
                sort.add(new SortCondition(equalities.get(i)[0], "=", values.get(equalities.get(i)[1]), null));
            }
            Map<String, ObjectNode> table = table(request.path("TableName").asText());
            List<ObjectNode> items = new ArrayList<>();
            for (ObjectNode item : table.values()) {
                if (partitionValue.equals(item.get(partition)) && sort.stream().allMatch(c -> c.matches(item))) {
                    items.add(item);
                }
            }
            if (items.isEmpty() && !partitionValue.toString().contains(Priming.USER_ID)) {
                return Optional.empty();
            }
            String sortAttribute = sort.isEmpty() ? partition.replaceFirst("pk$", "sk") : sort.get(0).attribute();
            Comparator<ObjectNode> order = Comparator.comparing(item -> item.get(sortAttribute), Store::compare);
            items.sort(request.path("ScanIndexForward").asBoolean(true) ? order : order.reversed());
            int limit = request.path("Limit").asInt(Integer.MAX_VALUE);
            ObjectNode answer = Json.mapper().createObjectNode();
            ArrayNode page = answer.putArray("Items");
            Iterator<ObjectNode> iterator = items.iterator();
            while (iterator.hasNext() && page.size() < limit) {
                page.add(iterator.next());
            }
            answer.put("Count", page.size());
            answer.put("ScannedCount", page.size());
            return Optional.of(answer);
        }

        private static String name(JsonNode names, String token) {
            return token.startsWith("#") ? names.path(token).asText() : token;
        }

        /** Orders two attribute values as DynamoDB orders keys: numbers by value, strings and binaries by text. */
        static int compare(JsonNode left, JsonNode right) {
            if (left == null || right == null) {
                return left == null ? (right == null ? 0 : -1) : 1;
            }
            if (left.has("N") && right.has("N")) {
                return new BigDecimal(left.get("N").asText()).compareTo(new BigDecimal(right.get("N").asText()));
            }
            return text(left).compareTo(text(right));
        }

        private static String text(JsonNode value) {
            JsonNode scalar = value.has("S") ? value.get("S") : value.has("B") ? value.get("B") : value.get("N");
            return scalar == null ? value.toString() : scalar.asText();
        }
    }

    private record SortCondition(String attribute, String operator, JsonNode value, JsonNode upper) {

        boolean matches(JsonNode item) {
            JsonNode actual = item.get(attribute);
            if (actual == null) {
                return false;
            }
            int against = Store.compare(actual, value);
            return switch (operator) {
                case "=" -> against == 0;
                case "<" -> against < 0;
                case "<=" -> against <= 0;
                case ">" -> against > 0;
                case ">=" -> against >= 0;
                case "BETWEEN" -> against >= 0 && Store.compare(actual, upper) <= 0;
                case "BEGINS" -> Store.text(actual).startsWith(Store.text(value));
                default -> false;
            };
        }
    }
}
