package dev.tradewind.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An {@code AWS::Serverless::Function} with Globals applied and its artifacts resolved to paths. */
public record FunctionDefinition(
        String logicalId,
        String handler,
        String runtime,
        Path codeUri,
        List<Path> layers,
        int memorySize,
        int timeoutSeconds,
        Map<String, String> environment,
        List<HttpRoute> routes,
        List<ScheduleDefinition> schedules,
        List<EventRuleDefinition> eventRules,
        EventInvokeConfig eventInvokeConfig,
        Map<String, Object> metadata) {

    /** The class part of {@code Handler} ({@code pkg.Class} or {@code pkg.Class::method}). */
    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** Template metadata {@code LocalClock: wall} keeps a function on wall time while the market replays. */
    public boolean usesWallClock() {
        return "wall".equals(metadata.get("LocalClock"));
    }
}
