package io.buddybork.hub.dashboard;

/** A stored segment as the live chart draws it: device, start (UTC epoch ms) and max amplitude. */
public record RecentSegment(long deviceId, long startMs, int maxAmp) {}
