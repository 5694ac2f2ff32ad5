package io.buddybork.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.edge.capture.NoCaptureDeviceException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What {@code --check} adds to a microphone failure depends on the failure's type, not its text. */
class ChecksTest {

    @Test
    void aMachineWithoutCaptureDevicesPointsAtTheAudioGroupOnly() {
        assertThat(Checks.microphoneHint(new NoCaptureDeviceException("no capture device (see --list-devices)")))
                .isEqualTo(" (the service user needs the 'audio' group)");
    }

    @Test
    void anyOtherMicrophoneFailurePointsAtListDevicesToo() {
        assertThat(Checks.microphoneHint(new IOException("no capture device matches 'usb'; available: 'x'")))
                .isEqualTo(" (see --list-devices; the user needs the 'audio' group)");
    }
}
