package io.buddybork.recognition.model;

/**
 * The decision threshold of one tag and what it achieved on the calibration data. Immutable.
 *
 * @param tag tag name
 * @param threshold minimum score for a detection
 * @param precision calibration precision at the threshold
 * @param recall calibration recall at the threshold
 * @param targetReached whether the target precision was reached (otherwise best-F1 fallback)
 */
public record TagThreshold(String tag, double threshold, double precision, double recall, boolean targetReached)
        implements java.io.Serializable {

    /**
     * Chooses the most lenient threshold whose precision reaches {@code target}; when no threshold
     * does, the one with the best F1.
     */
    public static TagThreshold choose(String tag, PrCurve curve, double target) {
        int chosen = -1;
        for (int i = 0; i < curve.thresholds().length; i++) {
            if (curve.precision()[i] >= target && curve.recall()[i] > 0) {
                chosen = i;
            }
        }
        if (chosen >= 0) {
            return new TagThreshold(
                    tag, curve.thresholds()[chosen], curve.precision()[chosen], curve.recall()[chosen], true);
        }
        double bestF1 = -1;
        int best = -1;
        for (int i = 0; i < curve.thresholds().length; i++) {
            double p = curve.precision()[i];
            double r = curve.recall()[i];
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = i;
            }
        }
        if (best < 0) {
            return new TagThreshold(tag, 0.5, 0, 0, false);
        }
        return new TagThreshold(tag, curve.thresholds()[best], curve.precision()[best], curve.recall()[best], false);
    }
}
