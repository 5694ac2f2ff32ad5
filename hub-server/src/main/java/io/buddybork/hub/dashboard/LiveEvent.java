package io.buddybork.hub.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of the dashboard's live stream. {@code type} says what it is: {@code segment} (a new
 * segment was stored: device, start, max_amp), {@code capture} (a device's capture switch
 * changed), {@code ping} (keep-alive). Detections are sent as {@code io.buddybork.hub.detect.DetectionEvent}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveEvent(
        String type,
        Long deviceId,
        Long rawId,
        Long startMs,
        Integer maxAmp,
        Integer durationMs,
        Boolean captureEnabled,
        Long tagId,
        Double score,
        long sentMs)
        implements LiveMessage {

    static LiveEvent segment(long deviceId, long rawId, long startMs, int maxAmp, int durationMs) {
        return new LiveEvent(
                "segment", deviceId, rawId, startMs, maxAmp, durationMs, null, null, null, System.currentTimeMillis());
    }

    static LiveEvent capture(long deviceId, boolean enabled) {
        return new LiveEvent(
                "capture", deviceId, null, null, null, null, enabled, null, null, System.currentTimeMillis());
    }

    static LiveEvent ping() {
        return new LiveEvent("ping", null, null, null, null, null, null, null, null, System.currentTimeMillis());
    }
}
