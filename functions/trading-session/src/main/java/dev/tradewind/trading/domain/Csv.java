package dev.tradewind.trading.domain;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma separated, fields optionally double-quoted ("" escapes a quote), CRLF or LF line ends. */
final class Csv {

    private Csv() {
    }

    /** A record and the line it starts on. */
    record Line(int number, List<String> fields) {
    }

    /** @throws IllegalArgumentException on a quote left open at the end of the text */
    static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.isEmpty() && !fieldStarted) {
                        quoted = true;
                        fieldStarted = true;
                    } else {
                        field.append(c);
                    }
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                }
                case '\r' -> {
                    // Part of CRLF; a lone CR is treated as a line end too.
                    if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                        endRecord(lines, fields, field, recordLine);
                        fieldStarted = false;
                        line++;
                        recordLine = line;
                    }
                }
                case '\n' -> {
                    endRecord(lines, fields, field, recordLine);
                    fieldStarted = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    field.append(c);
                    fieldStarted = true;
                }
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field starting on line " + recordLine + " is never closed");
        }
        endRecord(lines, fields, field, recordLine);
        return lines;
    }

    private static void endRecord(List<Line> lines, List<String> fields, StringBuilder field, int number) {
        fields.add(field.toString());
        field.setLength(0);
        boolean blank = fields.size() == 1 && fields.getFirst().isBlank();
        if (!blank) {
            lines.add(new Line(number, List.copyOf(fields)));
        }
        fields.clear();
    }
}
