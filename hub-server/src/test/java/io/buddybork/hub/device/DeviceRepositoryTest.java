package io.buddybork.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.device.DeviceRepository.LastSeen;
import io.buddybork.model.wire.CaptureState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device statements whose effect depends on the stored row: capture versions, revocation, last-seen times. */
@QuarkusTest
class DeviceRepositoryTest {

    @Inject
    DeviceRepository devices;

    private Device newDevice() throws SQLException {
        return devices.insert("repo-" + System.nanoTime(), DeviceTokens.hash(DeviceTokens.newToken()));
    }

    @Test
    void onlyASwitchThatChangesCaptureMovesTheVersionOn() throws SQLException {
        Device d = newDevice();
        assertThat(d.captureEnabled()).isTrue();
        assertThat(d.captureVersion()).isEqualTo(1);

        assertThat(devices.setCapture(d.id(), true).orElseThrow().captureVersion())
                .isEqualTo(1);
        Device off = devices.setCapture(d.id(), false).orElseThrow();

        assertThat(off.captureEnabled()).isFalse();
        assertThat(off.captureVersion()).isEqualTo(2);
        assertThat(devices.capture(d.id())).contains(new CaptureState(false, 2));
        assertThat(devices.setCapture(Long.MAX_VALUE, false)).isEmpty();
    }

    @Test
    void aSecondRevocationKeepsTheFirstTime() throws SQLException {
        Device d = newDevice();
        OffsetDateTime first = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);

        devices.revoke(d.id(), first);
        Device again = devices.revoke(d.id(), first.plusHours(1)).orElseThrow();

        assertThat(again.revoked().toInstant()).isEqualTo(first.toInstant());
        assertThat(devices.captures())
                .filteredOn(c -> c.deviceId() == d.id())
                .singleElement()
                .extracting(DeviceRepository.Capture::revoked)
                .isEqualTo(true);
    }

    @Test
    void lastSeenTimesOfSeveralDevicesAreWrittenEachToItsOwnDevice() throws SQLException {
        Device a = newDevice();
        Device b = newDevice();
        long ms = System.currentTimeMillis() / 1000 * 1000 + 123;

        devices.writeLastSeen(Map.of(a.id(), ms, b.id(), ms + 1));

        assertThat(devices.lastSeen())
                .filteredOn(s -> s.deviceId() == a.id() || s.deviceId() == b.id())
                .containsExactlyInAnyOrder(new LastSeen(a.id(), ms), new LastSeen(b.id(), ms + 1));
        assertThat(devices.find(a.id()).orElseThrow().lastSeen().toInstant().toEpochMilli())
                .isEqualTo(ms);
    }
}
