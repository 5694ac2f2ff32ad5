package io.buddybork.hub.ingest;

/** Body of a 201/200 answer to an upload: the stored segment as the hub indexed it. */
public record SegmentReceipt(long id, long deviceId, long startMs, int maxAmp, int durationMs) {}
