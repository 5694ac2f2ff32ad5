package io.buddybork.recognition.model;

/**
 * The decision threshold of one tag, why it was chosen and what it achieved on the calibration
 * data. Immutable. Models saved before the basis and counts existed read them as null and 0.
 *
 * @param tag tag name
 * @param threshold minimum score for a detection
 * @param precision calibration precision at the threshold
 * @param recall calibration recall at the threshold
 * @param targetReached whether the target precision is promised: reached on the calibration data,
 *     by the precision rule, with enough examples (see {@link ThresholdPolicy})
 * @param basis which rule set the threshold ({@code BASIS_*}), null for models before the policy
 * @param positives the tag's clips behind the figures
 * @param backgroundCount background clips behind the figures
 * @param backgroundRate share of those background clips at or above the threshold
 * @param warning what the owner should know about this tag's threshold, or null
 */
public record TagThreshold(
        String tag,
        double threshold,
        double precision,
        double recall,
        boolean targetReached,
        String basis,
        int positives,
        int backgroundCount,
        double backgroundRate,
        String warning)
        implements java.io.Serializable {

    /** The most lenient threshold reaching the target precision on the calibration data. */
    public static final String BASIS_PRECISION = "precision-target";

    /** The target was unreachable: the threshold with the best F1. */
    public static final String BASIS_BEST_F1 = "best-f1";

    /** Lowered so that enough of the tag's own clips clear it. */
    public static final String BASIS_RECALL_CAP = "recall-cap";

    /** Lowered as far as the background allows. */
    public static final String BASIS_BACKGROUND_FLOOR = "background-floor";

    /** Raised above a share of the tag's out-of-fold negatives ({@link ModelConfig#openSpace()}). */
    public static final String BASIS_OPEN_SPACE = "open-space";

    /** Raised to the score floor ({@link ModelConfig#scoreFloor()}). */
    public static final String BASIS_SCORE_FLOOR = "score-floor";

    /** The owner moved it with the sensitivity control. */
    public static final String BASIS_OWNER = "owner";

    /** A threshold without basis and counts (the shape of models before {@link ThresholdPolicy}). */
    public TagThreshold(String tag, double threshold, double precision, double recall, boolean targetReached) {
        this(tag, threshold, precision, recall, targetReached, null, 0, 0, 0, null);
    }

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
