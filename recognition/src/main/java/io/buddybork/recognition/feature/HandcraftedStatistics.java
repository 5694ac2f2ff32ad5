package io.buddybork.recognition.feature;

import be.tarsos.dsp.util.fft.FFT;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hand-made statistics stage: turns mono 16-bit PCM of any length and sample rate into the
 * fixed-length vector of frame-feature statistics described by {@link FeatureLayout#statistics}. Thread-safe: tables are immutable and shared, per-thread
 * scratch buffers (a small pool, so platform and virtual threads alike reuse them) make the frame
 * loop allocation-free in steady state.
 *
 * <p>Pipeline per frame: periodic Hann window, real FFT (TarsosDSP), power spectrum, sparse mel
 * filterbank, log (dB), orthonormal DCT-II, spectral descriptors. Quiet frames (below the loud
 * 95th percentile minus {@link FeatureConfig#activeRangeDb()}) are left out of the statistics, so a
 * short bark in a mostly silent segment still dominates its vector; the loudest
 * {@link FeatureConfig#minActiveFrames()} frames always count.
 */
public final class HandcraftedStatistics implements io.buddybork.recognition.embedding.Embedder {

    private static final float EPS = 1e-10f;
    private static final float TEN_OVER_LN10 = (float) (10.0 / Math.log(10.0));
    private static final int SPECTRAL = FeatureLayout.SPECTRAL.size();

    private final FeatureConfig config;
    private final Map<Integer, Tables> tablesByRate = new ConcurrentHashMap<>();
    private final java.util.concurrent.BlockingQueue<Scratch> pool = new java.util.concurrent.ArrayBlockingQueue<>(
            Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));

    /** Stage name in {@link FeatureConfig#stages()}. */
    public static final String STAGE = "stats";

    private final java.util.List<String> names;

    /** Creates the stage for a configuration's framing parameters. */
    public HandcraftedStatistics(FeatureConfig config) {
        this.config = config;
        this.names = FeatureLayout.statistics(config);
        this.layoutSize = names.size();
    }

    private final int layoutSize;

    @Override
    public String identity() {
        return STAGE;
    }

    @Override
    public java.util.List<String> names() {
        return names;
    }

    @Override
    public float[] embed(short[] pcm, int offset, int length, int sampleRate) {
        return extract(pcm, offset, length, sampleRate);
    }

    /** The configuration. */
    public FeatureConfig config() {
        return config;
    }

    /** The mel filterbank used at a sample rate. */
    public MelFilterbank filterbank(int sampleRate) {
        return tables(sampleRate).filterbank;
    }

    /** Segment vector of a whole signal. */
    public float[] extract(short[] pcm, int sampleRate) {
        return extract(pcm, 0, pcm.length, sampleRate);
    }

    /** Segment vector of {@code pcm[offset, offset + length)}. */
    public float[] extract(short[] pcm, int offset, int length, int sampleRate) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + pcm.length);
        }
        Scratch s = acquire(sampleRate, frameCount(length, sampleRate));
        try {
            int frames = runFrames(s, pcm, offset, length);
            float[] out = new float[layoutSize];
            summarise(s, frames, out);
            return out;
        } finally {
            release(s);
        }
    }

    /**
     * Runs the extractor on synthetic 3 s segments until the JIT has compiled the frame loop (the
     * CPU time per segment stops falling and the JIT compiled nothing during the last round; at
     * most 800 segments, 1-2 s of CPU), so throughput figures are the steady state a long-running hub
     * sees rather than the first seconds of a JVM.
     */
    public void warmUp() {
        short[] noise = new short[3 * 44_100];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 2000 + 3000 * Math.sin(i * 0.03));
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        // On a busy machine the C2 compiler threads get little CPU: a plateau in time per segment can
        // be the C1 tier waiting for C2, so also wait until the JIT has gone quiet.
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long compiled = watchJit ? jit.getTotalCompilationTime() : 0;
        double best = Double.MAX_VALUE;
        int sinceBest = 0;
        boolean jitBusy = true;
        for (int round = 0; round < 40 && (sinceBest < 4 || jitBusy); round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 20; i++) {
                extract(noise, 44_100);
            }
            double cpu = mx.getCurrentThreadCpuTime() - t0;
            if (cpu < best * 0.97) {
                best = cpu;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            long now = watchJit ? jit.getTotalCompilationTime() : 0;
            jitBusy = now != compiled;
            compiled = now;
        }
    }

    /** Frame-level features of a signal (allocates; for diagnostics and tests). */
    public FrameFeatures frames(short[] pcm, int sampleRate) {
        Scratch s = acquire(sampleRate, frameCount(pcm.length, sampleRate));
        try {
            return framesOf(s, pcm);
        } finally {
            release(s);
        }
    }

    private FrameFeatures framesOf(Scratch s, short[] pcm) {
        int n = runFrames(s, pcm, 0, pcm.length);
        int bands = config.melBands();
        int ceps = config.mfccCount();
        float[][] logMel = new float[n][bands];
        float[][] mfcc = new float[n][ceps];
        float[] energy = new float[n];
        for (int t = 0; t < n; t++) {
            for (int m = 0; m < bands; m++) {
                logMel[t][m] = s.tracks[m * s.cap + t];
            }
            for (int c = 0; c < ceps; c++) {
                mfcc[t][c] = s.tracks[(bands + c) * s.cap + t];
            }
            energy[t] = s.tracks[s.energyTrack * s.cap + t];
        }
        int active = selectActive(s, n);
        boolean[] flags = new boolean[n];
        for (int j = 0; j < active; j++) {
            flags[s.active[j]] = true;
        }
        return new FrameFeatures(logMel, mfcc, energy, flags);
    }

    private int frameCount(int length, int sampleRate) {
        int n = config.fftSize(sampleRate);
        int hop = config.hopSize(sampleRate);
        return length <= n ? 1 : 1 + (length - n + hop - 1) / hop;
    }

    private Tables tables(int sampleRate) {
        if (sampleRate < 8_000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("unsupported sample rate " + sampleRate);
        }
        return tablesByRate.computeIfAbsent(sampleRate, r -> new Tables(config, r));
    }

    /** Takes pooled buffers fitting the rate and frame count, or makes new ones. */
    private Scratch acquire(int sampleRate, int frames) {
        Scratch s = pool.poll();
        if (s == null || s.tables.sampleRate != sampleRate || s.cap < frames) {
            int cap = s == null || s.tables.sampleRate != sampleRate
                    ? Math.max(frames, 512)
                    : Math.max(frames, s.cap * 2);
            s = new Scratch(tables(sampleRate), config, cap);
        }
        return s;
    }

    /** Returns buffers to the pool (dropped when the pool is full). */
    private void release(Scratch s) {
        pool.offer(s);
    }

    /** Fills the per-frame tracks; returns the number of frames. */
    private int runFrames(Scratch s, short[] pcm, int offset, int length) {
        Tables tb = s.tables;
        int n = tb.fftSize;
        int hop = tb.hop;
        int bins = n / 2 + 1;
        int bands = config.melBands();
        int ceps = config.mfccCount();
        int frames = frameCount(length, tb.sampleRate);
        float[] buf = s.frame;
        float[] power = s.power;
        float[] prefix = s.prefix;
        float[] mel = s.mel;
        float[] prevMel = s.prevMel;
        float[] ceps0 = s.ceps;
        float[] tracks = s.tracks;
        int cap = s.cap;
        float[] window = tb.window;
        float[] binKhz = tb.binKhz;
        int spectralBase = bands + 2 * ceps;
        float powerNorm = 1f / n;
        // Energy and zero crossings via prefix sums over the signal: frames overlap, so this touches
        // each sample once instead of once per frame it belongs to. Integer sums are exact.
        long[] energyPrefix = s.energyPrefix(length + 1);
        int[] crossPrefix = s.crossPrefix(length + 1);
        long energySum = 0L;
        int crossSum = 0;
        energyPrefix[0] = 0L;
        crossPrefix[0] = 0;
        for (int i = 0; i < length; i++) {
            int v = pcm[offset + i];
            energySum += v * v;
            energyPrefix[i + 1] = energySum;
            if (i + 1 < length) {
                // The xor of two ints is negative iff their signs differ: a branch-free sign change count.
                crossSum += (v ^ pcm[offset + i + 1]) >>> 31;
                crossPrefix[i + 1] = crossSum;
            }
        }
        for (int t = 0; t < frames; t++) {
            int start = offset + t * hop;
            int avail = Math.min(n, offset + length - start);
            for (int i = 0; i < avail; i++) {
                buf[i] = pcm[start + i] * window[i];
            }
            long sumSq = energyPrefix[start - offset + avail] - energyPrefix[start - offset];
            int crossings = avail > 1 ? crossPrefix[start - offset + avail - 1] - crossPrefix[start - offset] : 0;
            for (int i = Math.max(avail, 0); i < n; i++) {
                buf[i] = 0f;
            }
            s.fft.forwardTransform(buf);
            // TarsosDSP packs the real FFT as [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...].
            float p0 = buf[0] * buf[0] * powerNorm;
            float pN = buf[1] * buf[1] * powerNorm;
            power[0] = p0;
            prefix[0] = p0;
            float running = p0;
            float weighted = 0f;
            float weightedSq = 0f;
            for (int k = 1; k < bins - 1; k++) {
                float re = buf[2 * k];
                float im = buf[2 * k + 1];
                float p = (re * re + im * im) * powerNorm;
                power[k] = p;
                running += p;
                prefix[k] = running;
                float f = binKhz[k];
                float fp = f * p;
                weighted += fp;
                weightedSq += f * fp;
            }
            float nyqKhz = binKhz[bins - 1];
            power[bins - 1] = pN;
            float total = running + pN;
            prefix[bins - 1] = total;
            weighted += nyqKhz * pN;
            weightedSq += nyqKhz * nyqKhz * pN;
            float centroid = 0f;
            float bandwidth = 0f;
            float rolloff = 0f;
            if (total > EPS) {
                centroid = weighted / total;
                // E[f^2] - E[f]^2, clamped against rounding below zero.
                bandwidth = (float) Math.sqrt(Math.max(0f, weightedSq / total - centroid * centroid));
                // First bin whose cumulative power reaches 85 %: binary search in the prefix sums.
                float target = 0.85f * total;
                int lo = 0;
                int hi = bins - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (prefix[mid] >= target) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                rolloff = binKhz[lo];
            }
            tb.filterbank.apply(power, mel);
            float logSum = 0f;
            float linSum = 0f;
            float flux = 0f;
            for (int m = 0; m < bands; m++) {
                float e = mel[m] + EPS;
                linSum += e;
                float ln = (float) Math.log(e);
                logSum += ln;
                float db = ln * TEN_OVER_LN10;
                if (t > 0) {
                    float rise = db - prevMel[m];
                    if (rise > 0f) {
                        flux += rise;
                    }
                }
                prevMel[m] = db;
                mel[m] = db;
                tracks[m * cap + t] = db;
            }
            tb.dct.apply(mel, ceps0);
            for (int c = 0; c < ceps; c++) {
                tracks[(bands + c) * cap + t] = ceps0[c];
            }
            float flatness = (float) Math.exp(logSum / bands) / (linSum / bands);
            tracks[spectralBase * cap + t] = centroid;
            tracks[(spectralBase + 1) * cap + t] = bandwidth;
            tracks[(spectralBase + 2) * cap + t] = rolloff;
            tracks[(spectralBase + 3) * cap + t] = flatness;
            tracks[(spectralBase + 4) * cap + t] = flux / bands;
            tracks[(spectralBase + 5) * cap + t] = avail > 1 ? (float) crossings / (avail - 1) : 0f;
            tracks[(spectralBase + 6) * cap + t] =
                    (float) Math.log(sumSq * (1.0 / (32768.0 * 32768.0)) / Math.max(1, avail) + EPS) * TEN_OVER_LN10;
        }
        // Deltas: regression over +-2 frames with clamped edges (HTK / librosa "nearest" style).
        for (int c = 0; c < ceps; c++) {
            int src = (bands + c) * cap;
            int dst = (bands + ceps + c) * cap;
            for (int t = 0; t < frames; t++) {
                float d1 = tracks[src + Math.min(frames - 1, t + 1)] - tracks[src + Math.max(0, t - 1)];
                float d2 = tracks[src + Math.min(frames - 1, t + 2)] - tracks[src + Math.max(0, t - 2)];
                tracks[dst + t] = (d1 + 2f * d2) / 10f;
            }
        }
        return frames;
    }

    /** Puts the indices of non-quiet frames into {@code s.active}; returns their count. */
    private int selectActive(Scratch s, int frames) {
        float[] sorted = s.sortBuf;
        System.arraycopy(s.tracks, s.energyTrack * s.cap, sorted, 0, frames);
        Arrays.sort(sorted, 0, frames);
        float p95 = percentile(sorted, frames, 0.95f);
        int keep = Math.min(config.minActiveFrames(), frames);
        float threshold = Math.min(p95 - (float) config.activeRangeDb(), sorted[frames - keep]);
        int count = 0;
        int base = s.energyTrack * s.cap;
        for (int t = 0; t < frames; t++) {
            if (s.tracks[base + t] >= threshold) {
                s.active[count++] = t;
            }
        }
        s.dynamicRange = p95 - percentile(sorted, frames, 0.10f);
        return count;
    }

    private void summarise(Scratch s, int frames, float[] out) {
        int active = selectActive(s, frames);
        int bands = config.melBands();
        int ceps = config.mfccCount();
        int o = 0;
        for (int m = 0; m < bands; m++) {
            gather(s, m, active);
            o = meanStd(s.sortBuf, active, out, o);
        }
        for (int c = 0; c < ceps; c++) {
            gather(s, bands + c, active);
            o = fiveStats(s.sortBuf, active, out, o);
        }
        for (int c = 0; c < ceps; c++) {
            gather(s, bands + ceps + c, active);
            float[] v = s.sortBuf;
            meanStd(v, active, s.pair, 0);
            out[o++] = s.pair[1];
            float absSum = 0f;
            for (int j = 0; j < active; j++) {
                absSum += Math.abs(v[j]);
            }
            out[o++] = absSum / active;
        }
        int spectralBase = bands + 2 * ceps;
        for (int d = 0; d < SPECTRAL; d++) {
            gather(s, spectralBase + d, active);
            o = fiveStats(s.sortBuf, active, out, o);
        }
        out[o++] = (float) active / frames;
        out[o++] = s.dynamicRange;
        assert o == out.length : o + " != " + out.length;
    }

    private static void gather(Scratch s, int track, int active) {
        int base = track * s.cap;
        float[] v = s.sortBuf;
        int[] idx = s.active;
        for (int j = 0; j < active; j++) {
            v[j] = s.tracks[base + idx[j]];
        }
    }

    private static int meanStd(float[] v, int n, float[] out, int o) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += v[j];
        }
        double mean = sum / n;
        double sq = 0;
        for (int j = 0; j < n; j++) {
            double d = v[j] - mean;
            sq += d * d;
        }
        out[o] = (float) mean;
        out[o + 1] = (float) Math.sqrt(sq / n);
        return o + 2;
    }

    private static int fiveStats(float[] v, int n, float[] out, int o) {
        o = meanStd(v, n, out, o);
        Arrays.sort(v, 0, n);
        out[o++] = percentile(v, n, 0.10f);
        out[o++] = percentile(v, n, 0.50f);
        out[o++] = percentile(v, n, 0.90f);
        return o;
    }

    /** Linear-interpolated percentile of the sorted {@code v[0..n)}. */
    static float percentile(float[] v, int n, float q) {
        if (n == 1) {
            return v[0];
        }
        float pos = q * (n - 1);
        int lo = (int) pos;
        int hi = Math.min(n - 1, lo + 1);
        float frac = pos - lo;
        return v[lo] + (v[hi] - v[lo]) * frac;
    }

    /** Immutable per-sample-rate tables. */
    private static final class Tables {
        final int sampleRate;
        final int fftSize;
        final int hop;
        final float[] window;
        final float[] binKhz;
        final MelFilterbank filterbank;
        final Dct dct;

        Tables(FeatureConfig config, int sampleRate) {
            this.sampleRate = sampleRate;
            this.fftSize = config.fftSize(sampleRate);
            this.hop = config.hopSize(sampleRate);
            this.window = new float[fftSize];
            for (int i = 0; i < fftSize; i++) {
                // Hann window pre-multiplied by 1/32768 so 16-bit samples land in [-1, 1) in one multiply.
                window[i] = (float) ((0.5 - 0.5 * Math.cos(2 * Math.PI * i / fftSize)) / 32768.0);
            }
            this.binKhz = new float[fftSize / 2 + 1];
            for (int k = 0; k < binKhz.length; k++) {
                binKhz[k] = (float) (k * (double) sampleRate / fftSize / 1000.0);
            }
            this.filterbank = new MelFilterbank(config.melBands(), fftSize, sampleRate, config.minHz(), config.maxHz());
            this.dct = new Dct(config.melBands(), config.mfccCount());
        }
    }

    /** Per-thread reusable buffers. */
    private static final class Scratch {
        final Tables tables;
        final FFT fft;
        final int cap;
        final float[] frame;
        final float[] power;
        final float[] prefix;
        final float[] mel;
        final float[] prevMel;
        final float[] ceps;
        final float[] tracks;
        final float[] sortBuf;
        final int[] active;
        final int energyTrack;
        final float[] pair = new float[2];
        float dynamicRange;
        private long[] energyPrefix = new long[0];
        private int[] crossPrefix = new int[0];

        long[] energyPrefix(int size) {
            if (energyPrefix.length < size) {
                energyPrefix = new long[Math.max(size, energyPrefix.length * 2)];
            }
            return energyPrefix;
        }

        int[] crossPrefix(int size) {
            if (crossPrefix.length < size) {
                crossPrefix = new int[Math.max(size, crossPrefix.length * 2)];
            }
            return crossPrefix;
        }

        Scratch(Tables tables, FeatureConfig config, int cap) {
            this.tables = tables;
            this.fft = new FFT(tables.fftSize);
            this.cap = cap;
            this.frame = new float[tables.fftSize];
            this.power = new float[tables.fftSize / 2 + 1];
            this.prefix = new float[tables.fftSize / 2 + 1];
            this.mel = new float[config.melBands()];
            this.prevMel = new float[config.melBands()];
            this.ceps = new float[config.mfccCount()];
            int trackCount = config.melBands() + 2 * config.mfccCount() + SPECTRAL;
            this.tracks = new float[trackCount * cap];
            this.sortBuf = new float[cap];
            this.active = new int[cap];
            this.energyTrack = trackCount - 1;
        }
    }
}
