package dev.tradewind.local.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding as API Gateway applies it to query strings (where '+' is a space) and path parameters. */
public final class QueryStrings {

    private QueryStrings() {
    }

    /** Repeated names are joined with commas, as in payload 2.0's queryStringParameters. */
    public static Map<String, String> parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** Every value of every name, in order, as REST-style events' multiValueQueryStringParameters have them. */
    public static Map<String, List<String>> parseMultiValue(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.computeIfAbsent(decode(equals < 0 ? pair : pair.substring(0, equals), true),
                        name -> new ArrayList<>()).add(equals < 0 ? "" : decode(pair.substring(equals + 1), true));
            }
        }
        return parameters;
    }

    static String decode(String text, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text, i + 1)) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
                continue;
            }
            byte[] bytes = c == '+' && plusIsSpace ? new byte[] {' '}
                    : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            i += Character.charCount(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether every '%' in a raw path or query starts a two-hex-digit escape; API Gateway refuses it otherwise. */
    static boolean isWellFormed(String raw) {
        if (raw == null) {
            return true;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 3)) {
            if (i + 2 >= raw.length() || !isHex(raw, i + 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String text, int at) {
        return Character.digit(text.charAt(at), 16) >= 0 && Character.digit(text.charAt(at + 1), 16) >= 0;
    }
}
