package dev.tradewind.behavior;

import dev.tradewind.behavior.api.AnalyzeRequest;
import dev.tradewind.behavior.domain.Report;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.lambda.Priming;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of analyze-behavior: every sample event of events/analyze-behavior through the real handler,
 * as {@link Priming#USER_ID}. The inline analysis binds and validates its trades, reads their market context, runs
 * every detector and is refused at its first write (503); a range analysis reads the caller's (empty) history and
 * goes as far; a session analysis, a report read and the list of one session's reports read and answer 404.
 * The JSON shapes of a report and of a page are built (no primed request answers one), then a GetItem per table.
 */
final class BehaviorPriming {

    private BehaviorPriming() {
    }

    static Priming create(BehaviorHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("analyze-behavior");
        for (String event : new String[] {"health.json", "analyze-inline.json", "analyze-range.json",
            "analyze-session.json", "get-report.json", "list-reports.json"}) {
            priming.request(handler, event);
        }
        return priming.json(List.of(Report.class, PageView.class), List.of(AnalyzeRequest.class))
                .tableReads(dynamo, env, "BEHAVIOR_TABLE", "TRADING_TABLE", "MARKET_TABLE").build();
    }
}
