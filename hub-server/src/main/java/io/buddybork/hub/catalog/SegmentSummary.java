package io.buddybork.hub.catalog;

/** One stored segment in a day listing: {@code {"id","deviceId","startMs","maxAmp","durationMs"}}. */
public record SegmentSummary(long id, long deviceId, long startMs, int maxAmp, int durationMs) {}
