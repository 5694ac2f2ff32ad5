package io.buddybork.hub.device;

/** CDI event fired after an admin's capture change was committed. */
public record CaptureStateChanged(long deviceId, boolean enabled, long version) {}
