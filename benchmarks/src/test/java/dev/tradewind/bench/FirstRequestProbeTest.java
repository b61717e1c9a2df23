package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstRequestProbeTest {

    /** Linux's process CPU time counts 10 ms ticks: a request of 2.5 ms of CPU read as 0 or 10 ms. */
    @Test
    void javaThreadsCpuNanosSince_resolvesARequestOfAFewMilliseconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> measured = new ArrayList<>();
        for (int request = 0; request < 5; request++) {
            Map<Long, Long> before = FirstRequestProbe.javaThreadCpuTimes();
            long own = threads.getCurrentThreadCpuTime();
            while (threads.getCurrentThreadCpuTime() - own < 2_500_000) {
                // 2.5 ms of this thread's CPU: a short request
            }
            measured.add(FirstRequestProbe.javaThreadsCpuNanosSince(before) / 1e6);
        }
        assertTrue(measured.stream().allMatch(ms -> ms >= 2.5 && ms < 4.0),
                "each request of 2.5 ms of CPU should read about 2.5 ms, read " + measured);
    }
}
