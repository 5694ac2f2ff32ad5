package io.buddybork.hub.ingest;

/**
 * CDI event fired once per newly stored segment, after its row was committed (never for
 * duplicates or refusals). It is fired twice over: synchronously ({@code @Observes}, on the
 * upload's worker thread, so observers must be quick and must not throw) and asynchronously
 * ({@code @ObservesAsync}, for slower work such as scoring). Each observer kind sees it once.
 */
public record SegmentStored(long rawId, long deviceId, long startMs, int maxAmp, int durationMs) {}
