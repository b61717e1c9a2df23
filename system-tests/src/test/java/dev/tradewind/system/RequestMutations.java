package dev.tradewind.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Malformed variants of one valid request (a seed built from a sample event in events/): its body field by field,
 * its path and query parameters, its cursor, its content type and credentials. Each variant says what answer it
 * may get. Generation is systematic; the few random values come from the caller's seeded {@link Random}.
 */
final class RequestMutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "@@raw@@";
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern ENUM_LIKE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    private static final String TWENTY_DIGITS = "12345678901234567890.12345678901234567890";
    private static final int LONG_TEXT = 50_000;
    /** Just over the default body limit of 64 KiB (AuthFunction's is 4 KiB), and over every route's limit. */
    private static final int[] HUGE_BODIES = {70 * 1024, 3 * 1024 * 1024};
    private static final int DEFAULT_BODY_LIMIT = 64 * 1024;
    /** Routes that take more: docs/trading.md#trade-import (512 KiB) and docs/behaviour.md (2 MiB). */
    static final Map<String, Integer> LARGER_BODY_LIMITS = Map.of("POST /v1/trades/import", 512 * 1024,
            "POST /v1/behavior/analyze", 2 * 1024 * 1024);

    /**
     * Number fields whose sample value is a whole number: whether a fraction is allowed cannot be seen from the
     * sample, so each such field is listed here and a new one fails the fuzzer until it is.
     */
    static final Set<String> WHOLE_NUMBER_FIELDS = Set.of("rating", "maxOrdersPerHour", "lookback", "period");
    static final Set<String> DECIMAL_FIELDS = Set.of("startingCash", "feesBps", "slippageBps", "maxPositionPct",
            "maxDailyLossPct", "quantity", "price", "fees", "limitPrice", "stopPrice", "lossThreshold", "value",
            "stopLossPct", "takeProfitPct", "/entry/all/0/value", "/exit/any/0/value");
    /** Number fields for which a negative value is as valid as a positive one (a rule's threshold, swept or not). */
    static final Set<String> SIGNED_FIELDS = Set.of("value", "/entry/all/0/value", "/exit/any/0/value");
    /** Query parameters that are free text, where any printable value is a valid search. */
    static final Set<String> FREE_TEXT_QUERY = Set.of("query");

    /** What an answer must be. */
    enum Expect {
        /** 4xx: the request is wrong whatever the exact rule. */
        REJECTED,
        /** 2xx or 4xx: valid or not depending on a rule the fuzzer does not know (a field that may be optional). */
        ANY,
        TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        INVALID_CURSOR,
        UNAUTHENTICATED,
        NOT_FOUND
    }

    /** A request as sent: the target is the raw request-target (path and query, already percent-encoded). */
    record Mutant(String label, String method, String target, Map<String, String> headers, byte[] body, Expect expect,
                  boolean gatewayMayAnswer) {
    }

    /** The valid request a route's mutants start from. Path and query values are raw (percent-encoded) text. */
    record Seed(String routeKey, String event, String method, String pathTemplate, Map<String, String> path,
                List<String[]> query, Map<String, String> headers, String body, boolean authorized) {

        String target() {
            return target(path, query);
        }

        String target(Map<String, String> pathValues, List<String[]> queryPairs) {
            String resolved = pathTemplate;
            for (var entry : pathValues.entrySet()) {
                resolved = resolved.replace("{" + entry.getKey() + "}", entry.getValue());
            }
            if (queryPairs.isEmpty()) {
                return resolved;
            }
            List<String> pairs = new ArrayList<>();
            queryPairs.forEach(pair -> pairs.add(pair[1] == null ? pair[0] : pair[0] + "=" + pair[1]));
            return resolved + "?" + String.join("&", pairs);
        }

        boolean jsonBody() {
            return body != null && contentType().contains("json");
        }

        String contentType() {
            return headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        }
    }

    /** What the fixture knows that a seed does not: ids of another user, real cursors, alternative query values. */
    interface Context {
        /** Another user's resource of the kind a path parameter names, if the fixture has one. */
        String otherUsersId(String parameter);

        /** A real cursor of this listing and the query it was made with; null when the route is not a listing. */
        String[] ownCursor(String routeKey);

        /** Real cursors of the other listings. */
        List<String> foreignCursors(String routeKey);

        /** The query parameters (besides limit and cursor) that bound this listing, from the seed and docs/api.md. */
        Set<String> boundParameters(String routeKey);

        /**
         * A different valid value for a query or path parameter; {@code current} when no other value is valid, null
         * when the fixture does not know the parameter.
         */
        String alternative(String parameter, String current);

        String callerId();

        String otherUserId();

        String token();

        /** A fresh Idempotency-Key, so that each variant is validated rather than replayed. */
        String freshIdempotencyKey();
    }

    private final Seed seed;
    private final Context context;
    private final Random random;
    private final List<Mutant> mutants = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private RequestMutations(Seed seed, Context context, Random random) {
        this.seed = seed;
        this.context = context;
        this.random = random;
    }

    /**
     * The mutants of a seed; {@code problems} receives what keeps the fuzzer from covering the route fully (an
     * unclassified field, a bound parameter without an alternative value).
     */
    static List<Mutant> of(Seed seed, Context context, Random random, List<String> problems) {
        RequestMutations generator = new RequestMutations(seed, context, random);
        generator.generate();
        problems.addAll(generator.problems);
        return generator.mutants;
    }

    private void generate() {
        if (seed.body() != null) {
            if (seed.jsonBody()) {
                jsonBody();
            } else {
                csvBody();
            }
            bodyFraming();
        }
        pathParameters();
        queryParameters();
        cursors();
        headers();
    }

    private void add(String label, String target, Map<String, String> headers, byte[] body, Expect expect) {
        add(label, target, headers, body, expect, false);
    }

    private void add(String label, String target, Map<String, String> headers, byte[] body, Expect expect,
                     boolean gatewayMayAnswer) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.computeIfPresent("idempotency-key", (name, value) -> value.equals(seed.headers().get(name))
                ? context.freshIdempotencyKey() : value);
        mutants.add(new Mutant(label, seed.method(), target, all, body, expect, gatewayMayAnswer));
    }

    private void body(String label, String body, Expect expect) {
        add(label, seed.target(), seed.headers(), body.getBytes(StandardCharsets.UTF_8), expect);
    }

    private void jsonBody() {
        JsonNode root = tree(seed.body());
        body("empty body", "", Expect.REJECTED);
        body("body null", "null", Expect.REJECTED);
        body("body an array", "[]", Expect.REJECTED);
        body("body a string", "\"x\"", Expect.REJECTED);
        body("body a number", "123", Expect.REJECTED);
        body("truncated JSON", seed.body().substring(0, seed.body().length() / 2), Expect.REJECTED);
        body("trailing tokens", seed.body() + " {}", Expect.REJECTED);
        body("empty object", "{}", Expect.ANY);
        body("deeply nested arrays", "[".repeat(20_000) + "]".repeat(20_000), Expect.REJECTED);
        add("invalid UTF-8", seed.target(), seed.headers(), invalidUtf8(seed.body()), Expect.REJECTED);
        if (root instanceof ObjectNode object && object.size() > 0) {
            String first = object.fieldNames().next();
            String duplicate = "{\"" + first + "\":" + json(object.get(first)) + "," + seed.body().substring(1);
            body("duplicate field " + first, duplicate, Expect.REJECTED);
            ObjectNode nested = object.deepCopy();
            nested.put(first, RAW);
            body("deep nesting in " + first, raw(nested, "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)),
                    Expect.REJECTED);
        }
        walk(root, "", root);
    }

    /** Every field of every object, and the first element of every array. */
    private void walk(JsonNode root, String path, JsonNode node) {
        if (node.isObject()) {
            replaceAt(root, path, value -> ((ObjectNode) value).put("fuzzUnknownField", 1), "unknown field in "
                    + (path.isEmpty() ? "body" : path), Expect.REJECTED);
            node.fieldNames().forEachRemaining(name -> {
                String child = path.isEmpty() ? name : path + "." + name;
                field(root, child, name, node.get(name));
                walk(root, child, node.get(name));
            });
        } else if (node.isArray() && !node.isEmpty()) {
            String child = path + "[0]";
            field(root, child, lastName(path), node.get(0));
            walk(root, child, node.get(0));
        }
    }

    private void field(JsonNode root, String path, String name, JsonNode value) {
        set(root, path, null, "remove " + path, Expect.ANY);
        set(root, path, "null", path + " null", Expect.ANY);
        if (value.isTextual()) {
            text(root, path, name, value.asText());
        } else if (value.isNumber()) {
            number(root, path, name, value.asText(), true);
            set(root, path, "\"abc\"", path + " a word", Expect.REJECTED);
            set(root, path, "\"" + value.asText() + "\"", path + " as a string", Expect.ANY);
            wrongTypes(root, path, "true", "{}", "[]");
        } else if (value.isBoolean()) {
            set(root, path, "\"true\"", path + " as a string", Expect.REJECTED);
            set(root, path, "1", path + " as a number", Expect.REJECTED);
            wrongTypes(root, path, "{}", "[]");
        } else if (value.isObject()) {
            set(root, path, "{}", path + " empty", Expect.ANY);
            wrongTypes(root, path, "\"x\"", "1", "[]");
        } else if (value.isArray()) {
            set(root, path, "[]", path + " empty", Expect.ANY);
            set(root, path, "[null]", path + " [null]", Expect.REJECTED);
            set(root, path, "[" + "1,".repeat(999) + "1]", path + " 1000 numbers", Expect.REJECTED);
            wrongTypes(root, path, "\"x\"", "{}");
        }
    }

    private void wrongTypes(JsonNode root, String path, String... values) {
        for (String value : values) {
            set(root, path, value, path + " wrong type " + value, Expect.REJECTED);
        }
    }

    private void text(JsonNode root, String path, String name, String value) {
        boolean token = tokenLike(value);
        set(root, path, quote(value + "\u0000"), path + " with NUL", Expect.REJECTED);
        set(root, path, quote("\u0001" + value), path + " with U+0001", Expect.REJECTED);
        set(root, path, quote(value + "\u2028"), path + " with U+2028", token ? Expect.REJECTED : Expect.ANY);
        set(root, path, quote(" " + value + " "), path + " padded", token ? Expect.REJECTED : Expect.ANY);
        set(root, path, quote("x".repeat(LONG_TEXT)), path + " " + LONG_TEXT + " characters", Expect.REJECTED);
        set(root, path, quote(""), path + " empty", Expect.ANY);
        set(root, path, quote(randomUnicode(12)), path + " random unicode", token ? Expect.REJECTED : Expect.ANY);
        if (ENUM_LIKE.matcher(value).matches()) {
            set(root, path, quote(value.toLowerCase(Locale.ROOT)), path + " lower case", Expect.REJECTED);
            set(root, path, quote("NOT_A_" + value), path + " unknown value", Expect.REJECTED);
        }
        if (NUMERIC.matcher(value).matches()) {
            number(root, path, name, value, false);
            set(root, path, value, path + " as a number", Expect.ANY);
        } else {
            wrongTypes(root, path, "123", "true", "{}", "[]");
        }
    }

    /** Number edge cases, written as JSON numbers or as strings, as the sample writes the field. */
    private void number(JsonNode root, String path, String name, String value, boolean jsonNumber) {
        boolean whole = !value.contains(".");
        if (whole && !WHOLE_NUMBER_FIELDS.contains(name) && !DECIMAL_FIELDS.contains(name)) {
            problems.add(seed.routeKey() + ": number field '" + name + "' is in neither WHOLE_NUMBER_FIELDS nor "
                    + "DECIMAL_FIELDS of RequestMutations");
        }
        Consumer<String[]> put = edge -> set(root, path, jsonNumber && !edge[0].equals("NaN")
                ? edge[0] : quote(edge[0]), path + " " + edge[0], Expect.valueOf(edge[1]));
        put.accept(new String[] {"1e309", "REJECTED"});
        put.accept(new String[] {"-1e309", "REJECTED"});
        put.accept(new String[] {"NaN", "REJECTED"});
        put.accept(new String[] {"-0", "ANY"});
        put.accept(new String[] {TWENTY_DIGITS, "REJECTED"});
        if (!value.matches("-?0(\\.0+)?")) {
            put.accept(new String[] {value.startsWith("-") ? value.substring(1) : "-" + value,
                SIGNED_FIELDS.contains(name) ? "ANY" : "REJECTED"});
        }
        if (WHOLE_NUMBER_FIELDS.contains(name)) {
            put.accept(new String[] {value + ".5", "REJECTED"});
            put.accept(new String[] {value + ".0000000001", "REJECTED"});
        }
    }

    private void set(JsonNode root, String path, String rawValue, String label, Expect expect) {
        replaceAt(root, path, null, label, expect, rawValue);
    }

    private void replaceAt(JsonNode root, String path, Consumer<JsonNode> edit, String label, Expect expect) {
        replaceAt(root, path, edit, label, expect, RAW);
    }

    /** Copies the body and either edits the node at {@code path} or replaces it with raw JSON (null removes it). */
    private void replaceAt(JsonNode root, String path, Consumer<JsonNode> edit, String label, Expect expect,
                           String rawValue) {
        JsonNode copy = root.deepCopy();
        if (edit != null) {
            edit.accept(path.isEmpty() ? copy : locate(copy, path));
            body(label, json(copy), expect);
            return;
        }
        int split = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        JsonNode parent = split < 0 ? copy : locate(copy, path.substring(0, split));
        String last = split < 0 ? path : path.substring(split).replaceAll("^[.\\[]|]$", "");
        if (parent instanceof ObjectNode object) {
            if (rawValue == null) {
                object.remove(last);
            } else {
                object.set(last, TextNode.valueOf(RAW));
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (rawValue == null) {
                array.remove(index);
            } else {
                array.set(index, TextNode.valueOf(RAW));
            }
        }
        body(label, rawValue == null ? json(copy) : raw(copy, rawValue), expect);
    }

    private static JsonNode locate(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.replace("[", ".[").split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            node = part.startsWith("[") ? node.get(Integer.parseInt(part.substring(1, part.length() - 1)))
                    : node.get(part);
        }
        return node;
    }

    private static String lastName(String path) {
        String withoutIndexes = path.replaceAll("\\[\\d+]", "");
        return withoutIndexes.substring(withoutIndexes.lastIndexOf('.') + 1);
    }

    private void csvBody() {
        List<String> lines = new ArrayList<>(seed.body().lines().toList());
        body("empty body", "", Expect.REJECTED);
        body("header only", lines.getFirst() + "\n", Expect.ANY);
        body("not CSV", "{\"trades\":[]}", Expect.REJECTED);
        body("unknown column", lines.getFirst() + ",fuzzUnknownColumn\n" + String.join(",x\n",
                lines.subList(1, lines.size())) + ",x\n", Expect.REJECTED);
        add("invalid UTF-8", seed.target(), seed.headers(), invalidUtf8(seed.body()), Expect.REJECTED);
        String[] header = lines.getFirst().split(",", -1);
        String[] row = lines.get(1).split(",", -1);
        for (int column = 0; column < header.length; column++) {
            String name = header[column];
            String value = row[column];
            int at = column;
            Consumer<Object[]> cell = change -> {
                String[] edited = row.clone();
                edited[at] = (String) change[0];
                List<String> out = new ArrayList<>(lines);
                out.set(1, String.join(",", edited));
                body(name + " " + change[1], String.join("\n", out) + "\n", (Expect) change[2]);
            };
            cell.accept(new Object[] {value + "\u0000", "with NUL", Expect.REJECTED});
            cell.accept(new Object[] {"\u0001" + value, "with U+0001", Expect.REJECTED});
            cell.accept(new Object[] {value + "\u2028", "with U+2028", Expect.REJECTED});
            cell.accept(new Object[] {"", "empty", Expect.REJECTED});
            cell.accept(new Object[] {"x".repeat(LONG_TEXT), LONG_TEXT + " characters", Expect.REJECTED});
            if (NUMERIC.matcher(value).matches()) {
                for (String edge : List.of("1e309", "NaN", TWENTY_DIGITS, "-" + value, "abc")) {
                    cell.accept(new Object[] {edge, edge, Expect.REJECTED});
                }
            }
            if (ENUM_LIKE.matcher(value).matches()) {
                cell.accept(new Object[] {value.toLowerCase(Locale.ROOT), "lower case", Expect.REJECTED});
            }
        }
    }

    /** Size and media type, for any body. */
    private void bodyFraming() {
        for (int size : HUGE_BODIES) {
            StringBuilder huge = new StringBuilder(seed.body());
            // Trailing whitespace keeps a JSON body valid, so that only its size can refuse it.
            huge.append(seed.jsonBody() ? " " : "\n").append(" ".repeat(size - seed.body().length()));
            int limit = LARGER_BODY_LIMITS.getOrDefault(seed.routeKey(), DEFAULT_BODY_LIMIT);
            body("body of " + size / 1024 + " KiB", huge.toString(), size > limit ? Expect.TOO_LARGE : Expect.ANY);
        }
        for (String type : new String[] {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x"}) {
            Map<String, String> headers = new LinkedHashMap<>(seed.headers());
            if (type == null) {
                headers.remove("content-type");
            } else {
                headers.put("content-type", type);
            }
            add("content type " + type, seed.target(), headers, seed.body().getBytes(StandardCharsets.UTF_8),
                    Expect.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    private void pathParameters() {
        for (var parameter : seed.path().entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue();
            Consumer<Object[]> put = change -> {
                Map<String, String> path = new LinkedHashMap<>(seed.path());
                path.put(name, (String) change[0]);
                add(name + " " + change[1], seed.target(path, seed.query()), seed.headers(), body(),
                        (Expect) change[2], change.length > 3);
            };
            // The HTTP server refuses a NUL decoded into a path (even in Jetty's UNSAFE URI mode), before any route.
            put.accept(new Object[] {value + "%00", "with NUL", Expect.REJECTED, "gateway"});
            put.accept(new Object[] {value + "%E2%80%A8", "with U+2028", Expect.REJECTED});
            put.accept(new Object[] {"..%2F..%2Fetc%2Fpasswd", "encoded traversal", Expect.REJECTED});
            put.accept(new Object[] {"%2E%2E", "encoded dot-dot", Expect.REJECTED});
            put.accept(new Object[] {"..", "dot-dot", Expect.REJECTED, "gateway"});
            put.accept(new Object[] {"A".repeat(300), "300 characters", Expect.REJECTED});
            put.accept(new Object[] {"%20" + value, "leading space", Expect.REJECTED});
            if (ULID.matcher(value).matches()) {
                put.accept(new Object[] {"not-an-id", "not a ULID", Expect.REJECTED});
                put.accept(new Object[] {value.substring(1), "25 characters", Expect.REJECTED});
                put.accept(new Object[] {"7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "an unused ULID", Expect.NOT_FOUND});
                String other = context.otherUsersId(name);
                if (other != null) {
                    put.accept(new Object[] {other, "another user's", Expect.NOT_FOUND});
                }
            } else {
                put.accept(new Object[] {value.toLowerCase(Locale.ROOT), "lower case", Expect.ANY});
                put.accept(new Object[] {"NOPE" + value, "unknown", Expect.REJECTED});
            }
        }
    }

    private void queryParameters() {
        if (seed.method().equals("GET")) {
            List<String[]> query = new ArrayList<>(seed.query());
            query.add(new String[] {"fuzzUnknown", "1"});
            add("unknown query parameter", seed.target(seed.path(), query), seed.headers(), body(), Expect.ANY);
        }
        add("malformed percent-encoding", seed.target(seed.path(), List.<String[]>of(new String[] {"%zz", "1"})),
                seed.headers(), body(), Expect.REJECTED, true);
        for (int i = 0; i < seed.query().size(); i++) {
            String name = seed.query().get(i)[0];
            String value = seed.query().get(i)[1];
            boolean numeric = NUMERIC.matcher(value).matches();
            boolean free = FREE_TEXT_QUERY.contains(name);
            Expect junk = free ? Expect.ANY : Expect.REJECTED;
            int at = i;
            Consumer<Object[]> put = change -> {
                List<String[]> query = new ArrayList<>(seed.query());
                if (change[0] == null) {
                    query.remove(at);
                } else {
                    query.set(at, new String[] {name, (String) change[0]});
                }
                add(name + " " + change[1], seed.target(seed.path(), query), seed.headers(), body(),
                        (Expect) change[2], change.length > 3);
            };
            put.accept(new Object[] {null, "removed", Expect.ANY});
            put.accept(new Object[] {"", "empty", Expect.ANY});
            put.accept(new Object[] {value + "%00", "with NUL", Expect.REJECTED});
            put.accept(new Object[] {value + "%01", "with U+0001", Expect.REJECTED});
            put.accept(new Object[] {value + "%E2%80%A8", "with U+2028", junk});
            put.accept(new Object[] {"x".repeat(5_000), "5000 characters", junk});
            put.accept(new Object[] {"%zz", "malformed percent-encoding", Expect.REJECTED, "gateway"});
            put.accept(new Object[] {value + "&" + name + "=" + value, "repeated", junk});
            for (String edge : List.of("NaN", "1e309", "-1", "2.5", "12345678901234567890", "abc", "%20" + value
                    + "%20")) {
                put.accept(new Object[] {edge, edge, numeric || !free ? Expect.REJECTED : Expect.ANY});
            }
            put.accept(new Object[] {"-0", "-0", numeric ? Expect.ANY : junk});
        }
    }

    private void cursors() {
        String[] own = context.ownCursor(seed.routeKey());
        if (own == null) {
            return;
        }
        String cursor = own[0];
        List<String[]> ownQuery = parseQuery(own[1]);
        Consumer<String[]> put = change -> {
            List<String[]> query = new ArrayList<>(change.length > 2 ? parseQuery(change[2]) : seed.query());
            query.removeIf(pair -> pair[0].equals("cursor"));
            query.add(new String[] {"cursor", encode(change[0])});
            Map<String, String> path = change.length > 3 ? Map.of(change[3].split("=")[0], change[3].split("=")[1])
                    : Map.of();
            Map<String, String> allPath = new LinkedHashMap<>(seed.path());
            allPath.putAll(path);
            add("cursor " + change[1], seed.target(allPath, query), seed.headers(), body(), Expect.INVALID_CURSOR);
        };
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        put.accept(new String[] {"1." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "random base64"});
        random.nextBytes(bytes);
        put.accept(new String[] {Base64.getEncoder().encodeToString(bytes), "random base64 without version"});
        put.accept(new String[] {"1.!!!", "not base64"});
        put.accept(new String[] {"1." + b64("[]"), "a JSON array"});
        put.accept(new String[] {"1." + b64("{\"pk\":[\"N\",\"1e309\"]}"), "a huge number key"});
        put.accept(new String[] {"1." + b64("{\"pk\":[\"S\",\"USER#" + context.otherUserId() + "\"],\"sk\":[\"S\","
                + "\"SESSION#\"]}"), "another user's partition"});
        put.accept(new String[] {cursor.substring(0, cursor.length() - 1)
                + (cursor.endsWith("A") ? "B" : "A"), "with its last character changed"});
        JsonNode key = tree(new String(Base64.getUrlDecoder().decode(cursor.substring(2)), StandardCharsets.UTF_8));
        key.fieldNames().forEachRemaining(name -> {
            ObjectNode without = (ObjectNode) key.deepCopy();
            without.remove(name);
            put.accept(new String[] {"1." + b64(json(without)), "without its " + name});
        });
        String decoded = json(key);
        if (decoded.contains(context.callerId())) {
            put.accept(new String[] {"1." + b64(decoded.replace(context.callerId(), context.otherUserId())),
                    "rewritten to another user"});
        }
        List<String> foreign = context.foreignCursors(seed.routeKey());
        for (int i = 0; i < foreign.size(); i++) {
            put.accept(new String[] {foreign.get(i), "from another listing #" + (i + 1)});
        }
        // A real cursor of this listing, with the query changed around it (finding 1: other candle bounds).
        for (String bound : context.boundParameters(seed.routeKey())) {
            String current = ownQuery.stream().filter(pair -> pair[0].equals(bound)).map(pair -> pair[1])
                    .findFirst().orElse(null);
            String alternative = context.alternative(bound, current);
            if (alternative == null) {
                problems.add(seed.routeKey() + ": no alternative value for the listing's query parameter '" + bound
                        + "' (RouteFuzzIT.alternative)");
                continue;
            }
            if (alternative.equals(current)) {
                continue;
            }
            List<String[]> changed = new ArrayList<>(ownQuery);
            changed.removeIf(pair -> pair[0].equals(bound));
            changed.add(new String[] {bound, encode(alternative)});
            put.accept(new String[] {cursor, "reused with " + bound + "=" + alternative, join(changed)});
        }
        if (context.boundParameters(seed.routeKey()).containsAll(List.of("from", "to"))) {
            List<String[]> window = new ArrayList<>(ownQuery);
            window.removeIf(pair -> pair[0].equals("from") || pair[0].equals("to"));
            window.add(new String[] {"from", encode(context.alternative("from", null))});
            window.add(new String[] {"to", encode(context.alternative("to", null))});
            put.accept(new String[] {cursor, "reused with another from and to", join(window)});
        }
        for (var parameter : seed.path().entrySet()) {
            String alternative = context.alternative(parameter.getKey(), parameter.getValue());
            if (alternative != null) {
                put.accept(new String[] {cursor, "reused with " + parameter.getKey() + " " + alternative, own[1],
                        parameter.getKey() + "=" + alternative});
            }
        }
    }

    private void headers() {
        if (seed.authorized()) {
            String token = context.token();
            String[] parts = token.split("\\.");
            String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
            for (String[] authorization : new String[][] {{null, "missing"}, {"Bearer garbage", "garbage"},
                    {"Bearer " + tampered, "tampered signature"}, {"Bearer " + unsigned, "alg none"},
                    {"Basic dXNlcjpwYXNz", "basic credentials"}, {"Bearer " + "a".repeat(5_000), "5000 characters"}}) {
                Map<String, String> headers = new LinkedHashMap<>(seed.headers());
                if (authorization[0] == null) {
                    headers.remove("authorization");
                } else {
                    headers.put("authorization", authorization[0]);
                }
                add("authorization " + authorization[1], seed.target(), headers, body(), Expect.UNAUTHENTICATED, true);
            }
        }
        if (seed.headers().containsKey("idempotency-key")) {
            for (String[] key : new String[][] {{null, "missing"}, {"k".repeat(300), "300 characters"},
                    {"has space", "with a space"}, {"ctl\u0001key", "with U+0001"}, {"", "empty"}}) {
                Map<String, String> headers = new LinkedHashMap<>(seed.headers());
                if (key[0] == null) {
                    headers.remove("idempotency-key");
                } else {
                    headers.put("idempotency-key", key[0]);
                }
                // A control character in a header value is refused by the HTTP parser in front of any function.
                boolean parserRefuses = key[0] != null && key[0].chars().anyMatch(Character::isISOControl);
                mutants.add(new Mutant("idempotency key " + key[1], seed.method(), seed.target(), headers, body(),
                        Expect.REJECTED, parserRefuses));
            }
        }
    }

    private byte[] body() {
        return seed.body() == null ? new byte[0] : seed.body().getBytes(StandardCharsets.UTF_8);
    }

    /** Printable ASCII without spaces: symbols, enums, ids, decimals, timestamps, emails, tokens. */
    private static boolean tokenLike(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private String randomUnicode(int length) {
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            int codePoint = 0xA0 + random.nextInt(0x2FFFF - 0xA0);
            if (Character.isDefined(codePoint) && !Character.isSurrogate((char) codePoint)
                    && Character.getType(codePoint) != Character.PRIVATE_USE) {
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    private static byte[] invalidUtf8(String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 2];
        int middle = text.length / 2;
        System.arraycopy(text, 0, out, 0, middle);
        out[middle] = (byte) 0xC3;
        out[middle + 1] = (byte) 0x28;
        System.arraycopy(text, middle, out, middle + 2, text.length - middle);
        return out;
    }

    static List<String[]> parseQuery(String raw) {
        List<String[]> pairs = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return pairs;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            pairs.add(equals < 0 ? new String[] {pair, null}
                    : new String[] {pair.substring(0, equals), pair.substring(equals + 1)});
        }
        return pairs;
    }

    static String join(List<String[]> pairs) {
        List<String> out = new ArrayList<>();
        pairs.forEach(pair -> out.add(pair[1] == null ? pair[0] : pair[0] + "=" + pair[1]));
        return String.join("&", out);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        return json(TextNode.valueOf(text));
    }

    private static String raw(JsonNode node, String rawValue) {
        return json(node).replace("\"" + RAW + "\"", rawValue);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
