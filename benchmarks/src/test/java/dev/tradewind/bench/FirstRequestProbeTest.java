package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** A failure in requests 2 to 9 shows: every request's answer is counted, not the first's and tenth's alone. */
    @Test
    void answers_countEveryRequestInTheOrderEachFirstAppeared() {
        String[] outcomes = {"200", "200", "500", "200", "TimeoutException", "200", "200", "200", "200", "200"};
        assertEquals("200x8,500x1,TimeoutExceptionx1", FirstRequestProbe.answers(outcomes));
    }

    @Test
    void answersText_addsUpTheRunsAnswersAsTheTableShowsThem() {
        Map<String, Integer> answers = new LinkedHashMap<>();
        FirstRequestBenchmark.addAnswers(answers, "200x10");
        FirstRequestBenchmark.addAnswers(answers, "200x9,delivered=4x1");
        assertEquals("200 ×19, delivered=4 ×1", FirstRequestBenchmark.answersText(answers));
    }
}
