package io.buddybork.hub.annotate;

/** Request and answer bodies of the annotation API. */
public final class AnnotationRequests {
    private AnnotationRequests() {}

    /**
     * A new annotation. {@code windowStartMs}, when given (the annotator always sends it), is the
     * start of the 15 s window the region was drawn in; the region must lie inside that window.
     */
    public record Create(Long deviceId, Long startMs, Long endMs, Long tagId, Long windowStartMs) {}

    /** {@code {"tagId": 3}}: a new tag for an annotation. */
    public record Retag(Long tagId) {}

    /** Annotations of one UTC day and tag. */
    public record DailyCount(String day, long tagId, long count) {}
}
