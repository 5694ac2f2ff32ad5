package io.buddybork.hub.validation;

import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The reason code a Bean Validation constraint answers with, given as its payload:
 * {@code @NotNull(message = "tagId is required", payload = Reason.MissingField.class)} answers 400
 * {@code missing-field} with that detail ({@link ConstraintProblems}). A code is a type, so a
 * misspelt one does not compile and none hides in the text for people. A constraint of the hub's
 * own (such as {@link PlausibleMs}) carries its code on its declaration instead, as Bean
 * Validation wants a constraint's default payload empty.
 */
public interface Reason extends Payload {

    /** The code a reason (or a constraint of the hub's own) stands for, as the problem body's {@code code}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @interface Code {
        String value();
    }

    /** A required field of a JSON body is absent. */
    @Code("missing-field")
    interface MissingField extends Reason {}

    /** The JSON body is absent. */
    @Code("missing-body")
    interface MissingBody extends Reason {}

    /** The {@code deviceId} parameter is absent. */
    @Code("missing-device")
    interface MissingDevice extends Reason {}

    /** A time parameter is absent. */
    @Code("missing-time")
    interface MissingTime extends Reason {}

    /** The {@code modelId} parameter is absent or blank. */
    @Code("missing-model-id")
    interface MissingModelId extends Reason {}

    /** A tag merge names no tag to merge into. */
    @Code("missing-target")
    interface MissingTarget extends Reason {}

    /** A model request chooses no tag. */
    @Code("no-tags")
    interface NoTags extends Reason {}

    /** A capture switch is not {@code {"enabled": true|false}}. */
    @Code("invalid-capture")
    interface InvalidCapture extends Reason {}

    /** A review is neither confirmed nor rejected. */
    @Code("invalid-review")
    interface InvalidReview extends Reason {}

    /** A long-poll wait is out of range or not a number. */
    @Code("invalid-wait")
    interface InvalidWait extends Reason {}

    /** A paging cursor is not {@code <startMs>.<id>}. */
    @Code("invalid-cursor")
    interface InvalidCursor extends Reason {}

    /** A long-poll version is not a number. */
    @Code("invalid-version")
    interface InvalidVersion extends Reason {}

    /** A required end of a time range ({@code from}, {@code to}) is absent. */
    @Code("missing-range")
    interface MissingRange extends Reason {}

    /** A time range's {@code to} is not after its {@code from}. */
    @Code("invalid-range")
    interface InvalidRange extends Reason {}

    /** A time range is longer than the hub reads at once. */
    @Code("range-too-long")
    interface RangeTooLong extends Reason {}

    /** A summary's {@code since} is none of the periods it names. */
    @Code("invalid-since")
    interface InvalidSince extends Reason {}
}
