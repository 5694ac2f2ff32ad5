package io.buddybork.recognition.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.buddybork.recognition.eval.OpenSetMetrics;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.TagThreshold;
import io.buddybork.recognition.model.TrainingSummary;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} that {@code eval} and {@code test} write, and that {@code eval} keeps in
 * its model's metadata. Immutable.
 *
 * @param closedSetAccuracy accuracy over the known tags (null when not a number)
 * @param aurocKnownVsUnknown known against unknown (null when not a number)
 * @param openSetMacroF1 macro F1 over the tags and unknown
 * @param perTag precision, recall, F1 and support per class
 * @param confusionMatrix true class against predicted class
 * @param featurizeRealtimeFactor audio seconds featurised per second, to one decimal
 * @param tags the model's tags
 * @param testClips clips tested
 * @param modelConfig the model's options
 * @param featureConfig the features
 * @param featureFingerprint their fingerprint
 * @param thresholds the tags' thresholds
 * @param prCurves the test PR curve per tag
 * @param training what the model was trained on
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record EvalReport(
        Double closedSetAccuracy,
        Double aurocKnownVsUnknown,
        double openSetMacroF1,
        Map<String, OpenSetMetrics.ClassScores> perTag,
        ConfusionTable confusionMatrix,
        double featurizeRealtimeFactor,
        List<String> tags,
        int testClips,
        ModelConfig modelConfig,
        FeatureConfig featureConfig,
        String featureFingerprint,
        List<TagThreshold> thresholds,
        Map<String, Curve> prCurves,
        TrainingSummary training) {

    /**
     * The confusion matrix, labelled.
     *
     * @param labels the classes, unknown last
     * @param rowsAre what rows count
     * @param columnsAre what columns count
     * @param matrix clips per true class (row) and predicted class (column)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ConfusionTable(List<String> labels, String rowsAre, String columnsAre, int[][] matrix) {}

    /**
     * A tag's test PR curve in full.
     *
     * @param averagePrecision its average precision
     * @param thresholds the thresholds, descending
     * @param precision precision at each
     * @param recall recall at each
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Curve(double averagePrecision, double[] thresholds, double[] precision, double[] recall) {}
}
