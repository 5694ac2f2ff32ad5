package io.buddybork.hub.ingest;

/** What an accepted upload did: stored now (201) or found identical bytes already stored (200). */
public record StoreOutcome(boolean created, long rawId, int maxAmp, int durationMs) {}
