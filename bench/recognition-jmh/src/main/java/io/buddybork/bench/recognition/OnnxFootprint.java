package io.buddybork.bench.recognition;

import io.buddybork.recognition.embedding.SpeechEmbedder;
import io.buddybork.recognition.feature.FeatureConfig;
import java.util.Locale;
import java.util.Random;

/**
 * Memory footprint of the speech embedding stage in a fresh JVM, as the hub sees it: resident set
 * size before the ONNX Runtime sessions exist, after loading both (first segment), and after 300
 * more segments; plus the Java heap in use. The native runtime and its sessions live outside the
 * Java heap, so the resident set is the figure that matters for a small hub.
 *
 * <p>Run: {@code java -cp bench/recognition-jmh/target/recognition-jmh.jar io.buddybork.bench.recognition.OnnxFootprint}
 */
public final class OnnxFootprint {

    private OnnxFootprint() {}

    public static void main(String[] args) throws Exception {
        short[] segment = new short[132_300];
        Random random = new Random(7);
        for (int i = 0; i < segment.length; i++) {
            segment[i] = (short) (random.nextGaussian() * 1500);
        }
        SpeechEmbedder embedder = new SpeechEmbedder(FeatureConfig.defaults().activeRangeDb());
        settle();
        long rss0 = FeaturizeCpuTime.rssKb();
        long heap0 = heap();
        embedder.embed(segment, 0, segment.length, 44_100);
        settle();
        long rss1 = FeaturizeCpuTime.rssKb();
        for (int i = 0; i < 300; i++) {
            embedder.embed(segment, 0, segment.length, 44_100);
        }
        settle();
        long rss2 = FeaturizeCpuTime.rssKb();
        long heap2 = heap();
        System.out.printf(
                Locale.ROOT,
                "resident set: %.1f MB before, %.1f MB with both sessions loaded (+%.1f MB),"
                        + " %.1f MB after 300 segments (+%.1f MB); Java heap in use %+.1f MB%n",
                rss0 / 1024.0,
                rss1 / 1024.0,
                (rss1 - rss0) / 1024.0,
                rss2 / 1024.0,
                (rss2 - rss0) / 1024.0,
                (heap2 - heap0) / 1048576.0);
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(200); // let the collector return memory before reading /proc (not a correctness wait)
    }

    private static long heap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
