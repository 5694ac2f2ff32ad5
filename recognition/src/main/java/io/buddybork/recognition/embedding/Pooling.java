package io.buddybork.recognition.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the per-window vectors of an embedding model become one segment vector, and which windows
 * count: windows quieter than the loud (95th-percentile) window minus a range in dB are left out,
 * as the hand-made statistics leave out quiet frames, so a short bark in a quiet segment is not
 * averaged away. Stateless.
 */
public enum Pooling {
    /** Mean over the kept windows. */
    MEAN,
    /** Mean and standard deviation over the kept windows (the default: robust and twice as informative). */
    MEAN_STD,
    /** Mean and maximum over the kept windows. */
    MEAN_MAX;

    /** Output length for {@code dim}-dimensional window vectors. */
    public int outputLength(int dim) {
        return this == MEAN ? dim : 2 * dim;
    }

    /** Entry names, {@code prefix + statistic + index}. */
    public List<String> names(String prefix, int dim) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            out.add(prefix + "mean" + i);
        }
        if (this != MEAN) {
            String second = this == MEAN_STD ? "std" : "max";
            for (int i = 0; i < dim; i++) {
                out.add(prefix + second + i);
            }
        }
        return out;
    }

    /** Pools the rows whose {@code keep} flag is set (all rows when none is). */
    public float[] pool(float[][] rows, boolean[] keep) {
        int dim = rows[0].length;
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        boolean all = n == 0;
        if (all) {
            n = rows.length;
        }
        double[] sum = new double[dim];
        float[] max = new float[dim];
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rows.length; r++) {
            if (all || keep[r]) {
                for (int i = 0; i < dim; i++) {
                    sum[i] += rows[r][i];
                    max[i] = Math.max(max[i], rows[r][i]);
                }
            }
        }
        float[] out = new float[outputLength(dim)];
        for (int i = 0; i < dim; i++) {
            out[i] = (float) (sum[i] / n);
        }
        if (this == MEAN_MAX) {
            System.arraycopy(max, 0, out, dim, dim);
        } else if (this == MEAN_STD) {
            double[] sq = new double[dim];
            for (int r = 0; r < rows.length; r++) {
                if (all || keep[r]) {
                    for (int i = 0; i < dim; i++) {
                        double d = rows[r][i] - out[i];
                        sq[i] += d * d;
                    }
                }
            }
            for (int i = 0; i < dim; i++) {
                out[dim + i] = (float) Math.sqrt(sq[i] / n);
            }
        }
        return out;
    }

    /**
     * Flags the windows at or above (95th percentile of {@code loudnessDb} minus {@code rangeDb});
     * the loudest window always counts.
     */
    public static boolean[] nonQuiet(double[] loudnessDb, double rangeDb) {
        int n = loudnessDb.length;
        boolean[] keep = new boolean[n];
        if (n == 0) {
            return keep;
        }
        double[] sorted = loudnessDb.clone();
        Arrays.sort(sorted);
        double pos = 0.95 * (n - 1);
        int lo = (int) pos;
        double p95 = sorted[lo] + (sorted[Math.min(n - 1, lo + 1)] - sorted[lo]) * (pos - lo);
        double threshold = Math.min(p95 - rangeDb, sorted[n - 1]);
        for (int i = 0; i < n; i++) {
            keep[i] = loudnessDb[i] >= threshold;
        }
        return keep;
    }

    /** Mean power in dB (re full scale 32768) of {@code x[from, to)}; -100 for empty or silent spans. */
    public static double loudnessDb(float[] x, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        if (to <= from) {
            return -100;
        }
        double sq = 0;
        for (int i = from; i < to; i++) {
            sq += (double) x[i] * x[i];
        }
        double p = sq / (to - from) / (32768.0 * 32768.0);
        return Math.max(-100, 10 * Math.log10(p + 1e-10));
    }
}
