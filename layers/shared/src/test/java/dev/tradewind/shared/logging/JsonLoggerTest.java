package dev.tradewind.shared.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.lambda.SyntheticContext;
import dev.tradewind.testing.StandardOutput;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.logging.internal.LoggingManagerRegistry;

class JsonLoggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger APPLICATION = LoggerFactory.getLogger("dev.tradewind.shared.logging.Sample");
    private static final Logger LIBRARY = LoggerFactory.getLogger("software.amazon.awssdk.Sample");

    @AfterEach
    void restore() {
        PowertoolsLogging.clearState(true);
        MDC.clear();
        new LogLevels().setLogLevel(Level.INFO);
    }

    private static List<JsonNode> lines(StandardOutput.Work work) throws Exception {
        String output = StandardOutput.capture(work);
        List<String> lines = output.lines().toList();
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not one JSON event per line: " + output, e);
            }
        }).toList();
    }

    @Test
    void slf4j_bindsTheLayersProviderAndPowertoolsItsLevels() {
        assertInstanceOf(JsonLogger.class, APPLICATION);
        assertInstanceOf(LogLevels.class, LoggingManagerRegistry.getLoggingManager());
    }

    @Test
    void info_withStructuredArguments_writesOneEventWithTheirFields() throws Exception {
        List<JsonNode> events = lines(() -> APPLICATION.info("Order {} placed", "o-1", entry("sessionId", "s-1"),
                entry("fillPrice", new BigDecimal("101.25"))));

        assertEquals(1, events.size());
        JsonNode event = events.get(0);
        assertEquals("INFO", event.get("level").asText());
        assertEquals("Order o-1 placed", event.get("message").asText());
        assertEquals("dev.tradewind.shared.logging.Sample", event.get("logger").asText());
        assertEquals("s-1", event.get("sessionId").asText());
        assertEquals(new BigDecimal("101.25"), event.get("fillPrice").decimalValue());
        assertTrue(event.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                event.toString());
    }

    @Test
    void info_controlCharactersInMessageAndFields_stayOneValidLine() throws Exception {
        String awkward = "line\nbreak \"quoted\" \\ tab\t bell\u0007 nul\u0000 sep\u2028";
        List<JsonNode> events = lines(() -> APPLICATION.info(awkward, entry("detail", awkward)));

        assertEquals(1, events.size());
        assertEquals(awkward, events.get(0).get("message").asText());
        assertEquals(awkward, events.get(0).get("detail").asText());
    }

    @Test
    void error_withException_writesItsNameMessageAndStack() throws Exception {
        List<JsonNode> events = lines(() -> APPLICATION.error("Write failed", entry("table", "TradingTable"),
                new IllegalStateException("conditional check failed")));

        JsonNode error = events.get(0).get("error");
        assertEquals("java.lang.IllegalStateException", error.get("name").asText());
        assertEquals("conditional check failed", error.get("message").asText());
        assertTrue(error.get("stack").asText().contains("JsonLoggerTest"), error.toString());
        assertEquals("TradingTable", events.get(0).get("table").asText());
    }

    @Test
    void initializeLogging_addsTheLambdaContextWithTypedValues() throws Exception {
        List<JsonNode> events = lines(() -> {
            PowertoolsLogging.initializeLogging(new SyntheticContext("req-42", "TradingSessionFunction", 1024,
                    Duration.ofSeconds(10), message -> { }));
            APPLICATION.info("Handled");
        });

        JsonNode event = events.get(events.size() - 1);
        assertEquals("req-42", event.get("function_request_id").asText());
        assertEquals("TradingSessionFunction", event.get("function_name").asText());
        assertTrue(event.get("function_memory_size").isNumber(), event.toString());
        assertTrue(event.get("cold_start").isBoolean(), event.toString());
    }

    @Test
    void context_powertoolsFieldsFirstInItsOrder_thenTheOtherEntriesByName() throws Exception {
        List<JsonNode> events = lines(() -> {
            MDC.put("zone", "z");
            MDC.put("function_request_id", "req-7");
            MDC.put("account", "a");
            MDC.put("function_name", "AuthFunction");
            APPLICATION.info("Ordered");
        });

        List<String> names = new ArrayList<>();
        events.get(0).fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("timestamp", "level", "message", "logger", "function_name", "function_request_id",
                "account", "zone"), names);
    }

    @Test
    void mdc_isNotInheritedByAThreadStartedWhileItIsSet() throws Exception {
        MDC.put("function_request_id", "req-of-the-invocation-that-started-the-pool");
        String[] seenByWorker = new String[1];
        Thread worker = new Thread(() -> seenByWorker[0] = MDC.get("function_request_id"));
        worker.start();
        worker.join();

        assertNull(seenByWorker[0]);
        assertEquals("req-of-the-invocation-that-started-the-pool", MDC.get("function_request_id"));
    }

    @Test
    void levels_applicationAtInfoLibrariesAtWarn_andPowertoolsCanLowerTheApplications() throws Exception {
        List<JsonNode> quiet = lines(() -> {
            APPLICATION.debug("not at INFO");
            LIBRARY.info("not below WARN");
            LIBRARY.warn("a library warning");
        });
        assertEquals(List.of("a library warning"), quiet.stream().map(e -> e.get("message").asText()).toList());

        LoggingManagerRegistry.getLoggingManager().setLogLevel(Level.DEBUG);
        assertTrue(APPLICATION.isDebugEnabled());
        assertFalse(LIBRARY.isInfoEnabled());
        assertEquals(Level.DEBUG, LoggingManagerRegistry.getLoggingManager().getLogLevel(APPLICATION));
    }

    @Test
    void fromEnvironment_readsLambdaAndSlf4jNames_andRefusesOthers() {
        assertEquals(Level.INFO, LogLevels.fromEnvironment(null));
        assertEquals(Level.DEBUG, LogLevels.fromEnvironment(" debug "));
        assertEquals(Level.ERROR, LogLevels.fromEnvironment("FATAL"));
        assertThrows(IllegalArgumentException.class, () -> LogLevels.fromEnvironment("VERBOSE"));
    }

    @Test
    void applicationPrefix_matchesWholePackageNamesOnly() {
        assertTrue(LogLevels.enabled("dev.tradewind", Level.INFO));
        assertFalse(LogLevels.enabled("dev.tradewindish.Other", Level.INFO));
    }

    /**
     * The local runtime runs every function in one JVM, each in a class loader of its own whose copy of the shared
     * layer it gives the template's variables through {@link Environment#install}: the process environment is the
     * runtime's, which holds no {@code POWERTOOLS_LOG_LEVEL}.
     */
    @Test
    void applicationLevel_isTheFunctionsVariable_asTheLocalRuntimeInstallsIt() throws Exception {
        try (URLClassLoader function = FunctionLoader.withVariables(Map.of("POWERTOOLS_LOG_LEVEL", "WARN"))) {
            Method enabled = function.loadClass(LogLevels.class.getName())
                    .getDeclaredMethod("enabled", String.class, Level.class);
            enabled.setAccessible(true);

            assertEquals(false, enabled.invoke(null, "dev.tradewind.trading.Handler", Level.INFO));
            assertEquals(true, enabled.invoke(null, "dev.tradewind.trading.Handler", Level.WARN));
        }
    }

    /** Powertools puts the process's {@code POWERTOOLS_SERVICE_NAME} in the MDC; a line names the function's. */
    @Test
    void service_isTheFunctionsVariable_asTheLocalRuntimeInstallsIt() throws Exception {
        try (URLClassLoader function = FunctionLoader.withVariables(Map.of("POWERTOOLS_SERVICE_NAME", "tradewind"))) {
            Method format = function.loadClass(JsonLogLine.class.getName()).getDeclaredMethod("format",
                    String.class, Level.class, String.class, Object[].class, Throwable.class);
            format.setAccessible(true);
            MDC.put("service", "service_undefined");

            JsonNode line = JSON.readTree((String) format.invoke(null, "dev.tradewind.Sample", Level.INFO, "Handled",
                    null, null));

            assertEquals("tradewind", line.get("service").asText(), line.toString());
        }
    }

    /** Loads the shared layer's classes itself, as a function's class loader does; the libraries from its parent. */
    private static final class FunctionLoader extends URLClassLoader {

        FunctionLoader(URL layer, ClassLoader parent) {
            super(new URL[] {layer}, parent);
        }

        /** A function's loader whose copy of the layer has {@code variables} installed, as the local runtime does. */
        static FunctionLoader withVariables(Map<String, String> variables) throws Exception {
            URL layer = Environment.class.getProtectionDomain().getCodeSource().getLocation();
            FunctionLoader function = new FunctionLoader(layer, JsonLoggerTest.class.getClassLoader());
            function.loadClass(Environment.class.getName()).getMethod("install", Map.class, Clock.class)
                    .invoke(null, variables, Clock.systemUTC());
            return function;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.tradewind.shared.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }
}
