package io.buddybork.edge.gate;

import io.buddybork.model.AmplitudeStats;

/**
 * Drops silent segments: a segment passes when its largest absolute sample reaches the threshold.
 * The default threshold is -40 dBFS, an amplitude of 328. Immutable and thread-safe.
 */
public final class SilenceGate {
    /** Default threshold in dBFS. */
    public static final double DEFAULT_DBFS = -40.0;

    private final int threshold;

    /** A gate passing segments whose max |sample| is at least {@code threshold} (0 passes everything). */
    public SilenceGate(int threshold) {
        if (threshold < 0 || threshold > AmplitudeStats.FULL_SCALE) {
            throw new IllegalArgumentException("silence threshold must be an amplitude between 0 and "
                    + AmplitudeStats.FULL_SCALE + ", got " + threshold);
        }
        this.threshold = threshold;
    }

    /** A gate at {@code dbfs} decibels relative to full scale, e.g. -40. */
    public static SilenceGate ofDbfs(double dbfs) {
        return new SilenceGate(AmplitudeStats.dbfsToAmplitude(dbfs));
    }

    /** The threshold amplitude. */
    public int threshold() {
        return threshold;
    }

    /** Whether a segment with this max |sample| is kept. */
    public boolean passes(int maxAbs) {
        return maxAbs >= threshold;
    }

    @Override
    public String toString() {
        return "amplitude " + threshold
                + String.format(
                        java.util.Locale.ROOT, " (%.1f dBFS)", AmplitudeStats.amplitudeToDbfs(Math.max(threshold, 1)));
    }
}
