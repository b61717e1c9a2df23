package dev.tradewind.local.template;

import java.util.Map;

/**
 * A function's SAM {@code EventBridgeRule} event: the bus it listens on, its event pattern (as the template writes
 * it), and its RetryPolicy (EventBridge's defaults when absent: 185 retries within 24 hours).
 */
public record EventRuleDefinition(String functionLogicalId, String eventName, String busName,
                                  Map<String, Object> pattern, boolean enabled, int maximumRetryAttempts,
                                  int maximumEventAgeSeconds) {

    public static final int DEFAULT_RETRY_ATTEMPTS = 185;
    public static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;

    /** The rule's name in logs and in {@code GET /_local/events}: function and event, as schedules are named. */
    public String name() {
        return functionLogicalId + eventName;
    }
}
