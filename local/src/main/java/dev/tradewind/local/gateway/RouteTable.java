package dev.tradewind.local.gateway;

import dev.tradewind.local.template.HttpRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches requests to routes with HTTP API's precedence: an exact path beats one with parameters, more literal
 * segments beat fewer, a greedy {@code {proxy+}} matches last, and a method-specific route beats {@code ANY}.
 */
final class RouteTable {

    record Match(HttpRoute route, Map<String, String> pathParameters) {
    }

    private record Compiled(HttpRoute route, List<String> segments, boolean greedy, int literals) {
    }

    private final List<Compiled> routes;

    RouteTable(List<HttpRoute> routes) {
        List<Compiled> compiled = new ArrayList<>();
        for (HttpRoute route : routes) {
            List<String> segments = segments(route.path());
            boolean greedy = !segments.isEmpty() && segments.getLast().endsWith("+}");
            int literals = (int) segments.stream().filter(s -> !s.startsWith("{")).count();
            compiled.add(new Compiled(route, segments, greedy, literals));
        }
        compiled.sort(Comparator.comparing((Compiled c) -> c.greedy)
                .thenComparing(Comparator.comparingInt((Compiled c) -> c.literals).reversed())
                .thenComparing(c -> c.route.method().equals("ANY")));
        this.routes = List.copyOf(compiled);
    }

    /** The best route for the method and path; empty when the path matches no route for any method. */
    Optional<Match> match(String method, String path) {
        List<String> request = segments(path);
        for (Compiled candidate : routes) {
            if (!candidate.route.method().equals(method) && !candidate.route.method().equals("ANY")) {
                continue;
            }
            Map<String, String> parameters = bind(candidate, request);
            if (parameters != null) {
                return Optional.of(new Match(candidate.route, parameters));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(Compiled route, List<String> request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> segments = route.segments;
        int fixed = route.greedy ? segments.size() - 1 : segments.size();
        if (route.greedy ? request.size() < segments.size() : request.size() != segments.size()) {
            return null;
        }
        for (int i = 0; i < fixed; i++) {
            String pattern = segments.get(i);
            String value = request.get(i);
            if (pattern.startsWith("{")) {
                parameters.put(pattern.substring(1, pattern.length() - 1), QueryStrings.decode(value, false));
            } else if (!pattern.equals(value)) {
                return null;
            }
        }
        if (route.greedy) {
            String name = segments.getLast();
            parameters.put(name.substring(1, name.length() - 2),
                    QueryStrings.decode(String.join("/", request.subList(fixed, request.size())), false));
        }
        return parameters;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
