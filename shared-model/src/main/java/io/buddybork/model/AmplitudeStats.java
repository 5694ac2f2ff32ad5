package io.buddybork.model;

/** Amplitude measures of 16-bit PCM used by the silence gate and stored with every segment. */
public final class AmplitudeStats {
    /** Full scale of signed 16-bit PCM, the reference for dBFS. */
    public static final int FULL_SCALE = 32_768;

    private AmplitudeStats() {}

    /** Largest absolute sample value, 0..32768 (the magnitude of -32768 is 32768). */
    public static int maxAbs(short[] samples) {
        return maxAbs(samples, 0, samples.length);
    }

    /** Largest absolute sample value in {@code samples[from, from + length)}. */
    public static int maxAbs(short[] samples, int from, int length) {
        int max = 0;
        for (int i = from, end = from + length; i < end; i++) {
            int v = samples[i];
            int abs = v < 0 ? -v : v;
            if (abs > max) {
                max = abs;
            }
        }
        return max;
    }

    /** The amplitude at {@code dbfs} decibels relative to full scale, rounded: -40 dBFS gives 328. */
    public static int dbfsToAmplitude(double dbfs) {
        if (Double.isNaN(dbfs) || dbfs > 0) {
            throw new IllegalArgumentException("dBFS must be 0 or negative, got " + dbfs);
        }
        return (int) Math.round(FULL_SCALE * Math.pow(10.0, dbfs / 20.0));
    }

    /** The level of {@code amplitude} in dBFS; negative infinity for 0. */
    public static double amplitudeToDbfs(int amplitude) {
        return 20.0 * Math.log10(amplitude / (double) FULL_SCALE);
    }
}
