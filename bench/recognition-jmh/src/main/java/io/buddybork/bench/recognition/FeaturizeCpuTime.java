package io.buddybork.bench.recognition;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TrainingSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Companion to {@link FeaturizeBenchmark} that measures thread CPU time instead of wall time, so
 * the figure stays meaningful on a machine shared with other jobs (JMH's average time counts the
 * time the benchmark thread waits for a core). Prints per-round CPU ms per 3 s segment and the
 * real-time factor for both pipelines, then the CPU time of scoring one segment vector with a
 * hub-sized default model and of featurising and scoring together.
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
        report("texture statistics", mx, 200, () -> b.textureStatistics());
        report("default pipeline", mx, 20, () -> b.defaultPipeline());
        report("live segment (featurise + score + novelty)", mx, 20, () -> b.liveSegment());
        report("score + novelty (3 tags, 2,000 background)", mx, 200, () -> b.scoreOnly());
        processCpu("default pipeline", 100, () -> b.defaultPipeline());
        OpenSetModel model = hubSizedModel();
        float[] vector = b.defaultPipeline();
        report("score (default model)", mx, 200, () -> model.predict(vector));
        report("featurise + score", mx, 20, () -> model.predict(b.defaultPipeline()));
    }

    /**
     * A default model at hub scale for the scoring cost: 10 tags of 5 examples and 2,000 background
     * vectors (the most a model keeps for the background-relative score), Gaussian clusters of the
     * real vector length.
     */
    static OpenSetModel hubSizedModel() {
        FeatureConfig fc = FeatureConfig.defaults();
        int d = fc.vectorLength();
        java.util.Random random = new java.util.Random(11);
        List<String> tags = new ArrayList<>();
        double[][] centres = new double[11][d];
        for (int t = 0; t < 11; t++) {
            if (t < 10) {
                tags.add("tag" + t);
            }
            for (int j = 0; j < d; j++) {
                centres[t][j] = random.nextGaussian() * 2;
            }
        }
        int n = 50 + 2_000;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int t = i < 50 ? i % 10 : 10;
            y[i] = t < 10 ? t : TrainingSet.BACKGROUND;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (centres[t][j] + random.nextGaussian() * 3);
            }
        }
        return OpenSetModel.train(TrainingSet.of(tags, x, y), fc, ModelConfig.defaults(), 42, ZoneOffset.UTC);
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
