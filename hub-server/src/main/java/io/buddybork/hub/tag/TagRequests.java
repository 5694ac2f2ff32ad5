package io.buddybork.hub.tag;

import io.buddybork.hub.validation.Reason;
import jakarta.validation.constraints.NotNull;

/** Request bodies of the tag API. */
public final class TagRequests {
    /** Reason and detail of a request without its JSON body. */
    static final String MISSING_BODY = "a JSON body is required";

    private TagRequests() {}

    /** {@code {"name": "bark"}} to create or rename. */
    public record Name(String name) {}

    /** {@code {"into": 3}}: the tag that receives the annotations. */
    public record Merge(
            @NotNull(
                    message = "say which tag to merge into: \\{\"into\": <tag id>\\}",
                    payload = Reason.MissingTarget.class)
            Long into) {}

    /** Outcome of a delete or merge: how many annotations were deleted or moved. */
    public record Outcome(long tagId, long annotations) {}
}
