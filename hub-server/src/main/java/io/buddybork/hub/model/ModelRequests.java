package io.buddybork.hub.model;

import io.buddybork.hub.validation.Reason;
import io.buddybork.recognition.model.ModelMetrics;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the model API ({@link ModelResource}). */
public final class ModelRequests {

    /** Reason and detail of a training request without its body. */
    static final String MISSING_TRAIN_BODY = "a JSON body with name, tagIds, train and test is required";

    private ModelRequests() {}

    /** Days of one side of a split: annotated days and background days ({@code YYYY-MM-DD}, the hub's time zone). */
    public record Split(List<String> days, List<String> backgroundDays) {}

    /** {@code POST /api/v1/models}: train a model of {@code tagIds} on the split. */
    public record Train(
            String name,

            @NotEmpty(message = "choose at least one tag (tagIds)", payload = Reason.NoTags.class)
            List<Long> tagIds,

            @NotNull(message = "train (days and backgroundDays) is required", payload = Reason.MissingField.class)
            Split train,

            Split test,
            Map<String, Object> options) {}

    /** Answer of a started training. */
    public record Started(long jobId) {}

    /** {@code PUT /api/v1/models/active}. */
    public record Activate(Long modelId) {}

    /** {@code PUT /api/v1/models/{id}}: rename. */
    public record Rename(String name) {}

    /** A tag of a model, in the classifier's output order. */
    public record ModelTag(long id, String name) {}

    /**
     * A model in the library. In lists {@code metrics} holds the headline figures; one model's view
     * holds every figure (confusion matrix, per-tag, PR curves, false alarms, time of day) and
     * {@code livePrecision}: per detected tag, the reviews of its live detections (null in lists).
     */
    public record ModelView(
            long id,
            String name,
            List<ModelTag> tags,
            boolean active,
            String created,
            ModelMetrics metrics,
            TrainingReport training,
            String filePath,
            List<io.buddybork.hub.detect.DetectionRequests.TagPrecision> livePrecision) {

        /** This view with the live precision from reviews. */
        public ModelView withLivePrecision(List<io.buddybork.hub.detect.DetectionRequests.TagPrecision> precision) {
            return new ModelView(id, name, tags, active, created, metrics, training, filePath, precision);
        }
    }

    /** State of a training job; {@code version} grows with every change (for long-polling). */
    public record JobView(
            long jobId,
            String state,
            double progress,
            String stage,
            Long modelId,
            String error,
            String name,
            String created,
            String finished,
            long version) {}

    /** A day (the hub's time zone) of the data overview: stored segments and annotations per tag id. */
    public record DayData(String day, long segments, Map<Long, Long> annotations) {}

    /** What the active model now is. */
    public record ActiveModel(Long modelId) {}

    /** The model options, with defaults. */
    public record Options(List<ModelOptions.Option> options, String featureFingerprint) {}

    /**
     * {@code PUT /api/v1/models/{id}/sensitivity}: per tag name the threshold live detection should
     * use (0 to 1), or null to go back to the trained threshold. Tags not named keep their setting.
     */
    public record SensitivityUpdate(Map<String, Double> thresholds) {}

    /**
     * The sensitivity control of a model: per tag the trained and the current threshold and what
     * each setting along the calibration data promises.
     *
     * @param soundSegmentsPerDay non-silent 3 s segments a background day held on average when the
     *     model was trained (turns a background share into false alarms per day), or null
     */
    public record SensitivityView(
            long modelId, String modelName, boolean active, Double soundSegmentsPerDay, List<TagSensitivity> tags) {}

    /**
     * One tag's sensitivity.
     *
     * @param trainedThreshold the threshold training chose
     * @param threshold the threshold live detection uses now
     * @param custom whether the owner set {@code threshold}
     * @param basis which rule chose the trained threshold
     * @param warning what the owner should know (too few examples ...), or null
     * @param points settings from the strictest to the most lenient, with their figures
     * @param current the figures at {@code threshold}
     */
    public record TagSensitivity(
            String tag,
            double trainedThreshold,
            double threshold,
            boolean custom,
            String basis,
            String warning,
            int positives,
            int background,
            List<SensitivityPoint> points,
            SensitivityPoint current) {}

    /**
     * What a threshold promises on the calibration data (out-of-fold scores of the training clips
     * and the background), with 95 % Wilson intervals and the counts behind them.
     *
     * @param falseAlarmsPerDay background share at or above the threshold times the background's
     *     sound segments per day, or null when unknown
     * @param falseAlarmsPerHour the same per hour of the day (a day's false alarms / 24), or null
     */
    public record SensitivityPoint(
            double threshold,
            Double precision,
            double precisionLow,
            double precisionHigh,
            Double recall,
            double recallLow,
            double recallHigh,
            Double backgroundShare,
            Double falseAlarmsPerDay,
            Double falseAlarmsPerHour,
            int caught,
            int examples,
            int backgroundHits,
            int backgroundSegments) {}
}
