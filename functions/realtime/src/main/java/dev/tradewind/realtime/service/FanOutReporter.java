package dev.tradewind.realtime.service;

/** Reports each event's fan-out: one log line and its delivery metrics. */
@FunctionalInterface
public interface FanOutReporter {

    void report(String detailType, FanOutService.Summary summary, double durationMs);
}
