package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every function module has the same shape (docs/architecture.md#packages): the Lambda entry classes at the root of
 * its package, then {@code api}, {@code service}, {@code domain} and {@code store}; and HTTP stays above the services.
 * A source scan, so that the rule holds for code no test exercises yet.
 */
class LayeringTest {

    private static final Set<String> PACKAGES = Set.of("api", "service", "domain", "store");
    private static final Set<String> BELOW_HANDLERS = Set.of("service", "domain", "store");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern ENTRY_CLASS = Pattern.compile("\\w+(Handler|Priming)\\.java");

    @Test
    void everyFunctionModule_hasOnlyEntryClassesAtItsRootAndTheFourPackages() {
        List<String> problems = new ArrayList<>();
        for (Path base : functionPackages()) {
            try (Stream<Path> children = Files.list(base)) {
                children.forEach(child -> {
                    String name = child.getFileName().toString();
                    if (Files.isDirectory(child) ? !PACKAGES.contains(name) : !ENTRY_CLASS.matcher(name).matches()) {
                        problems.add(Repository.root().relativize(child) + (Files.isDirectory(child)
                                ? ": a package other than api, service, domain, store"
                                : ": only Lambda handlers and their priming live at the root"));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void servicesDomainAndStores_knowNothingOfHttp() {
        List<String> problems = new ArrayList<>();
        for (Path base : functionPackages()) {
            String api = "dev.tradewind." + base.getFileName() + ".api.";
            for (String layer : BELOW_HANDLERS) {
                for (Path file : javaFiles(base.resolve(layer))) {
                    problems.addAll(httpLeaks(file, api));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void domain_usesNoAwsSdk() {
        List<String> problems = new ArrayList<>();
        for (Path base : functionPackages()) {
            for (Path file : javaFiles(base.resolve("domain"))) {
                for (String imported : imports(file)) {
                    if (imported.startsWith("software.amazon.") || imported.startsWith("com.amazonaws.")) {
                        problems.add(Repository.root().relativize(file) + " imports " + imported);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void httpLeaks_areFoundInAServiceThatImportsThem() {
        String source = """
                package dev.tradewind.trading.service;

                import dev.tradewind.shared.http.ApiException;
                import dev.tradewind.trading.api.Views;

                final class Leaky {
                    void fail() {
                        throw dev.tradewind.shared.http.ApiException.badRequest("X", "x");
                    }
                }
                """;
        assertEquals(List.of("imports dev.tradewind.shared.http.ApiException", "imports dev.tradewind.trading.api.Views",
                "names ApiException"), leaks(source, "dev.tradewind.trading.api."));
    }

    private static List<String> httpLeaks(Path file, String apiPackage) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return leaks(source, apiPackage).stream().map(leak -> Repository.root().relativize(file) + " " + leak).toList();
    }

    private static List<String> leaks(String source, String apiPackage) {
        List<String> leaks = new ArrayList<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            String imported = imports.group(1);
            if (imported.startsWith("dev.tradewind.shared.http.") || imported.startsWith(apiPackage)) {
                leaks.add("imports " + imported);
            }
        }
        if (source.contains("ApiException")) {
            leaks.add("names ApiException");
        }
        return leaks;
    }

    private static List<String> imports(Path file) {
        try {
            Matcher matcher = IMPORT.matcher(Files.readString(file));
            List<String> imports = new ArrayList<>();
            while (matcher.find()) {
                imports.add(matcher.group(1));
            }
            return imports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code functions/<module>/src/main/java/dev/tradewind/<area>} of every function module. */
    private static List<Path> functionPackages() {
        Set<Path> bases = new TreeSet<>();
        try (Stream<Path> modules = Files.list(Repository.path("functions"))) {
            modules.map(module -> module.resolve("src/main/java/dev/tradewind"))
                    .filter(Files::isDirectory)
                    .forEach(root -> {
                        try (Stream<Path> areas = Files.list(root)) {
                            areas.filter(Files::isDirectory).forEach(bases::add);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(bases.isEmpty(), "no function modules found under functions/");
        return List.copyOf(bases);
    }

    private static List<Path> javaFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
