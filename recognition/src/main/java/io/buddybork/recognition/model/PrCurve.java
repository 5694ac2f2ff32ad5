package io.buddybork.recognition.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Precision-recall curve of one tag's score: one point per distinct score threshold, from the
 * strictest to the most lenient. Immutable by convention (arrays are not modified).
 *
 * @param thresholds score thresholds, descending
 * @param precision precision when predicting the tag at score >= threshold
 * @param recall recall at that threshold
 * @param positives number of positive examples
 */
public record PrCurve(double[] thresholds, double[] precision, double[] recall, int positives)
        implements java.io.Serializable {

    /** Builds the curve of {@code scores} against {@code positive} flags. */
    public static PrCurve of(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        int pos = 0;
        for (boolean p : positive) {
            if (p) {
                pos++;
            }
        }
        List<double[]> points = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = r == order.length - 1 || scores[order[r + 1]] != scores[i];
            if (lastOfTie) {
                points.add(new double[] {scores[i], (double) tp / (tp + fp), pos == 0 ? 0 : (double) tp / pos});
            }
        }
        double[] t = new double[points.size()];
        double[] p = new double[points.size()];
        double[] rc = new double[points.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = points.get(i)[0];
            p[i] = points.get(i)[1];
            rc[i] = points.get(i)[2];
        }
        return new PrCurve(t, p, rc, pos);
    }

    /** Area under the curve by step-wise interpolation (average precision). */
    public double averagePrecision() {
        double ap = 0;
        double prevRecall = 0;
        for (int i = 0; i < recall.length; i++) {
            ap += (recall[i] - prevRecall) * precision[i];
            prevRecall = recall[i];
        }
        return ap;
    }
}
