package io.buddybork.hub.episode;

import java.util.List;

/**
 * What was heard in a period, per tag ("bark: 14 episodes, 6 min 20 s total, longest 2 min at
 * 14:02") and as a timeline of its episodes, for the summary section and {@code GET /api/v1/summary}.
 *
 * @param fromMs the period's start, epoch ms
 * @param toMs the period's end (exclusive), epoch ms
 * @param timeZone the hub's zone, in which pages show the times
 * @param tags one row per tag heard, the most total time first
 * @param timeline the period's episodes by start (at most {@link EpisodeService#TIMELINE_MAX})
 * @param timelineTruncated whether more episodes started in the period than the timeline holds
 */
public record EpisodeSummary(
        long fromMs, long toMs, String timeZone, List<TagTotal> tags, List<Band> timeline, boolean timelineTruncated) {

    /**
     * One tag's episodes in the period.
     *
     * @param tagId the tag
     * @param tag its name
     * @param episodes how many of its episodes started in the period
     * @param totalMs their summed durations
     * @param longestStartMs when the longest one started, epoch ms
     * @param longestMs how long the longest one lasted
     * @param longestDevice the device that heard the longest one
     */
    public record TagTotal(
            long tagId,
            String tag,
            long episodes,
            long totalMs,
            long longestStartMs,
            long longestMs,
            String longestDevice) {}

    /** One episode on the timeline. */
    public record Band(long episodeId, long tagId, String tag, long deviceId, long startMs, long endMs) {}
}
