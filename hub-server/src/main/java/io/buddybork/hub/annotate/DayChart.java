package io.buddybork.hub.annotate;

/**
 * The segments of one day in columns, for the annotator's day chart: element {@code i} of every
 * array describes one segment; {@code offsetMs} counts from {@code dayStartMs}. The day is a local
 * day of the hub's time zone, {@code [dayStartMs, dayEndMs)}: 23 or 25 hours when the clocks change. Columns keep
 * a full day of one device (28,800 segments) near 0.6 MB of JSON instead of 2.4 MB as objects.
 * Segments are addressed by device and time (the macro-segment API), so no ids are sent.
 */
public record DayChart(
        String day, long dayStartMs, long dayEndMs, long[] deviceId, int[] offsetMs, int[] maxAmp, int[] durationMs) {}
