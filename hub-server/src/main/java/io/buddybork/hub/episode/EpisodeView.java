package io.buddybork.hub.episode;

/**
 * An episode as the API shows it: consecutive live detections of one tag on one device with gaps
 * under the bridge.
 *
 * @param id the episode's id
 * @param deviceId the device it was heard on
 * @param deviceName the device's name
 * @param tagId the tag
 * @param tag the tag's name
 * @param startMs start of its first segment, epoch ms
 * @param endMs end of its last segment, epoch ms
 * @param durationMs {@code endMs - startMs}
 * @param segments how many detections it holds
 * @param peakScore the highest score among them
 * @param open whether it may still grow (the bridge has not passed since its last detection)
 */
public record EpisodeView(
        long id,
        long deviceId,
        String deviceName,
        long tagId,
        String tag,
        long startMs,
        long endMs,
        long durationMs,
        int segments,
        double peakScore,
        boolean open) {

    EpisodeEvent event(EpisodeEvent.Kind kind) {
        return new EpisodeEvent(kind, id, deviceId, deviceName, tagId, tag, startMs, endMs, segments, peakScore);
    }
}
