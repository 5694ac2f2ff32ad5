package io.buddybork.hub.episode;

/**
 * CDI event of an episode's life (consecutive detections of one tag on one device, gaps under the
 * bridge): fired asynchronously ({@code @ObservesAsync}) after the episode's row was committed, when
 * it starts, when it grows and when it ends (no detection of its tag within the bridge). Observers
 * such as notifications must not slow detection down and must tolerate repeats after a restart.
 *
 * @param kind what happened to the episode
 * @param episodeId the episode's row id
 * @param deviceId the device it was heard on
 * @param deviceName the device's name as the owner sees it
 * @param tagId the tag's id
 * @param tag the tag's name
 * @param startMs start of its first segment, epoch ms
 * @param endMs end of its last segment so far, epoch ms
 * @param segments detections it holds so far
 * @param peakScore the highest score among them
 */
public record EpisodeEvent(
        Kind kind,
        long episodeId,
        long deviceId,
        String deviceName,
        long tagId,
        String tag,
        long startMs,
        long endMs,
        int segments,
        double peakScore) {

    /** The step in an episode's life an event reports. */
    public enum Kind {
        STARTED,
        EXTENDED,
        ENDED
    }

    /** Length of the episode so far. */
    public long durationMs() {
        return endMs - startMs;
    }
}
