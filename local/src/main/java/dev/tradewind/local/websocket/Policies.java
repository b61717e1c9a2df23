package dev.tradewind.local.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of IAM policy evaluation an API Gateway Lambda authorizer's answer needs: a statement applies when one
 * of its actions is {@code execute-api:Invoke} (or a wildcard of it) and one of its resources matches the method
 * ARN ({@code *} and {@code ?} as wildcards); an applicable Deny wins, else an applicable Allow allows.
 */
final class Policies {

    private Policies() {
    }

    static boolean allows(JsonNode policyDocument, String methodArn) {
        boolean allowed = false;
        for (JsonNode statement : list(policyDocument.get("Statement"))) {
            boolean applies = list(statement.get("Action")).stream()
                    .anyMatch(a -> glob(a.asText(), "execute-api:Invoke", true))
                    && list(statement.get("Resource")).stream().anyMatch(r -> glob(r.asText(), methodArn, false));
            if (!applies) {
                continue;
            }
            String effect = statement.path("Effect").asText();
            if (effect.equals("Deny")) {
                return false;
            }
            allowed |= effect.equals("Allow");
        }
        return allowed;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    /** Actions are case-insensitive in IAM, resources are not. */
    private static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL)
                .matcher(value).matches();
    }
}
