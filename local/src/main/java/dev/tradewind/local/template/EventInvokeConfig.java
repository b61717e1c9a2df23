package dev.tradewind.local.template;

/**
 * A function's {@code EventInvokeConfig}: how often, and for how long, Lambda retries a failed asynchronous
 * invocation (Lambda's defaults when absent: 2 retries within 6 hours). Its {@code DestinationConfig} is not
 * emulated: a given-up invocation is logged instead.
 */
public record EventInvokeConfig(int maximumRetryAttempts, int maximumEventAgeSeconds) {

    public static final EventInvokeConfig DEFAULT = new EventInvokeConfig(2, 21_600);
}
