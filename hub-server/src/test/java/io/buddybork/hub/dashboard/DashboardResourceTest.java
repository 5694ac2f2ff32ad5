package io.buddybork.hub.dashboard;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's read API ({@code /api/v1/dashboard/...}, what dashboard.js shows): recent
 * segments fill the live chart; each device's row says whether it is online (seen within the
 * online window, 2 minutes) and counts its segments of the last hour and of today.
 */
@QuarkusTest
class DashboardResourceTest {
    private static final long MINUTE = 60_000L;

    @Inject
    AgroalDataSource ds;

    @Test
    void recentSegmentsListTheLastMinutesOldestFirstAndDevicesCountToday() {
        Device device = createDevice("dash-" + System.nanoTime() % 100000);
        long now = System.currentTimeMillis() / 3000 * 3000;
        long old = now - 20 * 60_000L; // outside a ten-minute window
        upload(device.token(), old, TestWavs.segment(3000, 4000, 1)).then().statusCode(201);
        upload(device.token(), now - 9000, TestWavs.segment(3000, 7000, 2))
                .then()
                .statusCode(201);
        upload(device.token(), now - 6000, TestWavs.segment(3000, 8000, 3))
                .then()
                .statusCode(201);

        List<Map<String, Object>> recent = asAdmin()
                .get("/api/v1/dashboard/recent-segments?seconds=600")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.deviceId == " + device.id() + " }");
        assertThat(recent)
                .extracting(r -> ((Number) r.get("startMs")).longValue())
                .containsExactly(now - 9000, now - 6000);
        assertThat(recent).extracting(r -> r.get("maxAmp")).containsExactly(7000, 8000);

        Map<String, Object> row = devicesRow(device.id());
        assertThat(((Number) row.get("segmentsLastHour")).longValue()).isEqualTo(3); // 20 min ago is in the hour
        long midnight = now / 86_400_000L * 86_400_000L;
        long expectedToday =
                (old >= midnight ? 1 : 0) + (now - 9000 >= midnight ? 1 : 0) + (now - 6000 >= midnight ? 1 : 0);
        assertThat(((Number) row.get("segmentsToday")).longValue()).isEqualTo(expectedToday);
    }

    @Test
    void aDeviceIsOnlineFromItsFirstUploadAndNeverSeenOneIsOffline() {
        Device device = createDevice("dash-online-" + System.nanoTime() % 100000);
        Map<String, Object> before = devicesRow(device.id());
        assertThat(before.get("online")).isEqualTo(false);
        assertThat(before.get("lastSeenMs")).isNull();

        long uploadedAt = System.currentTimeMillis();
        upload(device.token(), uploadedAt / 3000 * 3000 - 3000, TestWavs.segment(1))
                .then()
                .statusCode(201);

        Map<String, Object> after = devicesRow(device.id());
        assertThat(after.get("online")).isEqualTo(true);
        assertThat(lastSeen(after)).isBetween(uploadedAt, System.currentTimeMillis());
    }

    @Test
    void aDeviceLastSeenWithinTheOnlineWindowIsOnlineAndOneSeenEarlierIsOffline() {
        // devices that have not called this hub process: their last-seen time is the stored one
        Device recent = createDevice("dash-recent-" + System.nanoTime() % 100000);
        Device earlier = createDevice("dash-earlier-" + System.nanoTime() % 100000);
        long now = System.currentTimeMillis();
        setStoredLastSeen(recent.id(), now - MINUTE);
        setStoredLastSeen(earlier.id(), now - 10 * MINUTE);

        Map<String, Object> recentRow = devicesRow(recent.id());
        assertThat(recentRow.get("online")).isEqualTo(true);
        assertThat(lastSeen(recentRow)).isEqualTo(now - MINUTE);
        Map<String, Object> earlierRow = devicesRow(earlier.id());
        assertThat(earlierRow.get("online")).isEqualTo(false);
        assertThat(lastSeen(earlierRow)).isEqualTo(now - 10 * MINUTE);
    }

    @Test
    void aRevokedDeviceIsOfflineThoughItWasJustSeen() {
        Device device = createDevice("dash-revoked-" + System.nanoTime() % 100000);
        upload(device.token(), System.currentTimeMillis() / 3000 * 3000 - 3000, TestWavs.segment(2))
                .then()
                .statusCode(201);

        asAdmin().post("/api/v1/devices/" + device.id() + "/revoke").then().statusCode(200);

        Map<String, Object> row = devicesRow(device.id());
        assertThat(row.get("revoked")).isEqualTo(true);
        assertThat(row.get("online")).isEqualTo(false);
    }

    @Test
    void theLastHourCountsOnlyThisDevicesSegmentsThatStartedWithinTheHour() {
        Device device = createDevice("dash-hour-" + System.nanoTime() % 100000);
        Device other = createDevice("dash-hour-other-" + System.nanoTime() % 100000);
        long now = System.currentTimeMillis() / 3000 * 3000;
        for (long start : new long[] {now - 3000, now - 30 * MINUTE, now - 58 * MINUTE}) {
            upload(device.token(), start, TestWavs.segment(3000, 5000, start))
                    .then()
                    .statusCode(201);
        }
        for (long start : new long[] {now - 62 * MINUTE, now - 3 * 60 * MINUTE}) { // before the hour
            upload(device.token(), start, TestWavs.segment(3000, 5000, start))
                    .then()
                    .statusCode(201);
        }
        upload(other.token(), now - 3000, TestWavs.segment(3)).then().statusCode(201);

        assertThat(((Number) devicesRow(device.id()).get("segmentsLastHour")).longValue())
                .isEqualTo(3);
        assertThat(((Number) devicesRow(other.id()).get("segmentsLastHour")).longValue())
                .isEqualTo(1);
    }

    /** The dashboard's row of device {@code id}. */
    private static Map<String, Object> devicesRow(long id) {
        Map<String, Object> row = asAdmin()
                .get("/api/v1/dashboard/devices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("find { it.id == " + id + " }");
        assertThat(row).as("row of device " + id).isNotNull();
        return row;
    }

    private static long lastSeen(Map<String, Object> row) {
        return ((Number) row.get("lastSeenMs")).longValue();
    }

    private void setStoredLastSeen(long deviceId, long ms) {
        Db.update(
                ds,
                "update device set last_seen = ? where id = ?",
                Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC),
                deviceId);
    }
}
