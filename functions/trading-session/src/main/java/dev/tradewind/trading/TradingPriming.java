package dev.tradewind.trading;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.trading.api.Requests;
import dev.tradewind.trading.api.Views;
import dev.tradewind.trading.domain.Performance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of trading-session: every sample event of events/trading-session through the real handler, as
 * {@link Priming#USER_ID}, who has no session. So every session route parses and validates its parameters and
 * body, reads the session (GetItem) and answers 404 after that real read: place order also reads its
 * idempotency record first, the lists (sessions, orders, trades, journal, equity) run their queries and answer
 * empty pages. Creating a session and importing without a session id go as far as their first write, which the
 * write guard refuses (503). A model-signal backtest builds the Lambda client and reads the forecast history from the
 * predict function (422 IN_SAMPLE after that read). The JSON shapes of the success answers and of the bodies are built (the primed
 * requests answer 404 before reaching them), then a GetItem per table. Nothing here creates an id or a token.
 */
final class TradingPriming {

    private TradingPriming() {
    }

    static Priming create(TradingHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("trading-session");
        for (String event : new String[] {"health.json", "list-sessions.json", "create-session.json",
            "get-session.json", "place-order.json", "get-order.json", "list-orders.json", "cancel-order.json",
            "get-portfolio.json", "get-equity.json", "get-performance.json", "list-trades.json",
            "create-journal-entry.json", "list-journal.json", "import-trades-csv.json", "import-trades-json.json",
            "stop-session.json", "optimize-portfolio.json", "create-backtest.json", "get-backtest.json",
            "list-backtests.json", "create-sweep.json"}) {
            priming.request(handler, event);
        }
        // The sample backtest as a model-signal one: the Lambda client is built and the predict function's forecast
        // history read (its range lies before the model's cutoff, so it stops at IN_SAMPLE and writes nothing).
        priming.request(handler, "create-backtest.json", "model-signal backtest", event -> {
            try {
                ObjectNode body = (ObjectNode) Json.mapper().readTree(event.path("body").asText());
                body.putObject("strategy").put("type", "model-signal");
                event.put("body", Json.write(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return priming.json(List.of(PageView.class, Views.SessionView.class, Views.OrderView.class,
                        Views.TradeView.class, Views.PortfolioView.class, Views.EquityPointView.class,
                        Views.JournalView.class, Performance.class),
                        List.of(Requests.CreateSession.class, Requests.PlaceOrder.class, Requests.JournalBody.class,
                                Requests.ImportBody.class))
                .tableReads(dynamo, env, "TRADING_TABLE", "MARKET_TABLE", "BEHAVIOR_TABLE").build();
    }
}
