package dev.tradewind.shared.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of every function: one JSON line per event on stdout ({@link JsonLogger}). It replaces Log4j2
 * behind Powertools logging, whose configuration alone cost a fresh JVM about 0.8 s of CPU
 * (docs/benchmarks.md#cold-start-without-snapstart-init); Powertools still fills the MDC with the Lambda context
 * and renders its structured arguments.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        loggers = new JsonLoggerFactory();
        markers = new BasicMarkerFactory();
        mdc = new ThreadMdc();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
