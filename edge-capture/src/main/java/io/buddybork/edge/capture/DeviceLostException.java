package io.buddybork.edge.capture;

import java.io.IOException;

/**
 * An open capture line stopped delivering audio (a USB microphone unplugged, the sound server gone):
 * what was read before it is good, the line must be closed and opened again.
 */
public final class DeviceLostException extends IOException {
    private static final long serialVersionUID = 1L;

    public DeviceLostException(String message) {
        super(message);
    }
}
