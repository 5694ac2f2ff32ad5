package io.buddybork.hub.tag;

/** Request bodies of the tag API. */
public final class TagRequests {
    private TagRequests() {}

    /** {@code {"name": "bark"}} to create or rename. */
    public record Name(String name) {}

    /** {@code {"into": 3}}: the tag that receives the annotations. */
    public record Merge(Long into) {}

    /** Outcome of a delete or merge: how many annotations were deleted or moved. */
    public record Outcome(long tagId, long annotations) {}
}
