package io.buddybork.hub.detect;

import io.buddybork.hub.validation.Reason;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;

/**
 * The paging parameters of the lists paged by a {@code <startMs>.<id>} cursor (detections,
 * episodes), as {@code @Valid @BeanParam}: {@code limit} ({@link PageLimit}) and the cursor, one
 * class per direction ({@link Forward}: {@code after}, {@link Backward}: {@code before}). A bad value
 * is 400 {@code invalid-limit} or {@code invalid-cursor} before the resource runs; the answers
 * carry the next cursor through {@link CursorPages}. Request-scoped values, not shared.
 */
public final class Paging {
    /** A cursor as the previous page's {@code Link} gives it, or empty (the first page). */
    static final String CURSOR = "([0-9]{1,15}\\.[0-9]{1,18})?";
    /** Why a cursor was refused; the parameter's name goes in front. */
    static final String CURSOR_RULE = "must be <startMs>.<id> as given by the previous page";

    private Paging() {}

    /** Pages forwards in time: {@code limit} and {@code after}. */
    public static final class Forward {
        @QueryParam("limit")
        @PageLimit
        String limit;

        @QueryParam("after")
        @Pattern(regexp = CURSOR, message = CURSOR_RULE, payload = Reason.InvalidCursor.class)
        String after;

        /** The page's size: {@code limit}, else {@code defaultSize}. */
        public int size(int defaultSize) {
            return Paging.size(limit, defaultSize, Integer.MAX_VALUE);
        }

        /** The cursor {startMs, id} to continue after, or null for the first page. */
        public long[] after() {
            return cursor(after);
        }
    }

    /** Pages backwards in time: {@code limit} and {@code before}. */
    public static final class Backward {
        @QueryParam("limit")
        @PageLimit
        String limit;

        @QueryParam("before")
        @Pattern(regexp = CURSOR, message = CURSOR_RULE, payload = Reason.InvalidCursor.class)
        String before;

        /** The page's size: {@code limit} up to {@code cap}, else {@code defaultSize}. */
        public int size(int defaultSize, int cap) {
            return Paging.size(limit, defaultSize, cap);
        }

        /** The cursor {startMs, id} to continue before, or null for the first page. */
        public long[] before() {
            return cursor(before);
        }
    }

    /** A {@link PageLimit}-checked {@code limit} up to {@code cap}, or {@code defaultSize} when absent. */
    public static int size(String limit, int defaultSize, int cap) {
        return limit == null || limit.isEmpty() ? defaultSize : Math.min(Integer.parseInt(limit), cap);
    }

    private static long[] cursor(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int dot = text.indexOf('.');
        return new long[] {Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1))};
    }
}
