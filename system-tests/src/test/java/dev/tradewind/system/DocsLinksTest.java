package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative links and anchors in README.md, CONTRIBUTING.md and docs/ resolve (a link's text may wrap onto the next
 * line), and so does every docs/ page a Java comment cites. Anchors follow GitHub's heading slugs, so a renamed
 * heading breaks the links to it here rather than on the web page.
 */
class DocsLinksTest {

    @Test
    void markdownLinks_inTheRepository_resolve() {
        assertEquals(List.of(), Links.markdownViolations(Repository.root()));
    }

    @Test
    void docsCitedInJavaComments_resolve() {
        assertEquals(List.of(), Links.javaCommentViolations(Repository.root()));
    }

    @Test
    void brokenFileLinksAndAnchors_areReportedWithFileAndLine(@TempDir Path root) throws IOException {
        write(root, "README.md", """
                # Title

                See [the guide](docs/guide.md), [a part](docs/guide.md#fill-model-the-contract) and [data](data/).
                [gone](docs/gone.md) and [wrong part](docs/guide.md#accounts).
                """);
        write(root, "docs/guide.md", """
                # Guide

                ## Fill model (the contract)

                ## Storage

                ### Storage

                ## `Code` *and* [a link](../README.md)

                [first storage](#storage), [second](#storage-1), [third](#storage-2), [code](#code-and-a-link)
                [web](https://example.com/missing.md) [mail](mailto:someone@example.com) `[in code](missing.md)`
                [top](/README.md#title) ![chart](missing.png)

                ```bash
                [in a fence](missing.md)
                ```
                """);
        Files.createDirectories(root.resolve("data"));

        assertEquals(List.of(
                "README.md:4: docs/gone.md: no such file or folder",
                "README.md:4: docs/guide.md#accounts: docs/guide.md has no heading with anchor 'accounts'",
                "docs/guide.md:11: #storage-2: docs/guide.md has no heading with anchor 'storage-2'",
                "docs/guide.md:13: missing.png: no such file or folder"), Links.markdownViolations(root));
    }

    /** A link's text may wrap onto the next line of its paragraph; it is reported on the line it starts. */
    @Test
    void aLinkWhoseTextIsWrapped_isChecked(@TempDir Path root) throws IOException {
        write(root, "docs/guide.md", """
                # Guide

                Text with [a link whose text
                wraps](gone.md#part) and [one that does not](#guide), then [another
                that wraps](#nowhere).

                [not a link across
                                
                a paragraph break](gone.md)
                """);

        assertEquals(List.of(
                "docs/guide.md:3: gone.md#part: no such file or folder",
                "docs/guide.md:4: #nowhere: docs/guide.md has no heading with anchor 'nowhere'"),
                Links.markdownViolations(root));
    }

    @Test
    void unresolvedDocsCitationsInJavaComments_areReported_butStringsAreNot(@TempDir Path root) throws IOException {
        write(root, "docs/trading.md", "# Trading sessions\n\n## Accounting\n");
        write(root, "functions/x/src/main/java/X.java", """
                /** Rounding as in docs/trading.md#accounting and docs/trading.md. */
                class X {
                    String quoted = "docs/absent.md // docs/absent.md";
                    char quote = '"';
                    // docs/trading.md#fills and docs/absent.md
                    String block = \"""
                            docs/absent.md /* docs/absent.md */
                            \""";
                    /* docs/trading.md#accounting,
                       docs/market-data.md */
                }
                """);
        write(root, "functions/x/target/generated/src/main/java/Y.java", "// docs/absent.md\n");

        assertEquals(List.of(
                "functions/x/src/main/java/X.java:5: docs/trading.md#fills: docs/trading.md has no heading with"
                        + " anchor 'fills'",
                "functions/x/src/main/java/X.java:5: docs/absent.md: no such file or folder",
                "functions/x/src/main/java/X.java:10: docs/market-data.md: no such file or folder"),
                Links.javaCommentViolations(root));
    }

    @Test
    void slugs_followGitHub() {
        assertEquals("fill-model-the-contract", Links.slug("Fill model (the contract)"));
        assertEquals("cooldowns-when-they-start-and-when-they-end",
                Links.slug("Cooldowns: when they start and when they end"));
        assertEquals("init-and-snapstart-priming", Links.slug("Init and SnapStart priming"));
        assertEquals("thin-handler--service--repository", Links.slug("Thin handler → service → repository"));
        assertEquals("market_source-and-apiexception", Links.slug("`MARKET_SOURCE` and **ApiException**"));
    }

    private static void write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The checks, over any folder laid out like the repository. */
    static final class Links {

        private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
        private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
        private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
        private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
        private static final Pattern INLINE_LINK =
                Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*<?([^()\\s<>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
        private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
        private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
        private static final Pattern DOCS_CITATION =
                Pattern.compile("(?<![\\w./-])docs/[\\w./-]*?\\.md(?:#[\\w-]+)?");
        private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", ".tradewind");

        private Links() {
        }

        static List<String> markdownViolations(Path root) {
            List<String> violations = new ArrayList<>();
            for (Path file : markdownFiles(root)) {
                List<String> lines = lines(file);
                boolean[] code = fencedLines(lines);
                for (int i = 0; i < lines.size(); i++) {
                    if (code[i]) {
                        continue;
                    }
                    String line = CODE_SPAN.matcher(lines.get(i)).replaceAll(" ");
                    // A link's text may wrap onto the paragraph's next line: match over both, keep those starting here.
                    String next = i + 1 < lines.size() && !code[i + 1]
                            ? CODE_SPAN.matcher(lines.get(i + 1)).replaceAll(" ") : "";
                    List<String> targets = new ArrayList<>();
                    Matcher inline = INLINE_LINK.matcher(line + "\n" + next);
                    while (inline.find() && inline.start() < line.length()) {
                        targets.add(inline.group(1));
                    }
                    Matcher reference = REFERENCE.matcher(line);
                    if (reference.matches()) {
                        targets.add(reference.group(1));
                    }
                    for (String target : targets) {
                        String problem = problem(root, file, target);
                        if (problem != null) {
                            violations.add(relative(root, file) + ":" + (i + 1) + ": " + target + ": " + problem);
                        }
                    }
                }
            }
            return violations;
        }

        static List<String> javaCommentViolations(Path root) {
            List<String> violations = new ArrayList<>();
            for (Path file : javaSources(root)) {
                String text = read(file);
                int[] lineStarts = lineStarts(text);
                for (int[] comment : comments(text)) {
                    Matcher citation = DOCS_CITATION.matcher(text).region(comment[0], comment[1]);
                    while (citation.find()) {
                        String problem = problem(root, null, citation.group());
                        if (problem != null) {
                            violations.add(relative(root, file) + ":" + line(lineStarts, citation.start()) + ": "
                                    + citation.group() + ": " + problem);
                        }
                    }
                }
            }
            return violations;
        }

        /** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
        static String slug(String heading) {
            String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "")
                    .replaceAll("\\*+", "").toLowerCase(Locale.ROOT);
            StringBuilder slug = new StringBuilder();
            text.codePoints().forEach(c -> {
                if (c == ' ') {
                    slug.append('-');
                } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_'
                        || Character.getType(c) == Character.NON_SPACING_MARK) {
                    slug.appendCodePoint(c);
                }
            });
            return slug.toString();
        }

        /**
         * What is wrong with a link target, or null when it resolves or is not checked (other schemes, anchors into
         * files that are not Markdown). {@code from} is the Markdown file the link is in; null for a citation from the
         * repository root.
         */
        private static String problem(Path root, Path from, String target) {
            if (target.isEmpty() || SCHEME.matcher(target).find()) {
                return null;
            }
            int hash = target.indexOf('#');
            String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
            String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
            Path base = from == null ? root : from.getParent();
            Path page = path.isEmpty() ? from
                    : (path.startsWith("/") ? root.resolve(path.substring(1)) : base.resolve(path)).normalize();
            if (page == null || !Files.exists(page)) {
                return "no such file or folder";
            }
            if (anchor == null || !page.getFileName().toString().endsWith(".md") || !Files.isRegularFile(page)) {
                return null;
            }
            if (!anchors(page).contains(anchor)) {
                return relative(root, page) + " has no heading with anchor '" + anchor + "'";
            }
            return null;
        }

        private static Set<String> anchors(Path page) {
            List<String> lines = lines(page);
            boolean[] code = fencedLines(lines);
            Set<String> anchors = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                if (code[i]) {
                    continue;
                }
                Matcher heading = HEADING.matcher(lines.get(i));
                if (heading.matches()) {
                    String slug = slug(heading.group(1) == null ? "" : heading.group(1));
                    int count = seen.merge(slug, 1, Integer::sum);
                    anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
                }
                Matcher html = HTML_ANCHOR.matcher(lines.get(i));
                while (html.find()) {
                    anchors.add(html.group(1));
                }
            }
            return anchors;
        }

        /** Which lines are inside fenced code blocks, fences included. */
        private static boolean[] fencedLines(List<String> lines) {
            boolean[] code = new boolean[lines.size()];
            String open = null;
            for (int i = 0; i < lines.size(); i++) {
                Matcher fence = FENCE.matcher(lines.get(i));
                if (open == null) {
                    if (fence.find()) {
                        open = fence.group(1);
                        code[i] = true;
                    }
                } else {
                    code[i] = true;
                    if (fence.find() && fence.group(1).charAt(0) == open.charAt(0)
                            && fence.group(1).length() >= open.length()
                            && lines.get(i).strip().equals(fence.group(1))) {
                        open = null;
                    }
                }
            }
            return code;
        }

        /** [start, end) of every comment in a Java source; string, char and text-block literals are skipped. */
        private static List<int[]> comments(String text) {
            List<int[]> comments = new ArrayList<>();
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (text.startsWith("//", i)) {
                    int end = text.indexOf('\n', i);
                    end = end < 0 ? n : end;
                    comments.add(new int[] {i, end});
                    i = end;
                } else if (text.startsWith("/*", i)) {
                    int end = text.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                    comments.add(new int[] {i, end});
                    i = end;
                } else if (text.startsWith("\"\"\"", i)) {
                    int j = i + 3;
                    while (j < n && !text.startsWith("\"\"\"", j)) {
                        j += text.charAt(j) == '\\' ? 2 : 1;
                    }
                    i = Math.min(n, j + 3);
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                        j += text.charAt(j) == '\\' ? 2 : 1;
                    }
                    i = j + 1;
                } else {
                    i++;
                }
            }
            return comments;
        }

        private static List<Path> markdownFiles(Path root) {
            List<Path> files = new ArrayList<>();
            for (String name : List.of("README.md", "CONTRIBUTING.md")) {
                if (Files.isRegularFile(root.resolve(name))) {
                    files.add(root.resolve(name));
                }
            }
            Path docs = root.resolve("docs");
            if (Files.isDirectory(docs)) {
                files.addAll(walk(docs, p -> p.toString().endsWith(".md")));
            }
            return files;
        }

        private static List<Path> javaSources(Path root) {
            return walk(root, p -> p.toString().endsWith(".java")
                    && ("/" + relative(root, p)).contains("/src/"));
        }

        /** Files under {@code from}, sorted, never looking into build output, Git or the local runtime's data. */
        private static List<Path> walk(Path from, Predicate<Path> wanted) {
            List<Path> found = new ArrayList<>();
            try {
                Files.walkFileTree(from, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                        return !dir.equals(from) && SKIPPED_FOLDERS.contains(dir.getFileName().toString())
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() && wanted.test(file)) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            found.sort(null);
            return found;
        }

        /** The 1-based line of a character offset. */
        private static int line(int[] lineStarts, int offset) {
            int found = Arrays.binarySearch(lineStarts, offset);
            return found >= 0 ? found + 1 : -(found + 1);
        }

        private static int[] lineStarts(String text) {
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }

        private static List<String> lines(Path file) {
            return read(file).lines().toList();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String relative(Path root, Path file) {
            return root.relativize(file).toString().replace('\\', '/');
        }
    }
}
