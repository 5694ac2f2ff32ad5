package io.buddybork.recognition.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Feature vectors with their tag index ({@link #BACKGROUND} for unannotated background) and group
 * (the clip or segment a vector came from: windows of one clip share a group and are scored
 * together). Immutable by convention: callers must not modify the arrays after construction.
 *
 * @param tags known tag names; {@code labels} index into it
 * @param features one vector per example
 * @param labels tag index or {@link #BACKGROUND}
 * @param groups group id per example
 * @param times capture time per example, or {@code null} entries when unknown
 * @param augmented per example, whether it was made by augmentation (a mix of a labelled example):
 *     augmented examples are fitted on but not scored when thresholds are calibrated
 * @param sessions per example, the recording session it belongs to (the source recording of a clip,
 *     or on the hub a contiguous stretch of one tag's annotations); {@code null} = each group is its own
 *     session. Examples of one group must share a session. Calibration folds keep a session together
 *     when the configuration asks for it ({@link ModelConfig.CalibrationFolds#SESSION})
 */
public record TrainingSet(
        List<String> tags,
        float[][] features,
        int[] labels,
        int[] groups,
        Instant[] times,
        boolean[] augmented,
        int[] sessions) {

    /** Label of background (unannotated) examples. */
    public static final int BACKGROUND = -1;

    public TrainingSet {
        tags = List.copyOf(tags);
        if (augmented == null) {
            augmented = new boolean[labels.length];
        }
        if (sessions == null) {
            sessions = groups.clone();
        }
        if (features.length != labels.length
                || labels.length != groups.length
                || groups.length != times.length
                || times.length != augmented.length
                || augmented.length != sessions.length) {
            throw new IllegalArgumentException(
                    "features, labels, groups, times, augmented and sessions differ in length");
        }
        java.util.Map<Integer, Integer> sessionOfGroup = new java.util.HashMap<>();
        for (int i = 0; i < groups.length; i++) {
            Integer before = sessionOfGroup.putIfAbsent(groups[i], sessions[i]);
            if (before != null && before != sessions[i]) {
                throw new IllegalArgumentException("group " + groups[i] + " spans sessions " + before + " and "
                        + sessions[i] + "; the examples of one group must share a session");
            }
        }
        if (new HashSet<>(tags).size() != tags.size()) {
            throw new IllegalArgumentException("duplicate tag names: " + tags);
        }
        int dim = features.length == 0 ? 0 : features[0].length;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != dim) {
                throw new IllegalArgumentException(
                        "example " + i + " has " + features[i].length + " features, expected " + dim);
            }
            if (labels[i] < BACKGROUND || labels[i] >= tags.size()) {
                throw new IllegalArgumentException("example " + i + " has label " + labels[i]);
            }
        }
    }

    /** A set of recorded examples only (none augmented), each group its own session. */
    public TrainingSet(List<String> tags, float[][] features, int[] labels, int[] groups, Instant[] times) {
        this(tags, features, labels, groups, times, null, null);
    }

    /** A set whose groups are each their own session. */
    public TrainingSet(
            List<String> tags, float[][] features, int[] labels, int[] groups, Instant[] times, boolean[] augmented) {
        this(tags, features, labels, groups, times, augmented, null);
    }

    /** A set whose examples each form their own group and have no timestamps. */
    public static TrainingSet of(List<String> tags, float[][] features, int[] labels) {
        int[] groups = new int[labels.length];
        Arrays.setAll(groups, i -> i);
        return new TrainingSet(tags, features, labels, groups, new Instant[labels.length]);
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Feature dimension. */
    public int dimension() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /** Examples per tag (index = tag index). */
    public int[] countsPerTag() {
        int[] counts = new int[tags.size()];
        for (int l : labels) {
            if (l >= 0) {
                counts[l]++;
            }
        }
        return counts;
    }

    /** Number of background examples. */
    public int backgroundCount() {
        return (int) Arrays.stream(labels).filter(l -> l == BACKGROUND).count();
    }
}
