package io.buddybork.hub.device;

import static io.buddybork.hub.testing.HubApi.asDevice;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.HubApi.Device;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Requests only touch memory; the flush writes moved last-seen times to {@code device.last_seen}, never backwards. */
@QuarkusTest
class DeviceActivityTest {

    @Inject
    DeviceActivity activity;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAuthenticatedRequestIsRememberedAtOnceAndWrittenByTheNextFlush() throws SQLException {
        Device d = createDevice("activity-written");
        long before = System.currentTimeMillis();

        asDevice(d.token()).get("/api/v1/capture-state?wait=0").then().statusCode(200);

        assertThat(activity.lastSeenMs(d.id())).isPresent();
        long seen = activity.lastSeenMs(d.id()).getAsLong();
        assertThat(seen).isBetween(before, System.currentTimeMillis());
        activity.flush();
        assertThat(lastSeenInDatabase(d.id())).isEqualTo(seen);
    }

    @Test
    void aFlushWritesOnlyTimesThatMovedSinceThePreviousOne() throws SQLException {
        Device d = createDevice("activity-unchanged");
        activity.seen(d.id());
        activity.flush();
        setLastSeenInDatabase(d.id(), null); // so that any further write would show

        activity.flush();

        assertThat(lastSeenInDatabase(d.id())).isNull();
        activity.seen(d.id());
        activity.flush();
        assertThat(lastSeenInDatabase(d.id()))
                .isEqualTo(activity.lastSeenMs(d.id()).getAsLong());
    }

    @Test
    void aFlushNeverMovesTheStoredTimeBackwards() throws SQLException {
        Device d = createDevice("activity-backwards");
        long later = Instant.now().plusSeconds(3600).toEpochMilli();
        setLastSeenInDatabase(d.id(), later); // e.g. written by a hub whose clock ran ahead

        activity.seen(d.id());
        activity.flush();

        assertThat(lastSeenInDatabase(d.id())).isEqualTo(later);
    }

    @Test
    void anUnknownDeviceHasNoLastSeenTime() {
        assertThat(activity.lastSeenMs(Long.MAX_VALUE)).isEmpty();
    }

    private Long lastSeenInDatabase(long deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select last_seen from device where id = ?")) {
            q.setLong(1, deviceId);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("device %d exists", deviceId).isTrue();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.getTime();
            }
        }
    }

    private void setLastSeenInDatabase(long deviceId, Long ms) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement u = c.prepareStatement("update device set last_seen = ? where id = ?")) {
            u.setTimestamp(1, ms == null ? null : new Timestamp(ms));
            u.setLong(2, deviceId);
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
    }
}
