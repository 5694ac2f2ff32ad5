package io.buddybork.hub.detect;

/**
 * CDI event fired once per detection of the active model, after its row was committed (never for a
 * repeat of the same segment and model, nor for other models' re-detect jobs). It is fired
 * asynchronously only ({@code @ObservesAsync}): observers such as the episode tracker must never
 * slow scoring down. Consumers that want what the owner heard live skip {@code history} (catch-up or
 * a re-detect job scored a segment stored before the model was active) and {@code labelled} ones.
 *
 * @param detectionId the detection's row id
 * @param rawId the scored segment
 * @param deviceId the device that recorded it
 * @param modelId the model that scored it (the active one)
 * @param startMs the segment's start, epoch ms
 * @param durationMs the segment's length
 * @param tagId the detected tag, or null for an unknown sound
 * @param tag the detected tag's name, or null for an unknown sound
 * @param score the best tag's score
 * @param history the segment was stored before the model became active
 * @param labelled an annotation already covered the segment when it was scored
 */
public record DetectionStored(
        long detectionId,
        long rawId,
        long deviceId,
        long modelId,
        long startMs,
        int durationMs,
        Long tagId,
        String tag,
        double score,
        boolean history,
        boolean labelled) {

    /** Whether the owner heard it live with a known tag: what episodes and notifications count. */
    public boolean liveAndTagged() {
        return tagId != null && !history && !labelled;
    }

    static DetectionStored of(DetectionView v) {
        return new DetectionStored(
                v.id(),
                v.rawId(),
                v.deviceId(),
                v.modelId(),
                v.startMs(),
                v.durationMs(),
                v.tagId(),
                v.tag(),
                v.score(),
                v.history(),
                v.labelled());
    }
}
