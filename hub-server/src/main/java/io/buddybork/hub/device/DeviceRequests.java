package io.buddybork.hub.device;

import io.buddybork.hub.validation.Reason;
import jakarta.validation.constraints.NotNull;

/** JSON bodies accepted by the device API. */
public final class DeviceRequests {
    /** Reason and detail of a capture switch without its value (the message of the hand-written check it replaced). */
    static final String INVALID_CAPTURE = "body must be \\{\"enabled\": true|false\\}";

    private DeviceRequests() {}

    /** {@code {"name": "kitchen"}} for create and rename. */
    public record Name(String name) {}

    /** {@code {"enabled": true}} for the capture switch. */
    public record Capture(
            @NotNull(message = INVALID_CAPTURE, payload = Reason.InvalidCapture.class)
            Boolean enabled) {}
}
