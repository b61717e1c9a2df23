package dev.tradewind.trading.service;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventBridgePublisher;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.trading.store.BacktestRepository;
import dev.tradewind.trading.store.MarketData;
import dev.tradewind.trading.store.TradingStore;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's services, wired once at init from its configuration, one DynamoDB client, the model forecasts and
 * the backtest worker (over a Lambda client built on first use), and where ended orders are reported; and the
 * market data they share, whose kept instruments a SnapStart restore forgets.
 */
public record TradingServices(SessionService sessions, OrderService orders, PortfolioService portfolio,
                              PerformanceService performance, JournalService journal, ImportService imports,
                              AllocationService allocations, BacktestService backtests, MarketData market) {

    /** @param wallClock the real time, for the backtest worker's deadline only ({@link Environment#wallClock}) */
    public static TradingServices create(TradingConfig config, DynamoDbClient dynamo, Clock clock, Clock wallClock,
                                         IdGenerator ids, ModelForecasts forecasts, BacktestRunner runner,
                                         OrderEvents events) {
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(dynamo);
        TradingStore store = new TradingStore(dynamo, enhanced, config.tradingTable());
        TradingReader reader = new TradingReader(enhanced, config.tradingTable());
        MarketData market = new MarketData(new InstrumentRepository(enhanced, config.marketTable()),
                new CandleRepository(enhanced, config.marketTable()));
        Counters counters = new EmfCounters(config.metricsNamespace(), "trading-session");
        Sessions sessions = new Sessions(store, new Evaluator(store, market, counters, events));
        CooldownRepository cooldowns = new CooldownRepository(enhanced, config.behaviorTable(), clock);
        Idempotency idempotency = new Idempotency(config.idempotencyTtl());
        return new TradingServices(new SessionService(store, sessions, clock, ids, events, idempotency),
                new OrderService(store, sessions, market, cooldowns, config, clock, ids, counters, events,
                        idempotency),
                new PortfolioService(store, sessions, clock),
                new PerformanceService(store, sessions, market, clock),
                new JournalService(store, reader, sessions, clock, ids, idempotency),
                new ImportService(store, sessions, clock, ids),
                new AllocationService(market, clock),
                new BacktestService(new BacktestRepository(enhanced, store, config.tradingTable()), market, forecasts,
                        runner, config.backtestSyncBars(), clock, wallClock, ids, idempotency),
                market);
    }

    /** Where the trading function's events go: the bus {@code EVENT_BUS_NAME} names, or nowhere without one. */
    public static EventPublisher events(TradingConfig config, Environment env) {
        return EventBridgePublisher.create(env, config.eventBus(),
                new EmfCounters(config.metricsNamespace(), "trading-session"));
    }
}
