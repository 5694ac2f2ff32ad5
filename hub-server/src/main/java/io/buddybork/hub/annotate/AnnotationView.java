package io.buddybork.hub.annotate;

/** An annotation as the API shows it; times are UTC epoch milliseconds. */
public record AnnotationView(
        long id, long deviceId, long startMs, long endMs, long tagId, String tagName, String createdBy) {}
