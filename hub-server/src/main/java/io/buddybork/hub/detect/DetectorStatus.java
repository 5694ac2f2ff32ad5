package io.buddybork.hub.detect;

import java.util.List;

/**
 * What live detection is doing, for the dashboard and operators: the model state ({@code none}: no
 * model is active, {@code ready}, {@code unavailable}: the active model's file cannot be used, with
 * the reason), the active model's tags and thresholds, and the work waiting.
 *
 * @param state none, ready or unavailable
 * @param modelId the active model's id (also when unavailable), or null
 * @param modelName its name, or null
 * @param reason why the model is unavailable, or null
 * @param tags tag id, name and score threshold of each of the model's tags, in classifier order
 * @param queueDepth live segments waiting to be scored
 * @param backlog segments within the catch-up horizon still to be scored by catch-up
 * @param scored segments scored since the hub started
 * @param lastScoredMs when the last segment was scored (epoch ms), or null
 * @param enabled whether detection is switched on in the configuration
 * @param catchUp the catch-up that is running, or null when none is
 * @param threads scoring threads
 * @param yielding whether scoring is paused now because uploads come first (ingest is busy)
 */
public record DetectorStatus(
        String state,
        Long modelId,
        String modelName,
        String reason,
        List<TagThresholdView> tags,
        int queueDepth,
        long backlog,
        long scored,
        Long lastScoredMs,
        boolean enabled,
        CatchUp catchUp,
        int threads,
        boolean yielding) {

    /**
     * A running catch-up: the segments of the catch-up horizon without a detection of the active
     * model (after an activation mostly recordings from before it, i.e. history) and how many of
     * them are scored.
     *
     * @param total segments it set out to score
     * @param done segments scored (or found unreadable) so far
     */
    public record CatchUp(long total, long done) {}

    /** One tag of the active model with its decision threshold. */
    public record TagThresholdView(Long tagId, String name, double threshold) {}
}
