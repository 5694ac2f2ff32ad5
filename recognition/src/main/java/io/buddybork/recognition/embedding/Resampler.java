package io.buddybork.recognition.embedding;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion of 16-bit PCM to float samples at a target rate: a polyphase
 * windowed-sinc (Blackman window, 16 zero crossings each side, cut-off at 95 % of the lower Nyquist
 * frequency), so content above the target's Nyquist frequency is removed rather than aliased.
 * Immutable filter tables per rate pair; thread-safe.
 */
public final class Resampler {

    private static final int ZERO_CROSSINGS = 16;
    private static final double ROLLOFF = 0.95;
    private static final int MAX_PHASES = 4_096;
    private static final Map<Long, Resampler> SHARED = new ConcurrentHashMap<>();

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int halfTaps;
    private final float[][] phases;
    private final double cutoff;

    private Resampler(int inRate, int outRate) {
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        // Cut-off relative to the input rate; when downsampling the filter widens by the ratio.
        this.cutoff = ROLLOFF * Math.min(1.0, (double) outRate / inRate);
        this.halfTaps = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        if (up <= MAX_PHASES) {
            phases = new float[up][];
            for (int p = 0; p < up; p++) {
                phases[p] = taps(p / (double) up);
            }
        } else {
            phases = null; // odd rate pairs: taps computed per output sample
        }
    }

    /** The shared converter from {@code inRate} to {@code outRate}. */
    public static Resampler of(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        }
        return SHARED.computeIfAbsent(((long) inRate << 32) | outRate, k -> new Resampler(inRate, outRate));
    }

    /** Number of output samples for {@code length} input samples. */
    public int outputLength(int length) {
        return (int) ((long) length * up / down);
    }

    /** Resamples {@code pcm[offset, offset + length)}; output keeps the int16 scale. */
    public float[] apply(short[] pcm, int offset, int length) {
        int n = outputLength(length);
        float[] out = new float[n];
        if (inRate == outRate) {
            for (int i = 0; i < n; i++) {
                out[i] = pcm[offset + i];
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            long num = (long) i * down;
            int centre = (int) (num / up);
            int phase = (int) (num % up);
            float[] h = phases != null ? phases[phase] : taps(phase / (double) up);
            int first = centre - halfTaps + 1;
            double acc = 0;
            int lo = Math.max(0, -first);
            int hi = Math.min(h.length, length - first);
            for (int j = lo; j < hi; j++) {
                acc += h[j] * pcm[offset + first + j];
            }
            out[i] = (float) acc;
        }
        return out;
    }

    /** Filter taps for an output sample that lies {@code frac} input samples after its centre sample. */
    private float[] taps(double frac) {
        float[] h = new float[2 * halfTaps];
        double sum = 0;
        for (int j = 0; j < h.length; j++) {
            double t = (j - halfTaps + 1) - frac; // input offset relative to the exact output position
            double x = t * cutoff;
            double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
            double pos = (t + halfTaps) / (2.0 * halfTaps); // 0..1 across the window
            double w = pos <= 0 || pos >= 1
                    ? 0
                    : 0.42 - 0.5 * Math.cos(2 * Math.PI * pos) + 0.08 * Math.cos(4 * Math.PI * pos);
            h[j] = (float) (cutoff * sinc * w);
            sum += h[j];
        }
        // Unit DC gain for every phase, so a constant stays constant.
        for (int j = 0; j < h.length; j++) {
            h[j] = (float) (h[j] / sum);
        }
        return h;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
