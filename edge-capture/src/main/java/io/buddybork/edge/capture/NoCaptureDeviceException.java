package io.buddybork.edge.capture;

import java.io.IOException;

/**
 * This machine offers no capture device that records 44.1 kHz mono 16-bit at all (as opposed to
 * none matching the configured name): usually the service user lacks the {@code audio} group.
 */
public final class NoCaptureDeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoCaptureDeviceException(String message) {
        super(message);
    }
}
