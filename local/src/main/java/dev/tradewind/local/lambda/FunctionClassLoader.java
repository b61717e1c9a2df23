package dev.tradewind.local.lambda;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one function instance from its unpacked artifacts. Like Lambda's Java runtime it sees the JDK, the Lambda
 * runtime API types ({@code Context}, {@code RequestStreamHandler}, shared with the host so it can call the
 * handler), and its own code and layers — nothing else from the local runtime's class path. For a function whose
 * layers carry native libraries, the layer jars that load them are in one loader per function, shared by its
 * instances ({@link #nativeLoaders}): a JNI library loads into one class loader per JVM.
 */
final class FunctionClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** @param parent {@link #runtimeApi()}, or the function's {@link #nativeLoaders} */
    FunctionClassLoader(String name, URL[] classPath, ClassLoader parent) {
        super(name, classPath, parent);
    }

    /** The JDK and the Lambda runtime API: what an instance sees beyond its own class path. */
    static ClassLoader runtimeApi() {
        return new RuntimeApiLoader();
    }

    /** The jars that load native libraries, once for all instances of a function; see docs/local-runtime.md. */
    static FunctionClassLoader nativeLoaders(String functionName, URL[] jars) {
        return new FunctionClassLoader(functionName + "-natives", jars, runtimeApi());
    }

    /** Closes it; closing only releases jar file handles, so a failure leaves nothing to recover. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // Nothing to recover.
        }
    }

    /** Exposes only the Lambda runtime API packages of the host; everything else resolves to the JDK or fails. */
    private static final class RuntimeApiLoader extends ClassLoader {
        private static final ClassLoader HOST = RuntimeApiLoader.class.getClassLoader();

        RuntimeApiLoader() {
            super("lambda-runtime-api", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (isRuntimeApi(name)) {
                return HOST.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }

        private static boolean isRuntimeApi(String className) {
            int lastDot = className.lastIndexOf('.');
            String pkg = lastDot < 0 ? "" : className.substring(0, lastDot);
            return pkg.equals("com.amazonaws.services.lambda.runtime")
                    || pkg.equals("com.amazonaws.services.lambda.runtime.logging");
        }
    }
}
