package io.buddybork.hub.dashboard;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's read API: recent segments fill the live chart; devices count today's segments. */
@QuarkusTest
class DashboardResourceTest {

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

        Map<String, Object> row = asAdmin()
                .get("/api/v1/dashboard/devices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("find { it.id == " + device.id() + " }");
        assertThat(((Number) row.get("segmentsLastHour")).longValue()).isEqualTo(3); // 20 min ago is in the hour
        long midnight = now / 86_400_000L * 86_400_000L;
        long expectedToday =
                (old >= midnight ? 1 : 0) + (now - 9000 >= midnight ? 1 : 0) + (now - 6000 >= midnight ? 1 : 0);
        assertThat(((Number) row.get("segmentsToday")).longValue()).isEqualTo(expectedToday);
    }
}
