package io.buddybork.recognition.feature;

import java.util.Locale;

/**
 * Explicit, versioned featurisation parameters; stored with every model and part of every cache
 * key. Immutable and thread-safe.
 *
 * <p>{@link #version()} is the layout version of the feature vector: bump {@link #CURRENT_VERSION}
 * whenever the code changes what a vector means, so models and cache entries made by older code are
 * rejected or recomputed instead of silently misread.
 *
 * @param version feature-vector layout version (must equal {@link #CURRENT_VERSION} to extract)
 * @param frameSeconds analysis frame length; rounded up to a power-of-two FFT size per sample rate
 * @param hopFraction hop between frames as a fraction of the frame size (0.5 = 50 % overlap)
 * @param melBands number of triangular mel filters
 * @param mfccCount number of cepstral coefficients kept (c0 included)
 * @param minHz lower edge of the filterbank
 * @param maxHz upper edge of the filterbank (clamped to Nyquist)
 * @param activeRangeDb frames quieter than the 95th-percentile frame energy minus this many dB are
 *     treated as quiet and left out of the statistics
 * @param minActiveFrames the loudest frames always kept, so short events in silence still count
 */
public record FeatureConfig(
        int version,
        double frameSeconds,
        double hopFraction,
        int melBands,
        int mfccCount,
        double minHz,
        double maxHz,
        double activeRangeDb,
        int minActiveFrames) implements java.io.Serializable {

    /** Layout version produced by this code. */
    public static final int CURRENT_VERSION = 1;

    public FeatureConfig {
        if (frameSeconds <= 0.001 || frameSeconds > 1) {
            throw new IllegalArgumentException("frameSeconds must be in (0.001, 1], got " + frameSeconds);
        }
        if (hopFraction <= 0 || hopFraction > 1) {
            throw new IllegalArgumentException("hopFraction must be in (0, 1], got " + hopFraction);
        }
        if (melBands < 4 || melBands > 256) {
            throw new IllegalArgumentException("melBands must be in [4, 256], got " + melBands);
        }
        if (mfccCount < 2 || mfccCount > melBands) {
            throw new IllegalArgumentException("mfccCount must be in [2, melBands], got " + mfccCount);
        }
        if (minHz < 0 || maxHz <= minHz) {
            throw new IllegalArgumentException("need 0 <= minHz < maxHz, got " + minHz + ", " + maxHz);
        }
        if (activeRangeDb <= 0) {
            throw new IllegalArgumentException("activeRangeDb must be positive, got " + activeRangeDb);
        }
        if (minActiveFrames < 1) {
            throw new IllegalArgumentException("minActiveFrames must be >= 1, got " + minActiveFrames);
        }
    }

    /** The default configuration (chosen by measurement, see docs/recognition.md). */
    public static FeatureConfig defaults() {
        return new FeatureConfig(CURRENT_VERSION, 0.0232, 0.5, 40, 20, 50, 14_000, 30, 4);
    }

    /**
     * Stable identity of this configuration for cache keys and compatibility checks: the version
     * plus every parameter, e.g. {@code v1-f0.0232-h0.5-m40-c20-50-14000-a30-n4}.
     */
    public String fingerprint() {
        return String.format(Locale.ROOT, "v%d-f%s-h%s-m%d-c%d-%s-%s-a%s-n%d", version,
                num(frameSeconds), num(hopFraction), melBands, mfccCount, num(minHz), num(maxHz),
                num(activeRangeDb), minActiveFrames);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** FFT size used at the given sample rate: the next power of two of the frame length. */
    public int fftSize(int sampleRate) {
        int wanted = (int) Math.ceil(frameSeconds * sampleRate);
        return Math.max(64, Integer.highestOneBit(Math.max(1, wanted - 1)) << 1);
    }

    /** Hop in samples at the given sample rate. */
    public int hopSize(int sampleRate) {
        return Math.max(1, (int) Math.round(fftSize(sampleRate) * hopFraction));
    }

    /** Length of the segment vector produced by {@link FeatureExtractor}. */
    public int vectorLength() {
        return FeatureLayout.of(this).size();
    }
}
