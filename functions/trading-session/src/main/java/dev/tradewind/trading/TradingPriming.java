package dev.tradewind.trading;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.trading.api.Requests;
import dev.tradewind.trading.api.Views;
import dev.tradewind.trading.domain.Performance;
import dev.tradewind.trading.service.TradingConfig;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Interval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of trading-session: every sample event of events/trading-session through the real handler, as
 * {@link Priming#USER_ID}, with writes kept in memory for the run ({@link Priming.Builder#inMemoryWrites()}). So
 * the routes run their success paths: the sample session is created (its id then stands for the samples' session
 * id), a market order placed on it at the latest stored candle (its id stands for the samples' order id), and
 * the session, order, portfolio, equity, performance, trades, journal and the sample backtest are read back from
 * what those requests wrote; the sample cancel meets a filled order (409) and the stop comes last. Market data is
 * read from the table as always, except that the sample backtest and sweep run over BTCUSDT bars priming gives the
 * store, ending with the last closed hour, so the engine runs whatever history the table holds. A model-signal
 * backtest builds the Lambda client and reads the forecast history
 * from the predict function (422 IN_SAMPLE after that read). The JSON shapes of the answers and bodies are built,
 * one EMF metric is serialized into nothing (a primed request publishes none), then a GetItem per table. Nothing is
 * sent to a table but reads; the ids the run creates are dropped with its store.
 */
final class TradingPriming {

    /** The session, order and backtest the sample events of events/trading-session name. */
    static final String SAMPLE_SESSION = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";
    static final String SAMPLE_ORDER = "01JGXR3M4N5P6Q7R8S9T0V1W2X";
    static final String SAMPLE_BACKTEST = "01JH4WBT0000000000000000AB";

    private TradingPriming() {
    }

    static Priming create(TradingHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("trading-session").inMemoryWrites()
                .request(handler, "health.json")
                .requestKeeping(handler, "create-session.json", "id", SAMPLE_SESSION)
                .requestKeeping(handler, "place-order.json", "id", SAMPLE_ORDER);
        for (String event : new String[] {"list-sessions.json", "get-session.json", "get-order.json",
            "list-orders.json", "cancel-order.json", "get-portfolio.json", "get-equity.json", "get-performance.json",
            "list-trades.json", "create-journal-entry.json", "list-journal.json", "import-trades-csv.json",
            "import-trades-json.json", "optimize-portfolio.json"}) {
            priming.request(handler, event);
        }
        Clock clock = env.clock();
        priming.step("market history", () -> giveHistory(dynamo, env.require("MARKET_TABLE"), clock))
                .requestKeeping(handler, "create-backtest.json", "id", SAMPLE_BACKTEST,
                        event -> overTheGivenHistory(event, clock))
                .request(handler, "get-backtest.json")
                .request(handler, "list-backtests.json")
                .request(handler, "create-sweep.json", "create-sweep.json", event -> overTheGivenHistory(event, clock))
                .request(handler, "stop-session.json");
        // The sample backtest as a model-signal one: the Lambda client is built and the predict function's forecast
        // history read (its range lies before the model's cutoff, so it stops at IN_SAMPLE and writes nothing).
        priming.request(handler, "create-backtest.json", "model-signal backtest",
                event -> editBody(event, body -> body.putObject("strategy").put("type", "model-signal")));
        return priming.json(List.of(PageView.class, Views.SessionView.class, Views.OrderView.class,
                        Views.TradeView.class, Views.PortfolioView.class, Views.EquityPointView.class,
                        Views.JournalView.class, Performance.class),
                        List.of(Requests.CreateSession.class, Requests.PlaceOrder.class, Requests.JournalBody.class,
                                Requests.ImportBody.class))
                .metrics(TradingConfig.from(env).metricsNamespace())
                .tableReads(dynamo, env, "TRADING_TABLE", "MARKET_TABLE", "BEHAVIOR_TABLE")
                // The instruments the primed requests kept would be served for minutes after a restore, days later.
                .afterRestore(handler.services.market()::forgetCached).build();
    }

    /** Hours in the samples' backtest range (2021-12-20 to 2022-01-04T14:00Z). */
    private static final int BACKTEST_HOURS = 374;
    /** Bars before the range: the indicators' look-back. */
    private static final int LOOK_BACK = 100;

    /**
     * BTCUSDT's hourly bars up to the last closed hour, each opening at the previous close, on a wave of ±6 % with a
     * faster ripple, so the sample strategy's RSI crosses its thresholds and the engine fills, stops and takes profit.
     * They go into the run's in-memory store and answer every read of BTCUSDT's candles after this step: a backtest's
     * bars are then there whatever the table holds (a deployment's history may not reach back to the samples' range).
     */
    private static void giveHistory(DynamoDbClient dynamo, String marketTable, Clock clock) {
        Instant lastOpen = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<Candle> candles = new ArrayList<>();
        for (int hoursBack = BACKTEST_HOURS + LOOK_BACK; hoursBack >= 0; hoursBack--) {
            BigDecimal open = wave(hoursBack + 1);
            BigDecimal close = wave(hoursBack);
            BigDecimal high = open.max(close).multiply(new BigDecimal("1.002"));
            BigDecimal low = open.min(close).multiply(new BigDecimal("0.998"));
            candles.add(new Candle("BTCUSDT", Interval.H1, lastOpen.minus(Duration.ofHours(hoursBack)), open, high,
                    low, close, BigDecimal.TEN));
        }
        new CandleRepository(DynamoDbClients.enhanced(dynamo), marketTable).putAll(candles);
    }

    private static BigDecimal wave(int hoursBack) {
        double price = 40_000 * (1 + 0.06 * Math.sin(hoursBack / 9.0) + 0.015 * Math.sin(hoursBack / 2.3));
        return BigDecimal.valueOf(Math.round(price * 100), 2);
    }

    /** The samples' backtest body, over the same number of hours ending with the last closed one. */
    private static void overTheGivenHistory(ObjectNode event, Clock clock) {
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS);
        editBody(event, body -> body.put("from", to.minus(Duration.ofHours(BACKTEST_HOURS)).toString())
                .put("to", to.toString()));
    }

    /** Edits the JSON body of an HTTP API event in place. */
    private static void editBody(ObjectNode event, Consumer<ObjectNode> edit) {
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree(event.path("body").asText());
            edit.accept(body);
            event.put("body", Json.write(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
