package dev.tradewind.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.local.template.FunctionDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One execution environment: its own class loader (over the function's shared native loaders, if any), its
 * initialised handler, one invocation at a time.
 */
final class FunctionInstance implements AutoCloseable {

    private static final String ENVIRONMENT_CLASS = "dev.tradewind.shared.config.Environment";

    private final FunctionClassLoader loader;
    private final RequestStreamHandler handler;
    private final double initDurationMs;

    private FunctionInstance(FunctionClassLoader loader, RequestStreamHandler handler, double initDurationMs) {
        this.loader = loader;
        this.handler = handler;
        this.initDurationMs = initDurationMs;
    }

    /** Loads and constructs the handler, timing it as Lambda's Init Duration. */
    static FunctionInstance initialize(FunctionDefinition function, URL[] classPath, ClassLoader parent,
                                       Map<String, String> environment, Clock clock, int instanceNumber)
            throws FunctionInitException {
        long started = System.nanoTime();
        FunctionClassLoader loader = new FunctionClassLoader(function.logicalId() + "#" + instanceNumber, classPath,
                parent);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            installEnvironment(loader, environment, clock);
            Class<?> handlerClass = Class.forName(function.handlerClass(), true, loader);
            Object handler = handlerClass.getDeclaredConstructor().newInstance();
            if (!(handler instanceof RequestStreamHandler streamHandler)) {
                throw new FunctionInitException(new FunctionError("Runtime.InvalidHandler", function.handlerClass()
                        + " must implement RequestStreamHandler to run in the local runtime"));
            }
            return new FunctionInstance(loader, streamHandler, (System.nanoTime() - started) / 1_000_000.0);
        } catch (FunctionInitException e) {
            loader.closeQuietly();
            throw e;
        } catch (ClassNotFoundException e) {
            loader.closeQuietly();
            throw new FunctionInitException(new FunctionError("Runtime.ClassNotFound",
                    "Handler class " + function.handlerClass() + " is not in " + function.codeUri().getFileName()
                            + " or its layers"));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            loader.closeQuietly();
            throw new FunctionInitException(FunctionError.of(e));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Gives this instance's copy of the shared library its template variables and clock; see Environment. */
    private static void installEnvironment(ClassLoader loader, Map<String, String> environment, Clock clock)
            throws ReflectiveOperationException {
        Class<?> environmentClass;
        try {
            environmentClass = Class.forName(ENVIRONMENT_CLASS, true, loader);
        } catch (ClassNotFoundException e) {
            return;
        }
        Method install = environmentClass.getMethod("install", Map.class, Clock.class);
        install.invoke(null, environment, clock);
    }

    double initDurationMs() {
        return initDurationMs;
    }

    byte[] invoke(byte[] payload, Context context) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The route keys an HTTP API handler declares, if it declares any (see HttpApiHandler#routeKeys). */
    @SuppressWarnings("unchecked")
    Optional<Set<String>> routeKeys() {
        try {
            Method method = handler.getClass().getMethod("routeKeys");
            return Optional.of(Set.copyOf((Set<String>) method.invoke(handler)));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("routeKeys() of " + handler.getClass().getName() + " failed", e);
        }
    }

    @Override
    public void close() {
        loader.closeQuietly();
    }
}
