package io.buddybork.hub.annotate;

import io.buddybork.hub.validation.PlausibleMs;
import io.buddybork.hub.validation.Reason;
import jakarta.validation.constraints.NotNull;

/** Request and answer bodies of the annotation API. */
public final class AnnotationRequests {
    /** Reason and detail of a new annotation that lacks a required field. */
    static final String MISSING_FIELDS = "deviceId, startMs, endMs and tagId are required";

    /** Reason and detail of a retag without the new tag. */
    static final String MISSING_TAG = "tagId is required";

    private AnnotationRequests() {}

    /**
     * A new annotation. {@code windowStartMs}, when given (the annotator always sends it), is the
     * start of the 15 s window the region was drawn in; the region must lie inside that window.
     */
    public record Create(
            @NotNull(message = MISSING_FIELDS, payload = Reason.MissingField.class)
            Long deviceId,

            @NotNull(message = MISSING_FIELDS, payload = Reason.MissingField.class) @PlausibleMs
            Long startMs,

            @NotNull(message = MISSING_FIELDS, payload = Reason.MissingField.class) @PlausibleMs
            Long endMs,

            @NotNull(message = MISSING_FIELDS, payload = Reason.MissingField.class)
            Long tagId,

            @PlausibleMs Long windowStartMs) {}

    /** {@code {"tagId": 3}}: a new tag for an annotation. */
    public record Retag(
            @NotNull(message = MISSING_TAG, payload = Reason.MissingField.class)
            Long tagId) {}

    /** Annotations of one day (the hub's time zone) and tag. */
    public record DailyCount(String day, long tagId, long count) {}
}
