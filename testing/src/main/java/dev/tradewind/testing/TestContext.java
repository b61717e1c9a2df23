package dev.tradewind.testing;

import dev.tradewind.local.lambda.LocalContext;
import java.time.Duration;
import java.util.UUID;

/** A Lambda Context for invoking handlers directly in tests: a fresh request id, 1024 MB, 30 s unless told. */
public final class TestContext extends LocalContext {

    public TestContext(String functionName) {
        this(functionName, 30_000);
    }

    public TestContext(String functionName, int remainingMillis) {
        super(UUID.randomUUID().toString(), functionName, 1024, Duration.ofMillis(remainingMillis), System.out);
    }
}
