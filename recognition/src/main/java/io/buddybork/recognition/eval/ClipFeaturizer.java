package io.buddybork.recognition.eval;

import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.feature.FeatureExtractor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Reads manifest clips and turns each into the feature vectors of its windows (or one vector for
 * the whole clip), in parallel, through the optional {@link FeatureCache}. Measures the CPU time
 * spent in feature extraction to report seconds of audio per CPU second. Thread-safe.
 */
public final class ClipFeaturizer {

    /**
     * The vectors of one clip.
     *
     * @param row its manifest row
     * @param windows one vector per window
     * @param seconds clip duration
     */
    public record ClipVectors(Manifest.Row row, List<float[]> windows, double seconds) {}

    private final FeatureExtractor extractor;
    private final FeatureCache cache;
    private final double windowSeconds;
    private final double hopSeconds;
    private final int threads;
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong audioSamples = new AtomicLong();
    private final AtomicLong audioRateSum = new AtomicLong();
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    /**
     * @param cache may be {@code null}
     * @param windowSeconds window length; 0 = whole clip
     */
    public ClipFeaturizer(
            FeatureExtractor extractor, FeatureCache cache, double windowSeconds, double hopSeconds, int threads) {
        this.extractor = extractor;
        this.cache = cache;
        this.windowSeconds = windowSeconds;
        this.hopSeconds = hopSeconds;
        this.threads = Math.max(1, threads);
    }

    /** Window boundaries {@code [start, length]} of a clip of {@code frames} samples. */
    public static List<int[]> windows(int frames, int rate, double windowSeconds, double hopSeconds) {
        int w = (int) Math.round(windowSeconds * rate);
        int hop = Math.max(1, (int) Math.round(hopSeconds * rate));
        List<int[]> out = new ArrayList<>();
        if (w <= 0 || frames <= w + hop / 2) {
            out.add(new int[] {0, frames});
            return out;
        }
        int start = 0;
        for (; start + w <= frames; start += hop) {
            out.add(new int[] {start, w});
        }
        int lastEnd = out.get(out.size() - 1)[0] + w;
        if (frames - lastEnd > hop / 2) {
            out.add(new int[] {frames - w, w});
        }
        return out;
    }

    /** Featurises rows in order; {@code progress} receives the count of finished rows. */
    public List<ClipVectors> featurize(List<Manifest.Row> rows, IntConsumer progress) throws ManifestException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "featurize");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<ClipVectors>> futures = new ArrayList<>();
            for (Manifest.Row row : rows) {
                futures.add(pool.submit(() -> {
                    ClipVectors v = one(row);
                    progress.accept(done.incrementAndGet());
                    return v;
                }));
            }
            List<ClipVectors> out = new ArrayList<>();
            for (Future<ClipVectors> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BadRow bad) {
                        throw new ManifestException(bad.getMessage(), bad.getCause());
                    }
                    throw new IllegalStateException("featurisation failed", e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException("interrupted while featurising");
        } finally {
            pool.shutdownNow();
        }
    }

    private ClipVectors one(Manifest.Row row) throws BadRow {
        Path p = row.path();
        PcmAudio audio;
        String identity;
        try {
            byte[] bytes = Files.readAllBytes(p);
            audio = WavCodec.decode(bytes);
            identity = p.toAbsolutePath() + "|" + bytes.length + "|"
                    + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new BadRow("row " + row.line() + ": cannot read audio " + p + ": " + e.getMessage(), e);
        } catch (WavFormatException e) {
            throw new BadRow("row " + row.line() + ": unreadable audio " + p + ": " + e.getMessage(), e);
        }
        if (audio.frames() == 0) {
            throw new BadRow("row " + row.line() + ": audio " + p + " has no samples", null);
        }
        List<float[]> vectors = new ArrayList<>();
        for (int[] w : windows(audio.frames(), audio.sampleRate(), windowSeconds, hopSeconds)) {
            String id = identity + "|" + w[0] + "+" + w[1];
            vectors.add(cache == null ? timedExtract(audio, w) : cache.get(id, () -> timedExtract(audio, w)));
        }
        return new ClipVectors(row, vectors, audio.frames() / (double) audio.sampleRate());
    }

    private float[] timedExtract(PcmAudio audio, int[] w) {
        long t0 = mx.getCurrentThreadCpuTime();
        float[] v = extractor.extract(audio.samples(), w[0], w[1], audio.sampleRate());
        cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - t0);
        audioSamples.addAndGet(w[1]);
        audioRateSum.addAndGet((long) w[1] * audio.sampleRate());
        return v;
    }

    /** Seconds of audio featurised (not served from cache). */
    public double featurisedSeconds() {
        long n = audioSamples.get();
        return n == 0 ? 0 : n / (audioRateSum.get() / (double) n);
    }

    /** CPU seconds spent extracting features. */
    public double cpuSeconds() {
        return cpuNanos.get() / 1e9;
    }

    /** Seconds of audio featurised per CPU second (0 when nothing was computed). */
    public double realtimeFactor() {
        double cpu = cpuSeconds();
        return cpu == 0 ? 0 : featurisedSeconds() / cpu;
    }

    /** A row-specific failure carried out of the worker threads. */
    private static final class BadRow extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        BadRow(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
