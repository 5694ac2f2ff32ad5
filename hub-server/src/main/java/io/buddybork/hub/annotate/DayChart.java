package io.buddybork.hub.annotate;

/**
 * The segments of one UTC day in columns, for the annotator's day chart: element {@code i} of
 * every array describes one segment; {@code offsetMs} counts from {@code dayStartMs}. Columns keep
 * a full day of one device (28,800 segments) near 0.6 MB of JSON instead of 2.4 MB as objects.
 * Segments are addressed by device and time (the macro-segment API), so no ids are sent.
 */
public record DayChart(String day, long dayStartMs, long[] deviceId, int[] offsetMs, int[] maxAmp, int[] durationMs) {}
