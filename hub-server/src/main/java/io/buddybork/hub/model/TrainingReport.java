package io.buddybork.hub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What a model was trained on, as the hub stores it (the {@code training} column) and shows it (the
 * API's {@code training}). Immutable. An imported model has the few components its file tells
 * (the rest {@code null}); a {@code null} component is left out of the JSON. Rows of older hubs
 * read: unknown keys are ignored, missing ones stay {@code null}.
 *
 * @param imported true for a model imported from a file
 * @param examplesPerTag training windows per tag
 * @param annotationsPerTag training annotations per tag
 * @param backgroundSegments background segments trained on
 * @param backgroundAvailable background segments the training days held
 * @param backgroundCap most background segments used
 * @param rejectedDetectionsUsed rejected live detections trained on as negatives
 * @param windowsWithoutAudio training windows left out for want of audio
 * @param trainDays the training days
 * @param trainBackgroundDays the days whose unlabelled audio was the training background
 * @param testDays the test days
 * @param testBackgroundDays the days whose unlabelled audio was the test background
 * @param testExamples test windows with audio
 * @param testBackgroundSegments background segments tested on
 * @param testBackgroundAvailable background segments the test days held
 * @param segmentsUsed distinct segments the training read (kept while the model exists)
 * @param backgroundSuspects background the contamination guard left out, for the owner to label
 * @param featureFingerprint the features' fingerprint
 * @param pipeline the model's pipeline in words
 * @param options the model options ({@link ModelOptions#toMap})
 * @param seed the training seed
 * @param seconds how long each step took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingReport(
        Boolean imported,
        Map<String, Integer> examplesPerTag,
        Map<String, Long> annotationsPerTag,
        Integer backgroundSegments,
        Long backgroundAvailable,
        Integer backgroundCap,
        Integer rejectedDetectionsUsed,
        Integer windowsWithoutAudio,
        List<String> trainDays,
        List<String> trainBackgroundDays,
        List<String> testDays,
        List<String> testBackgroundDays,
        Integer testExamples,
        Integer testBackgroundSegments,
        Long testBackgroundAvailable,
        Integer segmentsUsed,
        List<Suspect> backgroundSuspects,
        String featureFingerprint,
        String pipeline,
        Map<String, Object> options,
        Long seed,
        Seconds seconds) {

    /** The summary of an imported model: what its file says about its training. */
    static TrainingReport ofImport(
            Map<String, Integer> examplesPerTag,
            int backgroundSegments,
            String featureFingerprint,
            String pipeline,
            Map<String, Object> options) {
        return new TrainingReport(
                true,
                examplesPerTag,
                null,
                backgroundSegments,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                featureFingerprint,
                pipeline,
                options,
                null,
                null);
    }

    /**
     * Non-silent segments per training background day, or null when the summary does not tell
     * (imported models, rows of older hubs).
     */
    Double soundSegmentsPerDay() {
        return backgroundAvailable == null || trainBackgroundDays == null || trainBackgroundDays.isEmpty()
                ? null
                : backgroundAvailable.doubleValue() / trainBackgroundDays.size();
    }

    /**
     * A background segment that scored like a tag.
     *
     * @param tag the tag it scored like
     * @param rawId the segment
     * @param startMs where the window starts (UTC epoch ms)
     * @param score its out-of-fold score
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Suspect(String tag, long rawId, long startMs, double score) {}

    /**
     * Seconds each step of the training took.
     *
     * @param collecting finding audio
     * @param featurising computing features
     * @param fitting fitting and calibrating
     * @param testing testing
     * @param total all of it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Seconds(double collecting, double featurising, double fitting, double testing, double total) {}
}
