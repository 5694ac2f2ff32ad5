package io.buddybork.bench.recognition;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Companion to {@link FeaturizeBenchmark} that measures thread CPU time instead of wall time, so
 * the figure stays meaningful on a machine shared with other jobs (JMH's average time counts the
 * time the benchmark thread waits for a core). Prints per-round CPU ms per 3 s segment and the
 * real-time factor for both pipelines.
 *
 * <p>Run: {@code java -cp bench/recognition-jmh/target/recognition-jmh.jar io.buddybork.bench.recognition.FeaturizeCpuTime}
 */
public final class FeaturizeCpuTime {

    private FeaturizeCpuTime() {}

    public static void main(String[] args) throws Exception {
        FeaturizeBenchmark b = new FeaturizeBenchmark();
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        report("hand-made statistics", mx, 500, () -> b.buddyborkSegmentVector());
        report("tarsosdsp stock mfcc", mx, 150, () -> b.tarsosStockMfcc());
        report("speech embedding", mx, 20, () -> b.speechEmbedding());
        report("default pipeline", mx, 20, () -> b.defaultPipeline());
        report("live segment (featurise + score + novelty)", mx, 20, () -> b.liveSegment());
        report("score + novelty (3 tags, 2,000 background)", mx, 200, () -> b.scoreOnly());
        processCpu("default pipeline", 100, () -> b.defaultPipeline());
    }

    /** CPU time of the whole process (all threads, including any native ONNX Runtime threads). */
    private static void processCpu(String name, int n, Op op) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = os.getProcessCpuTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        double ms = (os.getProcessCpuTime() - t0) / 1e6 / n;
        System.out.printf(
                Locale.ROOT, "%-26s process CPU ms per 3 s segment (all threads, incl. GC/JIT): %.3f%n", name, ms);
    }

    /** Resident set size of this process in kB (Linux). */
    static long rssKb() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private interface Op {
        Object run() throws Exception;
    }

    private static void report(String name, ThreadMXBean mx, int perRound, Op op) throws Exception {
        for (int i = 0; i < perRound * 4; i++) {
            op.run(); // warm-up: let the JIT finish
        }
        double[] ms = new double[10];
        for (int r = 0; r < ms.length; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                op.run();
            }
            ms[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / perRound;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = (sorted[4] + sorted[5]) / 2;
        System.out.printf(
                Locale.ROOT,
                "%-26s CPU ms per 3 s segment: min %.3f median %.3f max %.3f" + " -> real-time factor %.0fx (median)%n",
                name,
                sorted[0],
                median,
                sorted[9],
                3000 / median);
    }
}
