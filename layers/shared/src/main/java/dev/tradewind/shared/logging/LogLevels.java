package dev.tradewind.shared.logging;

import dev.tradewind.shared.config.Environment;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * The levels {@link JsonLogger} logs at: the application's loggers ({@code dev.tradewind.*}) at
 * {@code POWERTOOLS_LOG_LEVEL} (INFO when unset), every library at WARN. Powertools changes the application's level
 * through this class (found by {@link java.util.ServiceLoader}), for example when a sampled invocation logs at DEBUG.
 */
public final class LogLevels implements LoggingManager {

    static final String APPLICATION_PREFIX = "dev.tradewind";
    private static final Level LIBRARIES = Level.WARN;

    /** The function's variable, not the process's: the local runtime gives each function its own (Environment). */
    private static volatile Level application = fromEnvironment(
            Environment.current().optional("POWERTOOLS_LOG_LEVEL").orElse(null));

    /** Powertools builds one through the service loader; the level itself is JVM-wide, as a logger's is. */
    public LogLevels() {
    }

    static Level fromEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        // Lambda's own log levels add FATAL, which SLF4J folds into ERROR.
        if (name.equals("FATAL")) {
            return Level.ERROR;
        }
        for (Level level : Level.values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("POWERTOOLS_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, not "
                + value);
    }

    static boolean enabled(String loggerName, Level level) {
        return level.toInt() >= threshold(loggerName).toInt();
    }

    private static Level threshold(String loggerName) {
        return isApplication(loggerName) ? application : LIBRARIES;
    }

    private static boolean isApplication(String loggerName) {
        return loggerName.startsWith(APPLICATION_PREFIX)
                && (loggerName.length() == APPLICATION_PREFIX.length()
                || loggerName.charAt(APPLICATION_PREFIX.length()) == '.');
    }

    @Override
    public void setLogLevel(Level level) {
        application = level;
    }

    @Override
    public Level getLogLevel(Logger logger) {
        return threshold(logger == null ? APPLICATION_PREFIX : logger.getName());
    }
}
