package io.buddybork.hub.detect;

import io.buddybork.hub.dashboard.LiveMessage;
import java.util.Map;

/**
 * The live-feed message of a new detection: the fields of {@link DetectionView} plus
 * {@code "type": "detection"} and the time it was sent (epoch ms), so clients can measure delay;
 * catch-up also sends its detections, which clients tell from live ones by {@code history} and
 * {@code labelled}.
 */
public record DetectionEvent(
        String type,
        long id,
        long rawId,
        long deviceId,
        long startMs,
        int durationMs,
        long modelId,
        String tag,
        Long tagId,
        double score,
        String bestTag,
        Map<String, Double> scores,
        String review,
        String reviewTag,
        String reviewedBy,
        boolean history,
        boolean labelled,
        long sentMs)
        implements LiveMessage {

    static DetectionEvent of(DetectionView v) {
        return new DetectionEvent(
                "detection",
                v.id(),
                v.rawId(),
                v.deviceId(),
                v.startMs(),
                v.durationMs(),
                v.modelId(),
                v.tag(),
                v.tagId(),
                v.score(),
                v.bestTag(),
                v.scores(),
                v.review(),
                v.reviewTag(),
                v.reviewedBy(),
                v.history(),
                v.labelled(),
                System.currentTimeMillis());
    }
}
