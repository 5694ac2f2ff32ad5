package io.buddybork.hub.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule that turns an annotation (a time span on one device, not aligned to segments) into the
 * fixed-length windows a model is trained and tested on, so that training sees audio the way the
 * live detector does (one 3 s segment at a time).
 *
 * <ul>
 *   <li>A span no longer than the window is centred in one window (the window reaches half the
 *       missing length before and after it).</li>
 *   <li>A longer span becomes {@code ceil(length / window)} windows that lie inside the span, the
 *       first starting at its start and the last ending at its end, spread evenly; consecutive
 *       windows overlap when the length is not a multiple of the window, so no audio of the span is
 *       left out and none from outside it is added.</li>
 * </ul>
 * Stateless.
 */
public final class ExampleWindows {

    private ExampleWindows() {}

    /** A window {@code [startMs, startMs + lengthMs)}. */
    public record Window(long startMs, long endMs) {
        /** Length in milliseconds. */
        public long lengthMs() {
            return endMs - startMs;
        }
    }

    /** The windows of the annotated span {@code [startMs, endMs)}. */
    public static List<Window> of(long startMs, long endMs, long windowMs) {
        if (endMs <= startMs) {
            throw new IllegalArgumentException("empty span " + startMs + ".." + endMs);
        }
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + windowMs);
        }
        long length = endMs - startMs;
        if (length <= windowMs) {
            // floorDiv keeps the centre right for odd differences and for spans before 1970
            long start = startMs - Math.floorDiv(windowMs - length, 2);
            return List.of(new Window(start, start + windowMs));
        }
        int n = (int) ((length + windowMs - 1) / windowMs);
        long free = length - windowMs;
        List<Window> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long start = startMs + Math.round((double) free * i / (n - 1));
            out.add(new Window(start, start + windowMs));
        }
        return out;
    }
}
