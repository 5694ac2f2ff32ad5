package io.buddybork.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * Names segments by their UTC start time in milliseconds, the key shared by edge spool files, the
 * upload URL and the hub's storage layout {@code raw/<device>/<yyyy>/<mm>/<dd>/<startMs>.wav}.
 * Parsing is strict so that no file name or URL parameter can smuggle a path.
 */
public final class SegmentNames {
    /** Suffix of every segment file. */
    public static final String EXTENSION = ".wav";
    /** Earliest start time accepted anywhere: 2000-01-01T00:00:00Z. */
    public static final long EARLIEST_START_MS = 946_684_800_000L;

    private static final Pattern START_MS = Pattern.compile("[0-9]{1,15}");
    private static final Pattern DEVICE_KEY = Pattern.compile("[0-9]{1,18}");

    private SegmentNames() {}

    /** The file name of a segment starting at {@code startMs}, e.g. {@code 1732480000000.wav}. */
    public static String fileName(long startMs) {
        requireValidStart(startMs);
        return startMs + EXTENSION;
    }

    /**
     * Parses a start time given as decimal milliseconds (URL parameter or file name without
     * extension).
     *
     * @throws IllegalArgumentException naming the fault when the text is not plain digits or the
     *     time is before 2000-01-01
     */
    public static long parseStartMs(String text) {
        if (text == null || !START_MS.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "start time must be UTC milliseconds as plain digits, got '" + abbreviate(text) + "'");
        }
        long startMs = Long.parseLong(text);
        requireValidStart(startMs);
        return startMs;
    }

    /**
     * Parses a segment file name such as {@code 1732480000000.wav}.
     *
     * @throws IllegalArgumentException when the name is not {@code <digits>.wav}
     */
    public static long parseFileName(String fileName) {
        if (fileName == null || !fileName.endsWith(EXTENSION)) {
            throw new IllegalArgumentException("not a segment file name: '" + abbreviate(fileName) + "'");
        }
        return parseStartMs(fileName.substring(0, fileName.length() - EXTENSION.length()));
    }

    /**
     * The storage path of a segment relative to the data root, with '/' separators:
     * {@code raw/<deviceId>/<yyyy>/<mm>/<dd>/<startMs>.wav}, the date being the UTC day of the start.
     */
    public static String relativePath(long deviceId, long startMs) {
        String device = Long.toString(deviceId);
        if (!DEVICE_KEY.matcher(device).matches()) {
            throw new IllegalArgumentException("device id must be a non-negative number, got " + deviceId);
        }
        ZonedDateTime day = Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC);
        return String.format(
                "raw/%s/%04d/%02d/%02d/%s",
                device, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), fileName(startMs));
    }

    private static void requireValidStart(long startMs) {
        if (startMs < EARLIEST_START_MS) {
            throw new IllegalArgumentException("start time " + startMs + " ms is before 2000-01-01T00:00:00Z");
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
