package dev.tradewind.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one function instance from its unpacked artifacts. Like Lambda's Java runtime it sees the JDK, the Lambda
 * runtime API types ({@code Context}, {@code RequestStreamHandler}, shared with the host so it can call the
 * handler), and its own code and layers — nothing else from the local runtime's class path.
 */
final class FunctionClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    FunctionClassLoader(String name, URL[] classPath) {
        super(name, classPath, new RuntimeApiLoader());
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
