package io.buddybork.hub.detect;

import io.buddybork.hub.validation.Reason;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Request and small response bodies of the detection API. */
public final class DetectionRequests {
    /** Reason and detail of a review without its verdict. */
    static final String MISSING_REVIEW = "review is required: \"confirmed\" or \"rejected\"";

    /** Reason and detail of a re-detect job without model or range. */
    static final String MISSING_JOB_FIELDS = "modelId, fromMs and toMs are required";

    /** Reason and detail of a summary asked for without its model. */
    static final String MISSING_MODEL_ID = "modelId is required";

    private DetectionRequests() {}

    /**
     * {@code POST /api/v1/detections/{id}/review}: {@code review} "confirmed" or "rejected";
     * {@code tagId} optional, with "rejected" only: the tag it really was (annotated over the segment).
     */
    public record Review(
            @NotNull(message = MISSING_REVIEW, payload = Reason.MissingField.class)
            @Pattern(
                    regexp = "confirmed|rejected",
                    message = "review must be \"confirmed\" or \"rejected\", got '${validatedValue}'",
                    payload = Reason.InvalidReview.class)
            String review,

            Long tagId) {}

    /** {@code POST /api/v1/detections/jobs}: score {@code [fromMs, toMs)} (optionally one device) with model {@code modelId}. */
    public record Redetect(
            @NotNull(message = MISSING_JOB_FIELDS, payload = Reason.MissingField.class)
            Long modelId,

            @NotNull(message = MISSING_JOB_FIELDS, payload = Reason.MissingField.class)
            Long fromMs,

            @NotNull(message = MISSING_JOB_FIELDS, payload = Reason.MissingField.class)
            Long toMs,

            Long deviceId) {}

    /** Detections per time bucket and tag ({@code tag} null: unknown). */
    public record Bucket(long startMs, String tag, Long tagId, long count) {}

    /** One tag's detections in a range and its most recent detection ever (for the model). */
    public record TagCount(Long tagId, String tag, long count, Long lastMs) {}

    /** Live precision of one tag of a model from reviews: confirmed / (confirmed + rejected). */
    public record TagPrecision(Long tagId, String tag, long confirmed, long rejected, Double precision) {}

    /**
     * A sound worth labelling (see {@code DetectionService.uncertain}).
     *
     * @param detection the segment's detection
     * @param reason {@code just-over-threshold}, {@code just-under-threshold} or {@code novel}
     * @param margin best score minus the best tag's threshold
     * @param threshold the threshold live detection uses for the best tag
     * @param novelty how unlike every tag and the background it sounded (null when not kept)
     * @param priority 0 to 1, higher first: how much a label would help
     */
    public record UncertainSound(
            DetectionView detection, String reason, double margin, double threshold, Double novelty, double priority) {}
}
