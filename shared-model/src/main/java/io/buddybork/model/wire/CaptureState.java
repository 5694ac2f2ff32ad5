package io.buddybork.model.wire;

/**
 * The capture on/off state a device pulls from the hub. {@code version} grows with every change,
 * so a device long-polls with the version it has and is answered as soon as it differs.
 * JSON: {@code {"enabled": true, "version": 3}}.
 */
public record CaptureState(boolean enabled, long version) {}
