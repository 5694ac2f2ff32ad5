package io.buddybork.recognition.feature;

/**
 * Triangular mel filterbank stored sparsely (first bin + weights per filter), peak-normalised so
 * that neighbouring filters sum to one between the first and last centre frequency. Immutable and
 * thread-safe.
 *
 * <p>Filter {@code m} rises from edge {@code m} to its centre {@code m+1} and falls to edge
 * {@code m+2}, where the {@code bands + 2} edges are equally spaced on the mel scale between
 * {@code minHz} and {@code maxHz}.
 */
public final class MelFilterbank {

    private final int bands;
    private final int fftSize;
    private final double sampleRate;
    private final double[] edgesHz;
    private final int[] firstBin;
    private final float[][] weights;

    /** Builds the filterbank for power spectra of an {@code fftSize}-point FFT. */
    public MelFilterbank(int bands, int fftSize, double sampleRate, double minHz, double maxHz) {
        double nyquist = sampleRate / 2;
        double top = Math.min(maxHz, nyquist);
        if (minHz >= top) {
            throw new IllegalArgumentException("minHz " + minHz + " is not below the usable top " + top);
        }
        this.bands = bands;
        this.fftSize = fftSize;
        this.sampleRate = sampleRate;
        this.edgesHz = new double[bands + 2];
        double melLo = MelScale.hzToMel(minHz);
        double melHi = MelScale.hzToMel(top);
        for (int i = 0; i < edgesHz.length; i++) {
            edgesHz[i] = MelScale.melToHz(melLo + (melHi - melLo) * i / (bands + 1));
        }
        this.firstBin = new int[bands];
        this.weights = new float[bands][];
        int bins = fftSize / 2 + 1;
        double binHz = sampleRate / fftSize;
        for (int m = 0; m < bands; m++) {
            double lo = edgesHz[m];
            double centre = edgesHz[m + 1];
            double hi = edgesHz[m + 2];
            int from = Math.max(0, (int) Math.ceil(lo / binHz));
            int to = Math.min(bins - 1, (int) Math.floor(hi / binHz));
            // A filter narrower than one bin would be empty: give it the bin nearest its centre.
            if (to < from || weightAt(from, binHz, lo, centre, hi) <= 0 && from == to) {
                int nearest = (int) Math.min(bins - 1, Math.round(centre / binHz));
                firstBin[m] = nearest;
                weights[m] = new float[] {1f};
                continue;
            }
            float[] w = new float[to - from + 1];
            for (int k = from; k <= to; k++) {
                w[k - from] = (float) weightAt(k, binHz, lo, centre, hi);
            }
            firstBin[m] = from;
            weights[m] = w;
        }
    }

    private static double weightAt(int bin, double binHz, double lo, double centre, double hi) {
        double f = bin * binHz;
        if (f <= lo || f >= hi) {
            return 0;
        }
        return f <= centre ? (f - lo) / (centre - lo) : (hi - f) / (hi - centre);
    }

    /** Number of filters. */
    public int bands() {
        return bands;
    }

    /** FFT size the filterbank was built for. */
    public int fftSize() {
        return fftSize;
    }

    /** Sample rate the filterbank was built for. */
    public double sampleRate() {
        return sampleRate;
    }

    /** The {@code bands + 2} edge frequencies in Hz (copy). */
    public double[] edgesHz() {
        return edgesHz.clone();
    }

    /** Centre frequency of filter {@code m} in Hz. */
    public double centreHz(int m) {
        return edgesHz[m + 1];
    }

    /** Weight of FFT bin {@code bin} in filter {@code m}: the filter's shape, 0 outside its bins. */
    public double weight(int m, int bin) {
        int off = bin - firstBin[m];
        return off >= 0 && off < weights[m].length ? weights[m][off] : 0;
    }

    /** Applies the filterbank: {@code out[m] = sum_k w[m][k] * power[k]}. No allocation. */
    public void apply(float[] power, float[] out) {
        for (int m = 0; m < bands; m++) {
            float[] w = weights[m];
            int base = firstBin[m];
            float acc = 0f;
            for (int j = 0; j < w.length; j++) {
                acc += w[j] * power[base + j];
            }
            out[m] = acc;
        }
    }
}
