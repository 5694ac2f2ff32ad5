package io.buddybork.recognition.feature;

/**
 * Orthonormal DCT-II (the "ortho" norm of scipy/librosa) truncated to the first {@code outputs}
 * coefficients: {@code c[k] = s(k) * sum_m x[m] cos(pi k (m + 0.5) / M)}, {@code s(0) = sqrt(1/M)},
 * {@code s(k>0) = sqrt(2/M)}. Immutable and thread-safe.
 */
public final class Dct {

    private final int inputs;
    private final int outputs;
    private final float[] basis;

    /** Precomputes the basis for {@code inputs} values and {@code outputs} coefficients. */
    public Dct(int inputs, int outputs) {
        if (outputs > inputs) {
            throw new IllegalArgumentException("outputs " + outputs + " > inputs " + inputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        // Stored input-major so apply() accumulates all outputs side by side (vectorisable, no long add chains).
        this.basis = new float[inputs * outputs];
        for (int k = 0; k < outputs; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / inputs);
            for (int m = 0; m < inputs; m++) {
                basis[m * outputs + k] = (float) (scale * Math.cos(Math.PI * k * (m + 0.5) / inputs));
            }
        }
    }

    /** Transforms {@code in[0..inputs)} into {@code out[0..outputs)}. No allocation. */
    public void apply(float[] in, float[] out) {
        java.util.Arrays.fill(out, 0, outputs, 0f);
        for (int m = 0; m < inputs; m++) {
            float x = in[m];
            int row = m * outputs;
            for (int k = 0; k < outputs; k++) {
                out[k] += basis[row + k] * x;
            }
        }
    }
}
