package io.buddybork.hub.ingest;

import io.buddybork.model.SegmentNames;

/**
 * A segment's or recording's start as a request names it: UTC epoch milliseconds, plain digits, not
 * before 2000-01-01 ({@link SegmentNames#parseStartMs}); read from the text by {@link #fromString}
 * for the {@code validation.Malformed} rule of the parameter. Whether it lies in the future is the
 * service's check, against its clock.
 */
public record SegmentStart(long ms) {

    /** Reads {@code text} as a start. @throws IllegalArgumentException saying what is wrong with it */
    public static SegmentStart fromString(String text) {
        return new SegmentStart(SegmentNames.parseStartMs(text));
    }
}
