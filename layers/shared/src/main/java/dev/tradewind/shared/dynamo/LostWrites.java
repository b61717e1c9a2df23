package dev.tradewind.shared.dynamo;

import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A write whose every answer was lost (the SDK's attempts spent) may have been applied all the same: a consistent
 * read of what it wrote tells, so that the caller carries on as if it had been answered instead of failing a write
 * that stands (and whose retry would then find it done and skip what follows it).
 */
public final class LostWrites {

    private LostWrites() {
    }

    /**
     * What {@code readBack} finds when it shows the write applied; otherwise, or when the read fails too (its failure
     * suppressed in {@code lost}), throws {@code lost}.
     */
    public static <T> T appliedOrThrow(SdkException lost, Supplier<Optional<T>> readBack) {
        Optional<T> applied;
        try {
            applied = readBack.get();
        } catch (SdkException readFailure) {
            lost.addSuppressed(readFailure);
            throw lost;
        }
        return applied.orElseThrow(() -> lost);
    }
}
