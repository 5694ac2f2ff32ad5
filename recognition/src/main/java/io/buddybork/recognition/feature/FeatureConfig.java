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
 * @param stages the feature stages whose vectors are concatenated, in order: {@code stats} (the
 *     hand-made statistics), {@code oww-speech} (the bundled openWakeWord speech embedding),
 *     {@code texture} (sound-texture statistics), {@code onnx:<descriptor.json>} (an owner-supplied ONNX model); see {@link FeatureStages}
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
        int minActiveFrames,
        java.util.List<String> stages)
        implements java.io.Serializable {

    /**
     * Layout version produced by this code. 2: feature stages (hand-made statistics plus the speech
     * embedding by default); version 1 vectors were the statistics alone.
     */
    public static final int CURRENT_VERSION = 2;

    /**
     * The default stages: hand-made statistics, the openWakeWord speech embedding, then the
     * sound-texture statistics (default since issue 17's fifth pass, chosen by rotations).
     */
    public static final java.util.List<String> DEFAULT_STAGES = java.util.List.of(
            HandcraftedStatistics.STAGE,
            io.buddybork.recognition.embedding.SpeechEmbedder.STAGE,
            TextureStatistics.STAGE);

    /**
     * A configuration of the hand-made statistics stage alone (the meaning of version 1 vectors, and
     * the constructor callers of version 1 used).
     */
    public FeatureConfig(
            int version,
            double frameSeconds,
            double hopFraction,
            int melBands,
            int mfccCount,
            double minHz,
            double maxHz,
            double activeRangeDb,
            int minActiveFrames) {
        this(
                version,
                frameSeconds,
                hopFraction,
                melBands,
                mfccCount,
                minHz,
                maxHz,
                activeRangeDb,
                minActiveFrames,
                java.util.List.of(HandcraftedStatistics.STAGE));
    }

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
        // Metadata written before stages existed has none: those vectors were the statistics alone.
        stages = stages == null || stages.isEmpty()
                ? java.util.List.of(HandcraftedStatistics.STAGE)
                : java.util.List.copyOf(stages);
        if (new java.util.HashSet<>(stages).size() != stages.size()) {
            throw new IllegalArgumentException("feature stages repeat: " + stages);
        }
        stages.forEach(FeatureStages::validate);
    }

    /** The default configuration (chosen by measurement, see docs/recognition.md). */
    public static FeatureConfig defaults() {
        return new FeatureConfig(CURRENT_VERSION, 0.0232, 0.5, 40, 20, 50, 14_000, 30, 4, DEFAULT_STAGES);
    }

    /** The default parameters with the hand-made statistics alone (fast; no ONNX Runtime). */
    public static FeatureConfig statisticsOnly() {
        return defaults().withStages(java.util.List.of(HandcraftedStatistics.STAGE));
    }

    /** Copy with other stages. */
    public FeatureConfig withStages(java.util.List<String> newStages) {
        return new FeatureConfig(
                version,
                frameSeconds,
                hopFraction,
                melBands,
                mfccCount,
                minHz,
                maxHz,
                activeRangeDb,
                minActiveFrames,
                newStages);
    }

    /**
     * Stable identity of this configuration for cache keys and compatibility checks: the version,
     * every parameter, then each stage's identity and version (with its model checksum), e.g.
     * {@code v2-f0.0232-h0.5-m40-c20-50-14000-a30-n4+stats+oww-speech-e2-ba2b0e0f70d16429+texture2}.
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "v%d-f%s-h%s-m%d-c%d-%s-%s-a%s-n%d",
                version,
                num(frameSeconds),
                num(hopFraction),
                melBands,
                mfccCount,
                num(minHz),
                num(maxHz),
                num(activeRangeDb),
                minActiveFrames));
        for (String stage : stages) {
            b.append('+').append(FeatureStages.identity(stage, this));
        }
        return b.toString();
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
