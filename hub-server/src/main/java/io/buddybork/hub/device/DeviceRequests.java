package io.buddybork.hub.device;

/** JSON bodies accepted by the device API. */
public final class DeviceRequests {
    private DeviceRequests() {}

    /** {@code {"name": "kitchen"}} for create and rename. */
    public record Name(String name) {}

    /** {@code {"enabled": true}} for the capture switch. */
    public record Capture(Boolean enabled) {}
}
