package dev.tradewind.behavior;

import dev.tradewind.behavior.api.AnalyzeRequest;
import dev.tradewind.behavior.domain.Report;
import dev.tradewind.behavior.service.BehaviorConfig;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.trading.SessionAttributes;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.shared.trading.TradingKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
 */
final class BehaviorPriming {

    /** The report the sample events of events/analyze-behavior name. */
    static final String SAMPLE_REPORT = "01JGXT3C7V9X1Z3B5D7F9H1K3M";
    /** The trading session they name. */
    static final String SAMPLE_SESSION = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";
    private static final Instant HISTORY_START = Instant.parse("2022-01-02T15:00:00Z");
    private static final int ROUND_TRIPS = 3;

    private BehaviorPriming() {
    }

    static Priming create(BehaviorHandler handler, DynamoDbClient dynamo, Environment env) {
        Priming.Builder priming = Priming.builder("analyze-behavior").inMemoryWrites()
                .request(handler, "health.json")
                .requestKeeping(handler, "analyze-inline.json", "id", SAMPLE_REPORT);
        priming.request(handler, "get-report.json")
                .step("trading history", () -> giveHistory(dynamo, env.require("TRADING_TABLE")));
        for (String event : new String[] {"analyze-range.json", "analyze-session.json", "list-reports.json"}) {
            priming.request(handler, event);
        }
        return priming.json(List.of(Report.class, PageView.class), List.of(AnalyzeRequest.class))
                .metrics(BehaviorConfig.from(env).metricsNamespace())
                .tableReads(dynamo, env, "BEHAVIOR_TABLE", "TRADING_TABLE", "MARKET_TABLE").build();
    }

    /** The sample session, stopped after {@link #ROUND_TRIPS} hourly round trips of one BTC, a loss each. */
    private static void giveHistory(DynamoDbClient dynamo, String table) {
        BigDecimal buyPrice = new BigDecimal("47110.20");
        BigDecimal sellPrice = new BigDecimal("46980.50");
        BigDecimal fees = new BigDecimal("2.00");
        BigDecimal startingCash = new BigDecimal("100000");
        BigDecimal cash = startingCash;
        String positionId = null;
        for (int i = 0; i < 2 * ROUND_TRIPS; i++) {
            Instant at = HISTORY_START.plus(Duration.ofHours(i));
            boolean buy = i % 2 == 0;
            BigDecimal price = buy ? buyPrice : sellPrice;
            cash = buy ? cash.subtract(price).subtract(fees) : cash.add(price).subtract(fees);
            BigDecimal realized = buy ? BigDecimal.ZERO : sellPrice.subtract(buyPrice).subtract(fees).subtract(fees);
            String tradeId = Ulid.encode(at.toEpochMilli(), new byte[10]);
            // A position is named by the id of the fill that opened it.
            positionId = buy ? tradeId : positionId;
            TradeRecord trade = new TradeRecord(Priming.USER_ID, SAMPLE_SESSION, tradeId, TradeSource.PAPER, null,
                    null, positionId, buy ? at : at.minus(Duration.ofHours(1)), "BTCUSDT", buy ? Side.BUY : Side.SELL,
                    BigDecimal.ONE, price, price, fees, realized, buy ? BigDecimal.ONE : BigDecimal.ZERO, cash,
                    buy ? cash.add(price) : cash, "USD", at, i + 1L, null);
            dynamo.putItem(r -> r.tableName(table).item(TradeRecord.SCHEMA.itemToMap(trade, true)));
        }
        Instant stoppedAt = HISTORY_START.plus(Duration.ofHours(2L * ROUND_TRIPS));
        Map<String, AttributeValue> session = new LinkedHashMap<>();
        session.put("pk", AttributeValue.fromS(TradingKeys.userPartition(Priming.USER_ID)));
        session.put("sk", AttributeValue.fromS(TradingKeys.sessionSortKey(SAMPLE_SESSION)));
        session.put(SessionAttributes.USER_ID, AttributeValue.fromS(Priming.USER_ID));
        session.put(SessionAttributes.SESSION_ID, AttributeValue.fromS(SAMPLE_SESSION));
        session.put(SessionAttributes.NAME, AttributeValue.fromS("Priming"));
        session.put(SessionAttributes.TYPE, AttributeValue.fromS(SessionType.PAPER.name()));
        session.put(SessionAttributes.STATUS, AttributeValue.fromS(SessionStatus.STOPPED.name()));
        session.put(SessionAttributes.CURRENCY, AttributeValue.fromS("USD"));
        session.put(SessionAttributes.STARTING_CASH, AttributeValue.fromN(startingCash.toPlainString()));
        session.put(SessionAttributes.CREATED_AT, AttributeValue.fromS(HISTORY_START.toString()));
        session.put(SessionAttributes.STOPPED_AT, AttributeValue.fromS(stoppedAt.toString()));
        session.put(SessionAttributes.FINAL_EQUITY, AttributeValue.fromN(cash.toPlainString()));
        session.put(SessionAttributes.TRADE_COUNT, AttributeValue.fromN(Integer.toString(2 * ROUND_TRIPS)));
        dynamo.putItem(r -> r.tableName(table).item(session));
    }
}
