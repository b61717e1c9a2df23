package dev.tradewind.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of this process over an interval, with the share of named thread groups (e.g. DynamoDB Local's SQLite
 * thread and its Jetty pool, which run in the benchmark's JVM); the rest is the code under test, GC and JIT. Also the
 * JIT's compilation time over the interval (the JVM's own estimate, in elapsed time of the compiler threads).
 * Threads that start during the interval count from zero; a grouped thread that ends during it loses its share,
 * so groups should be long-lived threads (pools).
 */
final class CpuMeter {

    /** A named group of threads, chosen by thread name. */
    record Group(String name, Predicate<String> threadName) {
    }

    private final List<Group> groups;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    CpuMeter(List<Group> groups) {
        this.groups = groups;
    }

    /** CPU used between {@link #mark()} and {@link Mark#stop()}: the whole process and each group; and compiling. */
    record Usage(long processNanos, Map<String, Long> groupNanos, long compileMillis) {
        long group(String name) {
            return groupNanos.getOrDefault(name, 0L);
        }

        /** The process minus every group. */
        long otherNanos() {
            return processNanos - groupNanos.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    final class Mark {
        private final long process;
        private final Map<Long, Long> threadTimes;
        private final long compile;

        private Mark(long process, Map<Long, Long> threadTimes, long compile) {
            this.process = process;
            this.threadTimes = threadTimes;
            this.compile = compile;
        }

        Usage stop() {
            long processNow = os.getProcessCpuTime();
            Map<String, Long> used = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                Group group = info == null ? null : groupOf(info.getThreadName());
                long cpu = group == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    used.merge(group.name(), cpu - threadTimes.getOrDefault(info.getThreadId(), 0L), Long::sum);
                }
            }
            return new Usage(processNow - process, used, compileMillis() - compile);
        }
    }

    Mark mark() {
        Map<Long, Long> times = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && groupOf(info.getThreadName()) != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    times.put(info.getThreadId(), cpu);
                }
            }
        }
        return new Mark(os.getProcessCpuTime(), times, compileMillis());
    }

    private long compileMillis() {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : 0;
    }

    private Group groupOf(String threadName) {
        for (Group group : groups) {
            if (group.threadName().test(threadName)) {
                return group;
            }
        }
        return null;
    }
}
