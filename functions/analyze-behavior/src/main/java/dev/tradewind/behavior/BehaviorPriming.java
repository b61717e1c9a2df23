package dev.tradewind.behavior;

import dev.tradewind.behavior.api.AnalyzeRequest;
import dev.tradewind.behavior.domain.Report;
import dev.tradewind.behavior.service.BehaviorConfig;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.trading.PrimingHistory;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of analyze-behavior: every sample event of events/analyze-behavior through the real handler,
 * as {@link Priming#USER_ID}, with writes kept in memory for the run ({@link Priming.Builder#inMemoryWrites()}). The
 * inline analysis binds and validates its trades, reads their market context, runs every detector and stores its
 * report (200); that report's id then stands for the samples' report id, so the report read answers it (200). The
 * caller is then given the samples' paper session with three round trips, into the same in-memory store (trading
 * data is another function's to write, so only priming ever writes it here), and the range analysis, the session
 * analysis and the list of the session's reports read that history and answer 200. The JSON shapes of a report and
 * of a page are built, one EMF metric is serialized into nothing, then a GetItem per table. Nothing is sent to a
 * table but reads.
 *
 * <p>All of it five times over, each round with a store of its own: the detectors loop over every fill, code the JIT
 * compiles only once it has run many times. The first analysis after a restore took 47–49 ms (inline), 72 ms (range)
 * and 62–65 ms (session) primed once, and 35–39, 58–65 and 50–52 ms primed five times (medians of 5 JVMs, two runs of
 * each, alternated; docs/benchmarks.md).
 */
final class BehaviorPriming {

    /** The report the sample events of events/analyze-behavior name. */
    static final String SAMPLE_REPORT = "01JGXT3C7V9X1Z3B5D7F9H1K3M";
    /** The trading session they name. */
    static final String SAMPLE_SESSION = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";

    private BehaviorPriming() {
    }

    static Priming create(BehaviorHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("analyze-behavior").inMemoryWrites().rounds(5)
                .request(handler, "health.json")
                .requestKeeping(handler, "analyze-inline.json", "id", SAMPLE_REPORT);
        priming.request(handler, "get-report.json")
                .step("trading history", () -> PrimingHistory.giveStoppedSession(dynamo, env.require("TRADING_TABLE"),
                        Priming.USER_ID, SAMPLE_SESSION));
        for (String event : new String[] {"analyze-range.json", "analyze-session.json", "list-reports.json"}) {
            priming.request(handler, event);
        }
        return priming.json(List.of(Report.class, PageView.class), List.of(AnalyzeRequest.class))
                .metrics(BehaviorConfig.from(env).metricsNamespace())
                .tableReads(dynamo, env, "BEHAVIOR_TABLE", "TRADING_TABLE", "MARKET_TABLE").build();
    }
}
