package io.buddybork.recognition.augment;

/**
 * Mixes a labelled example with background audio at a given signal-to-background ratio, gain and
 * circular shift (16-bit PCM in, 16-bit PCM out). Stateless and thread-safe.
 */
public final class BackgroundMix {

    private BackgroundMix() {}

    /** Mean square of {@code x} (0 for an empty array). */
    public static double energy(short[] x) {
        if (x.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short v : x) {
            sum += (double) v * v;
        }
        return sum / x.length;
    }

    /**
     * {@code gain * (shifted signal + k * background)}, as long as {@code signal}: the signal rotated
     * left by {@code shift} samples; the background read from {@code backgroundOffset}, wrapping
     * around when it is shorter than the signal; {@code k} chosen so that the mean-square ratio of
     * signal to scaled background is {@code snrDb}; the gain lowered where needed so the mix does
     * not clip. A silent background adds nothing; a silent signal stays silent.
     */
    public static short[] mix(
            short[] signal, short[] background, int backgroundOffset, int shift, double snrDb, double gainDb) {
        int n = signal.length;
        double[] out = new double[n];
        if (n == 0) {
            return new short[0];
        }
        int s = Math.floorMod(shift, n);
        for (int i = 0; i < n; i++) {
            out[i] = signal[(i + s) % n];
        }
        double es = energy(signal);
        int m = background.length;
        if (m > 0 && es > 0) {
            double eb = 0;
            int start = Math.floorMod(backgroundOffset, m);
            for (int i = 0; i < n; i++) {
                double b = background[(start + i) % m];
                eb += b * b;
            }
            eb /= n;
            if (eb > 0) {
                double k = Math.sqrt(es / (eb * Math.pow(10, snrDb / 10)));
                for (int i = 0; i < n; i++) {
                    out[i] += k * background[(start + i) % m];
                }
            }
        }
        double peak = 0;
        for (double v : out) {
            peak = Math.max(peak, Math.abs(v));
        }
        double gain = Math.pow(10, gainDb / 20);
        if (peak * gain > Short.MAX_VALUE) {
            gain = Short.MAX_VALUE / peak;
        }
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(out[i] * gain)));
        }
        return pcm;
    }
}
