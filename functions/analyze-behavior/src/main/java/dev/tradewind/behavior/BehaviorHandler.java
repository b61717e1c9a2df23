package dev.tradewind.behavior;

import dev.tradewind.behavior.api.AnalyzeRequest;
import dev.tradewind.behavior.service.AnalysisService;
import dev.tradewind.behavior.store.ReportRepository;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.trading.TradingReader;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** HTTP API routes of the analyze-behavior function (README "Behaviour analysis"). */
public final class BehaviorHandler extends HttpApiHandler {

    /** 10,000 inline trades with ids are about 1.5 MB of JSON; larger bodies are a 413. */
    static final int ANALYZE_MAX_BYTES = 2 * 1024 * 1024;

    public BehaviorHandler() {
        this(Environment.current());
    }

    BehaviorHandler(Environment env) {
        this(env, new Ulid(env.clock()));
    }

    BehaviorHandler(Environment env, IdGenerator ids) {
        this(BehaviorConfig.from(env), DynamoDbClients.create(env), env.clock(), ids);
    }

    BehaviorHandler(BehaviorConfig config, DynamoDbClient dynamo, Clock clock, IdGenerator ids) {
        super(routes(service(config, dynamo, clock, ids), clock));
    }

    private static AnalysisService service(BehaviorConfig config, DynamoDbClient dynamo, Clock clock,
                                           IdGenerator ids) {
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(dynamo);
        return new AnalysisService(new TradingReader(enhanced, config.tradingTable()),
                new InstrumentRepository(enhanced, config.marketTable()),
                new CandleRepository(enhanced, config.marketTable()),
                new CooldownRepository(enhanced, config.behaviorTable(), clock),
                new ReportRepository(enhanced, config.behaviorTable()), clock, ids, config.reportRetention());
    }

    private static Router routes(AnalysisService service, Clock clock) {
        return Router.builder()
                .get("/v1/health/behavior", Health.route("analyze-behavior", clock))
                .post("/v1/behavior/analyze", ANALYZE_MAX_BYTES, request -> ApiResponse.ok(
                        service.analyze(request.userId(), request.body(AnalyzeRequest.class))))
                .get("/v1/behavior/reports/{reportId}", request -> ApiResponse.ok(
                        service.report(request.userId(), request.pathParam("reportId"))))
                .get("/v1/behavior/reports", request -> ApiResponse.ok(service.list(request.userId(),
                        request.query("sessionId").orElse(null), request.queryInt("limit", 20, 1, 100),
                        request.query("cursor").orElse(null))))
                .build();
    }
}
