package dev.tradewind.local.template;

/** An EventBridge Scheduler ({@code ScheduleV2}) event: when, in which zone, and the JSON input the function gets. */
public record ScheduleDefinition(String functionLogicalId, String name, String expression, String timezone,
                                 String input, boolean enabled) {
}
