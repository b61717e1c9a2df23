package dev.tradewind.behavior.service;

import dev.tradewind.behavior.store.ReportRepository;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.events.EventBridgePublisher;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.shared.trading.TradingReader;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * The function's services, wired once at init from its configuration, one DynamoDB client and where its events go.
 */
public record BehaviorServices(AnalysisService analysis) {

    public static BehaviorServices create(BehaviorConfig config, DynamoDbEnhancedClient enhanced, Clock clock,
                                          IdGenerator ids, EventPublisher events) {
        return new BehaviorServices(new AnalysisService(new TradingReader(enhanced, config.tradingTable()),
                new InstrumentRepository(enhanced, config.marketTable()),
                new CandleRepository(enhanced, config.marketTable()),
                new CooldownRepository(enhanced, config.behaviorTable(), clock),
                new ReportRepository(enhanced, config.behaviorTable()), clock, ids, config.reportRetention(),
                new EmfCounters(config.metricsNamespace(), "analyze-behavior"), events));
    }

    /** Where the function's events go: the bus {@code EVENT_BUS_NAME} names, or nowhere without one. */
    public static EventPublisher events(BehaviorConfig config, Environment env) {
        return EventBridgePublisher.create(env, config.eventBus(),
                new EmfCounters(config.metricsNamespace(), "analyze-behavior"));
    }
}
