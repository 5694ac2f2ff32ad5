package io.buddybork.recognition.model;

import java.util.List;

/**
 * Per-tag affine map {@code s' = scale s + offset} (clamped to [0, 1]) that puts every tag's scores
 * on a common scale ({@link ModelConfig.ScoreCalibration}), read off the out-of-fold scores of each
 * tag's negatives. Immutable by convention (arrays are not modified after construction).
 *
 * <p>Why: the best tag's score is what says "known" or "never heard". A tag whose negatives already
 * score high (a loose tag, or one that resembles many sounds) wins that comparison for unknown sounds
 * more often than a tight one. Centring (and with a z-score, scaling) each tag on its own negatives
 * asks instead "how far above the sounds that are not this tag", which compares across tags. With
 * the z-score this is the Gaussian form of extreme-value calibration: the tail probability of a
 * Gaussian fitted to the negatives is a monotone function of the z-score, so it ranks the same.
 *
 * @param scale per tag, the factor
 * @param offset per tag, the term added
 */
record TagScoreMap(double[] scale, double[] offset) {

    /**
     * Prior weight, in clips, of the spread pooled over the tags when a tag's negatives' spread is
     * estimated (a few clips give a noisy standard deviation, and dividing by a small one would blow
     * up the tag's scores).
     */
    static final double SPREAD_PRIOR_CLIPS = 4;

    TagScoreMap {
        PosteriorModel.require(
                scale != null && offset != null && scale.length == offset.length, "need one scale and offset per tag");
        for (int t = 0; t < scale.length; t++) {
            PosteriorModel.require(
                    Double.isFinite(scale[t]) && scale[t] > 0 && Double.isFinite(offset[t]),
                    "the score map of tag " + t + " must have a positive finite scale and a finite offset");
        }
    }

    /**
     * The map of {@code kind} with weight {@code weight} from each tag's out-of-fold scores: its
     * background clips' ({@code background.get(t)}) and the other tags' clips' ({@code others.get(t)}).
     * A tag without negatives keeps its scores (the common centre and spread are those of the tags
     * that have them). Null for {@code NONE}, weight 0, or when no tag has negatives.
     */
    static TagScoreMap fit(
            ModelConfig.ScoreCalibration kind, double weight, List<double[]> background, List<double[]> others) {
        if (kind == ModelConfig.ScoreCalibration.NONE || weight == 0) {
            return null;
        }
        boolean negatives = kind == ModelConfig.ScoreCalibration.NEGATIVES_SHIFT
                || kind == ModelConfig.ScoreCalibration.NEGATIVES_Z;
        boolean z =
                kind == ModelConfig.ScoreCalibration.BACKGROUND_Z || kind == ModelConfig.ScoreCalibration.NEGATIVES_Z;
        int k = background.size();
        double[] mean = new double[k];
        double[] var = new double[k];
        int[] n = new int[k];
        for (int t = 0; t < k; t++) {
            double sum = 0;
            double sq = 0;
            for (double[] part : negatives ? List.of(background.get(t), others.get(t)) : List.of(background.get(t))) {
                for (double s : part) {
                    sum += s;
                    sq += s * s;
                    n[t]++;
                }
            }
            if (n[t] > 0) {
                mean[t] = sum / n[t];
                var[t] = Math.max(0, sq / n[t] - mean[t] * mean[t]);
            }
        }
        double centre = 0;
        double pooledVar = 0;
        int defined = 0;
        for (int t = 0; t < k; t++) {
            if (n[t] > 0) {
                centre += mean[t];
                pooledVar += var[t];
                defined++;
            }
        }
        if (defined == 0) {
            return null;
        }
        centre /= defined;
        pooledVar /= defined;
        double pooled = Math.sqrt(pooledVar);
        double[] scale = new double[k];
        double[] offset = new double[k];
        for (int t = 0; t < k; t++) {
            if (n[t] == 0) {
                scale[t] = 1;
                continue;
            }
            double ratio = 1;
            if (z && pooled > 0) {
                double sd = Math.sqrt((n[t] * var[t] + SPREAD_PRIOR_CLIPS * pooledVar) / (n[t] + SPREAD_PRIOR_CLIPS));
                ratio = pooled / sd;
            }
            // Full map: centre + ratio (s - mean); moved towards it by the weight.
            scale[t] = (1 - weight) + weight * ratio;
            offset[t] = weight * (centre - ratio * mean[t]);
        }
        return new TagScoreMap(scale, offset);
    }

    /** Tag count. */
    int size() {
        return scale.length;
    }

    /** The mapped copy of per-tag scores {@code s}. */
    double[] apply(double[] s) {
        double[] out = new double[s.length];
        for (int t = 0; t < s.length; t++) {
            out[t] = Math.max(0, Math.min(1, scale[t] * s[t] + offset[t]));
        }
        return out;
    }

    /** The flat form a model file stores: the scales, then the offsets. */
    double[] flat() {
        double[] out = new double[2 * scale.length];
        System.arraycopy(scale, 0, out, 0, scale.length);
        System.arraycopy(offset, 0, out, scale.length, offset.length);
        return out;
    }

    /** The map from its {@link #flat()} form. */
    static TagScoreMap ofFlat(double[] flat) {
        PosteriorModel.require(flat.length % 2 == 0, "the score map needs a scale and an offset per tag");
        int k = flat.length / 2;
        return new TagScoreMap(java.util.Arrays.copyOf(flat, k), java.util.Arrays.copyOfRange(flat, k, 2 * k));
    }
}
