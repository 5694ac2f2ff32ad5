package io.buddybork.recognition.model;

import java.util.Map;

/**
 * What a model was trained on and how long it took. Immutable.
 *
 * @param examplesPerTag feature vectors per tag
 * @param groupsPerTag clips/segments per tag
 * @param backgroundExamples background vectors
 * @param backgroundGroups background clips/segments
 * @param featureDimension input vector length
 * @param projectedDimension length after projection
 * @param calibrationFolds cross-fitting folds used to calibrate thresholds (0 = none)
 * @param distanceScale sigma of the distance similarity
 * @param seed training seed
 * @param trainingMillis wall-clock training time
 */
public record TrainingSummary(
        Map<String, Integer> examplesPerTag,
        Map<String, Integer> groupsPerTag,
        int backgroundExamples,
        int backgroundGroups,
        int featureDimension,
        int projectedDimension,
        int calibrationFolds,
        double distanceScale,
        long seed,
        long trainingMillis)
        implements java.io.Serializable {}
