package dev.tradewind.behavior.service;

import dev.tradewind.behavior.store.ReportRepository;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.shared.trading.TradingReader;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/** The function's services, wired once at init from its configuration and one DynamoDB client. */
public record BehaviorServices(AnalysisService analysis) {

    public static BehaviorServices create(BehaviorConfig config, DynamoDbEnhancedClient enhanced, Clock clock,
                                          IdGenerator ids) {
        return new BehaviorServices(new AnalysisService(new TradingReader(enhanced, config.tradingTable()),
                new InstrumentRepository(enhanced, config.marketTable()),
                new CandleRepository(enhanced, config.marketTable()),
                new CooldownRepository(enhanced, config.behaviorTable(), clock),
                new ReportRepository(enhanced, config.behaviorTable()), clock, ids, config.reportRetention(),
                new EmfCounters(config.metricsNamespace(), "analyze-behavior")));
    }
}
