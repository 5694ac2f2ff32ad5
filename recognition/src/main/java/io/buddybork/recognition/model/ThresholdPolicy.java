package io.buddybork.recognition.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a tag's threshold is chosen from out-of-fold scores when the owner gave only a handful of
 * clips. Three rules, applied in order:
 *
 * <ol>
 *   <li><b>Contamination guard</b>: on a background day every unlabelled sound is a negative, so an
 *       unlabelled bark would teach that barks are unknown. Background clips scoring at least the
 *       median of the tag's own clips are left out of the negatives (at most as many as the tag has
 *       clips, and at most {@link #MAX_SUSPECT_SHARE} of the background) and reported as suspects
 *       for the owner to label.
 *   <li><b>Precision target</b>: the most lenient threshold reaching the target precision on the
 *       calibration data (positives against background and the other tags), as before.
 *   <li><b>Recall cap with a background floor</b>: with 4-5 clips the precision target often sits
 *       above most of the tag's own clips (one look-alike in the background is enough), and live
 *       sounds then never reach it. The threshold is never above the score that keeps
 *       {@link #recallFloor} of the tag's own clips, unless that would let more than
 *       {@link #backgroundAlpha} of the background through: then the background floor (the score
 *       that share of the background reaches) holds, and the tag is flagged as having too few
 *       examples to promise the target precision.
 * </ol>
 *
 * Immutable and thread-safe.
 *
 * @param targetPrecision precision the threshold aims for on the calibration data
 * @param backgroundAlpha largest share of background clips allowed at or above a lowered threshold
 * @param recallFloor share of the tag's own clips the threshold keeps when it has to choose
 * @param minPositivesForPromise clips of a tag below which no precision is promised
 */
public record ThresholdPolicy(
        double targetPrecision, double backgroundAlpha, double recallFloor, int minPositivesForPromise) {

    /** Largest share of the background the contamination guard may leave out. */
    public static final double MAX_SUSPECT_SHARE = 0.05;

    /** Default share of background that may clear a lowered threshold (1 in 100 sounds). */
    public static final double DEFAULT_BACKGROUND_ALPHA = 0.01;

    /**
     * Default share of the tag's own clips a threshold keeps. Chosen by 40 seeded rotations on two
     * draws (docs/recognition.md): 0.5 / 0.8 / 0.9 gave open-set macro-F1 0.583 / 0.616 / 0.642
     * against 0.541 for the precision target alone; with 4-5 clips 0.9 means "the lowest clip".
     */
    public static final double DEFAULT_RECALL_FLOOR = 0.9;

    /** Fewer clips than this and a tag's precision is not promised. */
    public static final int DEFAULT_MIN_POSITIVES = 8;

    public ThresholdPolicy {
        if (!(targetPrecision > 0 && targetPrecision <= 1)) {
            throw new IllegalArgumentException("targetPrecision must be in (0, 1]");
        }
        if (!(backgroundAlpha >= 0 && backgroundAlpha < 1) || !(recallFloor >= 0 && recallFloor <= 1)) {
            throw new IllegalArgumentException("backgroundAlpha in [0, 1) and recallFloor in [0, 1] needed");
        }
    }

    /** The default policy for a target precision. */
    public static ThresholdPolicy forTarget(double targetPrecision) {
        return new ThresholdPolicy(
                targetPrecision, DEFAULT_BACKGROUND_ALPHA, DEFAULT_RECALL_FLOOR, DEFAULT_MIN_POSITIVES);
    }

    /** A chosen threshold and the data it was read from. */
    public record Choice(TagThreshold threshold, TagCalibration calibration, PrCurve curve) {}

    /**
     * Chooses the threshold of one tag.
     *
     * @param tag tag name
     * @param positives out-of-fold scores of the tag's clips
     * @param background out-of-fold scores of the background clips
     * @param backgroundGroups caller's group ids of the background clips, same order
     * @param others out-of-fold scores of the other tags' clips
     */
    public Choice choose(String tag, double[] positives, double[] background, int[] backgroundGroups, double[] others) {
        double[] pos = TagCalibration.descending(positives);
        // 1. contamination guard
        List<Integer> suspectIdx = new ArrayList<>();
        if (pos.length >= 2 && background.length > 0) {
            double median = quantileDescending(pos, 0.5);
            Integer[] order = new Integer[background.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(background[b], background[a]));
            int cap = Math.min(pos.length, (int) Math.floor(MAX_SUSPECT_SHARE * background.length));
            for (int r = 0; r < order.length && suspectIdx.size() < cap; r++) {
                if (background[order[r]] >= median) {
                    suspectIdx.add(order[r]);
                } else {
                    break;
                }
            }
        }
        boolean[] left = new boolean[background.length];
        suspectIdx.forEach(i -> left[i] = true);
        double[] keptBg = java.util.stream.IntStream.range(0, background.length)
                .filter(i -> !left[i])
                .mapToDouble(i -> background[i])
                .toArray();
        int[] suspects = suspectIdx.stream().mapToInt(i -> backgroundGroups[i]).toArray();
        double[] suspectScores =
                suspectIdx.stream().mapToDouble(i -> background[i]).toArray();
        TagCalibration cal = new TagCalibration(
                tag,
                pos,
                TagCalibration.descending(keptBg),
                TagCalibration.descending(others),
                suspects,
                suspectScores);

        // 2. precision target on the calibration curve
        double[] scores = new double[pos.length + keptBg.length + others.length];
        boolean[] positive = new boolean[scores.length];
        System.arraycopy(pos, 0, scores, 0, pos.length);
        Arrays.fill(positive, 0, pos.length, true);
        System.arraycopy(keptBg, 0, scores, pos.length, keptBg.length);
        System.arraycopy(others, 0, scores, pos.length + keptBg.length, others.length);
        PrCurve curve = PrCurve.of(scores, positive);
        TagThreshold byPrecision = TagThreshold.choose(tag, curve, targetPrecision);

        // 3. recall cap, background floor
        double threshold = byPrecision.threshold();
        String basis = byPrecision.targetReached() ? TagThreshold.BASIS_PRECISION : TagThreshold.BASIS_BEST_F1;
        if (pos.length > 0) {
            double cap = quantileDescending(pos, recallFloor);
            if (threshold > cap) {
                double floor = backgroundFloor(cal.background());
                if (floor <= cap) {
                    threshold = cap;
                    basis = TagThreshold.BASIS_RECALL_CAP;
                } else if (threshold > floor) {
                    threshold = floor;
                    basis = TagThreshold.BASIS_BACKGROUND_FLOOR;
                }
            }
        }
        TagCalibration.OperatingPoint op = cal.at(threshold);
        boolean promised = byPrecision.targetReached()
                && basis.equals(TagThreshold.BASIS_PRECISION)
                && pos.length >= minPositivesForPromise;
        String warning = null;
        if (pos.length < minPositivesForPromise) {
            warning = String.format(
                    java.util.Locale.ROOT,
                    "%s has %d example%s: too few to promise precision %.2f; label at least %d",
                    tag,
                    pos.length,
                    pos.length == 1 ? "" : "s",
                    targetPrecision,
                    minPositivesForPromise);
        } else if (!promised) {
            warning = String.format(
                    java.util.Locale.ROOT,
                    "%s does not reach precision %.2f on its training data; the threshold keeps %.0f %% of its"
                            + " examples instead",
                    tag,
                    targetPrecision,
                    100 * (Double.isNaN(op.recall()) ? 0 : op.recall()));
        }
        TagThreshold chosen = new TagThreshold(
                tag,
                threshold,
                Double.isNaN(op.precision()) ? 0 : op.precision(),
                Double.isNaN(op.recall()) ? 0 : op.recall(),
                promised,
                basis,
                pos.length,
                cal.background().length,
                Double.isNaN(op.backgroundRate()) ? 0 : op.backgroundRate(),
                warning);
        return new Choice(chosen, cal, curve);
    }

    /**
     * {@code choice} with its threshold raised, when lower, to the open-space floor: the lowest
     * threshold that at most share {@code 1 - keepOut} of the tag's negatives (the kept background and
     * the other tags' clips, out of fold) reach, so that a detection is less like "not the tag" than
     * share {@code keepOut} of what the model knows not to be the tag. Unchanged without negatives.
     */
    public static Choice withOpenSpaceFloor(Choice choice, double keepOut) {
        TagCalibration cal = choice.calibration();
        double[] neg = new double[cal.background().length + cal.others().length];
        System.arraycopy(cal.background(), 0, neg, 0, cal.background().length);
        System.arraycopy(cal.others(), 0, neg, cal.background().length, cal.others().length);
        if (neg.length == 0) {
            return choice;
        }
        neg = TagCalibration.descending(neg);
        int m = (int) Math.floor((1 - keepOut) * neg.length);
        double floor = m >= neg.length ? 0 : Math.nextUp(neg[m]);
        TagThreshold old = choice.threshold();
        if (old.threshold() >= floor) {
            return choice;
        }
        TagCalibration.OperatingPoint op = cal.at(floor);
        TagThreshold raised = new TagThreshold(
                old.tag(),
                floor,
                Double.isNaN(op.precision()) ? 0 : op.precision(),
                Double.isNaN(op.recall()) ? 0 : op.recall(),
                old.targetReached(),
                TagThreshold.BASIS_OPEN_SPACE,
                old.positives(),
                old.backgroundCount(),
                Double.isNaN(op.backgroundRate()) ? 0 : op.backgroundRate(),
                old.warning());
        return new Choice(raised, cal, choice.curve());
    }

    /** The lowest threshold that at most {@link #backgroundAlpha} of the background reaches. */
    double backgroundFloor(double[] bgDescending) {
        if (bgDescending.length == 0) {
            return 0;
        }
        int m = (int) Math.floor(backgroundAlpha * bgDescending.length);
        return m >= bgDescending.length ? 0 : Math.nextUp(bgDescending[m]);
    }

    /**
     * The score that keeps share {@code q} of descending values: the value at rank ceil(q n) - 1, so
     * at least q of them are at or above it.
     */
    static double quantileDescending(double[] descending, double q) {
        int rank = Math.max(0, (int) Math.ceil(q * descending.length) - 1);
        return descending[Math.min(rank, descending.length - 1)];
    }
}
