package dev.tradewind.behavior;

import dev.tradewind.behavior.api.AnalyzeRequest;
import dev.tradewind.behavior.api.Views;
import dev.tradewind.behavior.service.AnalysisService;
import dev.tradewind.behavior.service.BehaviorConfig;
import dev.tradewind.behavior.service.BehaviorServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.Health;
import dev.tradewind.shared.http.HttpApiHandler;
import dev.tradewind.shared.http.Router;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.Priming;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** HTTP API routes of the analyze-behavior function (docs/behaviour.md). */
public final class BehaviorHandler extends HttpApiHandler {

    /** 10,000 inline trades with ids are about 1.5 MB of JSON; larger bodies are a 413. */
    static final int ANALYZE_MAX_BYTES = 2 * 1024 * 1024;

    /** The handler's own client, for the priming's table reads; null when built from services (tests). */
    private DynamoDbClient dynamo;

    public BehaviorHandler() {
        this(Environment.current());
        Priming.registerOnce("analyze-behavior", () -> BehaviorPriming.create(this, dynamo, Environment.current()));
    }

    BehaviorHandler(Environment env) {
        this(env, DynamoDbClients.create(env));
    }

    private BehaviorHandler(Environment env, DynamoDbClient dynamo) {
        this(env, BehaviorConfig.from(env), dynamo);
    }

    private BehaviorHandler(Environment env, BehaviorConfig config, DynamoDbClient dynamo) {
        this(BehaviorServices.create(config, DynamoDbClients.enhanced(dynamo), env.clock(), new Ulid(env.clock()),
                BehaviorServices.events(config, env)), env.clock());
        this.dynamo = dynamo;
    }

    BehaviorHandler(BehaviorServices services, Clock clock) {
        super(routes(services.analysis(), clock));
    }

    private static Router routes(AnalysisService service, Clock clock) {
        return Router.builder()
                .get("/v1/health/behavior", Health.route("analyze-behavior", clock))
                .post("/v1/behavior/analyze", ANALYZE_MAX_BYTES, request -> ApiResponse.ok(Views.report(
                        service.analyze(request.userId(), request.body(AnalyzeRequest.class).toService()))))
                .get("/v1/behavior/reports/{reportId}", request -> ApiResponse.ok(Views.report(
                        service.report(request.userId(), request.pathParam("reportId")))))
                .get("/v1/behavior/reports", request -> ApiResponse.ok(Views.summaries(service.list(
                        request.userId(), request.query("sessionId").orElse(null),
                        request.queryInt("limit", 20, 1, 100), request.query("cursor").orElse(null)))))
                .build();
    }
}
