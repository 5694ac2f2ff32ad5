package io.buddybork.recognition.model;

import java.util.Arrays;

/**
 * What a tag's threshold was chosen from: the out-of-fold scores of the tag's own training clips,
 * of the background clips (after the contamination guard left out the suspects) and of the other
 * tags' clips, all sorted from the highest down. The source of the sensitivity control's figures:
 * any threshold can be read off against them without retraining. Immutable by convention (arrays
 * are not modified after construction).
 *
 * @param tag tag name
 * @param positives out-of-fold scores of the tag's own clips, descending
 * @param background out-of-fold scores of the background clips kept for calibration, descending
 * @param others out-of-fold scores of the other tags' clips, descending
 * @param suspects caller's group ids of background clips left out because they scored like this tag
 *     (possibly unlabelled examples of it), strongest first
 * @param suspectScores their scores, same order
 */
public record TagCalibration(
        String tag, double[] positives, double[] background, double[] others, int[] suspects, double[] suspectScores)
        implements java.io.Serializable {

    /** Calibration data of a model trained without cross-fitting (too few clips): nothing to read off. */
    public static TagCalibration empty(String tag) {
        return new TagCalibration(tag, new double[0], new double[0], new double[0], new int[0], new double[0]);
    }

    /** The figures of one threshold. */
    public record OperatingPoint(
            double threshold,
            int truePositives,
            int positives,
            int backgroundHits,
            int backgroundCount,
            int otherHits,
            double precision,
            double recall,
            double backgroundRate) {}

    /** What the calibration data say about threshold {@code t} (a detection needs score >= t). */
    public OperatingPoint at(double t) {
        int tp = countAtLeast(positives, t);
        int bg = countAtLeast(background, t);
        int ot = countAtLeast(others, t);
        double precision = tp + bg + ot == 0 ? Double.NaN : (double) tp / (tp + bg + ot);
        double recall = positives.length == 0 ? Double.NaN : (double) tp / positives.length;
        double rate = background.length == 0 ? Double.NaN : (double) bg / background.length;
        return new OperatingPoint(t, tp, positives.length, bg, background.length, ot, precision, recall, rate);
    }

    /**
     * Candidate thresholds, strictest first: each distinct positive score (the most lenient setting
     * that still catches that clip), the default threshold and a few background levels, at most
     * {@code max} of them.
     */
    public double[] candidates(double defaultThreshold, int max) {
        java.util.TreeSet<Double> set = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        for (double p : positives) {
            set.add(p);
        }
        set.add(defaultThreshold);
        for (double q : new double[] {0.0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1}) {
            if (background.length > 0) {
                int m = (int) Math.floor(q * background.length);
                if (m < background.length) {
                    set.add(Math.nextUp(background[m]));
                }
            }
        }
        double[] all = set.stream().mapToDouble(Double::doubleValue).toArray();
        if (all.length <= max) {
            return all;
        }
        double[] thinned = new double[max];
        for (int i = 0; i < max; i++) {
            thinned[i] = all[(int) Math.round(i * (all.length - 1) / (double) (max - 1))];
        }
        return thinned;
    }

    private static int countAtLeast(double[] descending, double t) {
        // descending order: binary search for the first value below t
        int lo = 0;
        int hi = descending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (descending[mid] >= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Sorts a copy of {@code values} from the highest down. */
    static double[] descending(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double tmp = s[i];
            s[i] = s[j];
            s[j] = tmp;
        }
        return s;
    }
}
