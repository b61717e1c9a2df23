package dev.tradewind.local.lambda;

import dev.tradewind.local.template.FunctionDefinition;
import java.io.PrintStream;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The execution environments of one function. Like Lambda, an instance serves one invocation at a time and a new
 * one is started (a cold start, with its Init Duration) when all are busy, up to a concurrency limit. An instance
 * whose invocation times out or dies with an Error is thrown away, and the next invocation starts a new one. The
 * layer jars that load native libraries are loaded once per pool and shared by its instances, so a new instance
 * finds the libraries already loaded instead of failing to load them again (see docs/local-runtime.md).
 */
public final class FunctionPool implements AutoCloseable {

    private final FunctionDefinition function;
    private final URL[] instanceClassPath;
    private final FunctionClassLoader nativeLoaders;
    private final Map<String, String> environment;
    private final Clock clock;
    private final PrintStream logStream;
    private final Consumer<Invocation> reporter;
    private final Semaphore slots;
    private final Deque<FunctionInstance> idle = new ArrayDeque<>();
    private final AtomicInteger instanceCounter = new AtomicInteger();
    private final ExecutorService executor;

    public FunctionPool(FunctionDefinition function, FunctionArtifacts artifacts, Map<String, String> environment,
                        Clock clock, int maxInstances, PrintStream logStream, Consumer<Invocation> reporter) {
        this.function = function;
        List<URL> nativeLoaderJars = artifacts.nativeLoaderJars();
        this.instanceClassPath = Arrays.stream(artifacts.classPath()).filter(url -> !nativeLoaderJars.contains(url))
                .toArray(URL[]::new);
        this.nativeLoaders = nativeLoaderJars.isEmpty() ? null
                : FunctionClassLoader.nativeLoaders(function.logicalId(), nativeLoaderJars.toArray(URL[]::new));
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.logStream = logStream;
        this.reporter = reporter;
        // Its instances share the native loaders' static state, unlike Lambda's: one runs at a time.
        this.slots = new Semaphore(artifacts.hasNativeLibraries() ? 1 : Math.max(1, maxInstances), true);
        this.executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name(function.logicalId() + "-", 1)
                .factory());
    }

    public FunctionDefinition function() {
        return function;
    }

    public Invocation invoke(byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(new Invocation(requestId, function.logicalId(), null,
                    new FunctionError("Runtime.Interrupted", "Invocation interrupted"), 0, null, function.memorySize()));
        }
        Run run = new Run();
        try {
            return report(invokeOnInstance(payload, requestId, run));
        } finally {
            if (!run.handedOver()) {
                slots.release();
            }
        }
    }

    /**
     * One invocation's thread, and who gives its slot back. Normally the caller, once the answer is in; but a timed-out
     * or interrupted invocation's thread may run on (a Java thread cannot be stopped; Lambda would end its
     * environment), so then the thread itself does when it ends: until it does, the slot stays taken, and no more of
     * the function's code runs at once than its instances allow (for a function with native libraries, one).
     */
    private final class Run {
        private Thread thread;
        private boolean ended;
        private boolean abandoned;

        synchronized void started() {
            thread = Thread.currentThread();
        }

        void ended() {
            boolean releaseHere;
            synchronized (this) {
                ended = true;
                thread = null;
                releaseHere = abandoned;
            }
            // An interrupt that arrived as the work ended must not reach the pool thread's next invocation.
            Thread.interrupted();
            if (releaseHere) {
                slots.release();
            }
        }

        /** Gives up waiting: interrupts the thread if it is still in the invocation, and hands it the slot. */
        synchronized void abandon() {
            if (!ended) {
                abandoned = true;
                if (thread != null) {
                    thread.interrupt();
                }
            }
        }

        synchronized boolean handedOver() {
            return abandoned;
        }
    }

    private Invocation invokeOnInstance(byte[] payload, String requestId, Run run) {
        FunctionInstance instance;
        synchronized (idle) {
            instance = idle.pollFirst();
        }
        Double initDuration = null;
        if (instance == null) {
            try {
                instance = startInstance();
                initDuration = instance.initDurationMs();
            } catch (FunctionInitException e) {
                return new Invocation(requestId, function.logicalId(), null, e.error(), 0, null, function.memorySize());
            }
        }
        var context = new LocalContext(requestId, function.logicalId(), function.memorySize(),
                Duration.ofSeconds(function.timeoutSeconds()), logStream);
        FunctionInstance running = instance;
        long started = System.nanoTime();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        // execute, not submit: a task handed over always runs, so a thread given the slot always gives it back.
        executor.execute(() -> {
            run.started();
            try {
                result.complete(running.invoke(payload, context));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            } finally {
                run.ended();
            }
        });
        try {
            byte[] response = result.get(function.timeoutSeconds(), TimeUnit.SECONDS);
            release(running);
            return new Invocation(requestId, function.logicalId(), response, null, elapsedMs(started), initDuration,
                    function.memorySize());
        } catch (TimeoutException e) {
            run.abandon();
            running.close();
            String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds",
                    (double) function.timeoutSeconds());
            return new Invocation(requestId, function.logicalId(), null, new FunctionError("Sandbox.Timedout", message),
                    elapsedMs(started), initDuration, function.memorySize());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error) {
                running.close();
            } else {
                release(running);
            }
            return new Invocation(requestId, function.logicalId(), null, FunctionError.of(e.getCause()),
                    elapsedMs(started), initDuration, function.memorySize());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.abandon();
            running.close();
            return new Invocation(requestId, function.logicalId(), null,
                    new FunctionError("Runtime.Interrupted", "Invocation interrupted"), elapsedMs(started),
                    initDuration, function.memorySize());
        }
    }

    /** Starts (or reuses) an instance only to ask its handler which routes it serves. */
    public Optional<Set<String>> routeKeys() throws FunctionInitException {
        FunctionInstance instance;
        synchronized (idle) {
            instance = idle.pollFirst();
        }
        if (instance == null) {
            instance = startInstance();
        }
        try {
            return instance.routeKeys();
        } finally {
            release(instance);
        }
    }

    private FunctionInstance startInstance() throws FunctionInitException {
        return FunctionInstance.initialize(function, instanceClassPath,
                nativeLoaders != null ? nativeLoaders : FunctionClassLoader.runtimeApi(), environment, clock,
                instanceCounter.incrementAndGet());
    }

    private Invocation report(Invocation invocation) {
        reporter.accept(invocation);
        return invocation;
    }

    private void release(FunctionInstance instance) {
        synchronized (idle) {
            idle.addFirst(instance);
        }
    }

    private static double elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000.0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        synchronized (idle) {
            idle.forEach(FunctionInstance::close);
            idle.clear();
        }
        if (nativeLoaders != null) {
            nativeLoaders.closeQuietly();
        }
    }
}
