package dev.tradewind.trading.store;

import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.trading.service.BacktestRunner;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * {@link BacktestRunner} on the backtest worker function, invoked asynchronously ({@code Event}): Lambda queues the
 * event, retries a failed run (the worker treats a run it finds finished as done), and the caller waits for nothing.
 */
public final class LambdaBacktestRunner implements BacktestRunner {

    private final String functionName;
    private final Supplier<LambdaClient> client;

    LambdaBacktestRunner(String functionName, Supplier<LambdaClient> client) {
        this.functionName = functionName;
        this.client = client;
    }

    /** The worker of {@code BACKTEST_WORKER_FUNCTION}, or {@link BacktestRunner#NONE} without it or a client. */
    public static BacktestRunner from(Optional<String> functionName, Optional<Supplier<LambdaClient>> client) {
        return functionName.flatMap(name -> client.<BacktestRunner>map(c -> new LambdaBacktestRunner(name, c)))
                .orElse(NONE);
    }

    @Override
    public void start(String userId, String backtestId) {
        if (Priming.running()) {
            // A primed backtest exists only in the priming run's memory: no worker may go looking for it.
            return;
        }
        byte[] event = Json.writeBytes(Map.of("userId", userId, "backtestId", backtestId));
        try {
            client.get().invoke(r -> r.functionName(functionName).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromByteArray(event)));
        } catch (SdkException e) {
            throw new UnavailableException("BACKTEST_WORKER_UNAVAILABLE", "the backtest could not be started; try"
                    + " again later", Duration.ofSeconds(5));
        }
    }
}
