package io.buddybork.hub.detect;

/** Request and small response bodies of the detection API. */
public final class DetectionRequests {
    private DetectionRequests() {}

    /**
     * {@code POST /api/v1/detections/{id}/review}: {@code review} "confirmed" or "rejected";
     * {@code tagId} optional, with "rejected" only: the tag it really was (annotated over the segment).
     */
    public record Review(String review, Long tagId) {}

    /** {@code POST /api/v1/detections/jobs}: score {@code [fromMs, toMs)} (optionally one device) with model {@code modelId}. */
    public record Redetect(Long modelId, Long fromMs, Long toMs, Long deviceId) {}

    /** Detections per time bucket and tag ({@code tag} null: unknown). */
    public record Bucket(long startMs, String tag, Long tagId, long count) {}

    /** One tag's detections in a range and its most recent detection ever (for the model). */
    public record TagCount(Long tagId, String tag, long count, Long lastMs) {}

    /** Live precision of one tag of a model from reviews: confirmed / (confirmed + rejected). */
    public record TagPrecision(Long tagId, String tag, long confirmed, long rejected, Double precision) {}
}
