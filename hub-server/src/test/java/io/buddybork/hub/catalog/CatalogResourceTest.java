package io.buddybork.hub.catalog;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogResourceTest {

    /** 2024-03-10 and 2024-03-11 in UTC; 23:59:58 and 00:00:01 sit on both sides of midnight. */
    private static final long DAY1_LATE = LocalDate.of(2024, 3, 10)
            .atTime(23, 59, 58)
            .toInstant(ZoneOffset.UTC)
            .toEpochMilli();

    private static final long DAY2_EARLY =
            LocalDate.of(2024, 3, 11).atTime(0, 0, 1).toInstant(ZoneOffset.UTC).toEpochMilli();

    @Test
    void countsPerUtcDayAndDeviceAndDayListingInStartOrder() {
        Device a = createDevice("catalog-a");
        Device b = createDevice("catalog-b");
        upload(a.token(), DAY1_LATE - 6000, TestWavs.segment(3000, 900, 1))
                .then()
                .statusCode(201);
        upload(a.token(), DAY1_LATE, TestWavs.segment(3000, 800, 2)).then().statusCode(201);
        upload(a.token(), DAY2_EARLY, TestWavs.segment(3000, 700, 3)).then().statusCode(201);
        upload(b.token(), DAY2_EARLY, TestWavs.segment(3000, 600, 4)).then().statusCode(201);

        List<Map<String, Object>> countsA = asAdmin()
                .get("/api/v1/stats/daily-counts?from=2024-03-01&to=2024-03-31&deviceId=" + a.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(countsA)
                .containsExactly(
                        Map.of("day", "2024-03-10", "deviceId", (int) a.id(), "count", 2),
                        Map.of("day", "2024-03-11", "deviceId", (int) a.id(), "count", 1));

        JsonPath all = asAdmin()
                .get("/api/v1/stats/daily-counts?from=2024-03-11&to=2024-03-11")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(all.getList("findAll { it.deviceId == " + b.id() + " }.count", Integer.class))
                .containsExactly(1);

        List<Map<String, Object>> day1 = asAdmin()
                .get("/api/v1/days/2024-03-10/segments?deviceId=" + a.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(day1)
                .extracting(m -> ((Number) m.get("startMs")).longValue())
                .containsExactly(DAY1_LATE - 6000, DAY1_LATE);
        assertThat(day1).extracting(m -> m.get("maxAmp")).containsExactly(900, 800);
        assertThat(day1).extracting(m -> m.get("durationMs")).containsOnly(3000);

        long id = ((Number) day1.get(1).get("id")).longValue();
        byte[] audio = asAdmin()
                .get("/api/v1/raw/" + id + "/audio")
                .then()
                .statusCode(200)
                .contentType("audio/wav")
                .extract()
                .asByteArray();
        assertThat(audio).isEqualTo(TestWavs.segment(3000, 800, 2));
    }

    @Test
    void playbackFromTheDataDirectoryServesOneByteRangeAs206AndARangePastTheEndAs416() {
        Device d = createDevice("catalog-range");
        long start = nextStart();
        byte[] wav = TestWavs.segment(3000, 700, 9);
        long rawId = upload(d.token(), start, wav)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        PlaybackRanges.assertServedInRanges(rawId, wav);
    }

    @Test
    void badDatesAndRangesAreProblems() {
        asAdmin()
                .get("/api/v1/stats/daily-counts?from=2024-13-01&to=2024-12-31")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-date"));
        asAdmin()
                .get("/api/v1/stats/daily-counts?from=2024-02-30&to=2024-03-31")
                .then()
                .statusCode(400);
        asAdmin().get("/api/v1/stats/daily-counts?to=2024-03-31").then().statusCode(400);
        asAdmin()
                .get("/api/v1/stats/daily-counts?from=2024-03-02&to=2024-03-01")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-range"));
        asAdmin()
                .get("/api/v1/stats/daily-counts?from=2000-01-01&to=2011-01-01")
                .then()
                .statusCode(400)
                .body("code", equalTo("range-too-long"));
        asAdmin()
                .get("/api/v1/stats/daily-counts?from=2024-03-01&to=2024-03-02&deviceId=x")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-device-id"));
        asAdmin().get("/api/v1/days/2024-3-1/segments").then().statusCode(400).body("code", equalTo("invalid-date"));
        asAdmin()
                .get("/api/v1/raw/123456789/audio")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown-segment"));
    }

    @Inject
    UserService users;

    @Test
    void viewersReadSegmentsButCannotAdministerDevices() {
        Device d = createDevice("catalog-viewer");
        long start =
                LocalDate.of(2024, 4, 2).atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        int rawId = upload(d.token(), start, TestWavs.segment(7))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(viewer, "viewer password 1", "viewer");
        var asViewer = given().auth().preemptive().basic(viewer, "viewer password 1");

        asViewer.get("/api/v1/stats/daily-counts?from=2024-04-01&to=2024-04-03&deviceId=" + d.id())
                .then()
                .statusCode(200)
                .body("find { it.day == '2024-04-02' }.count", equalTo(1));
        asViewer.get("/api/v1/days/2024-04-02/segments?deviceId=" + d.id())
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(rawId));
        asViewer.get("/api/v1/raw/" + rawId + "/audio").then().statusCode(200).contentType("audio/wav");

        given().auth()
                .preemptive()
                .basic(viewer, "viewer password 1")
                .contentType("application/json")
                .body(Map.of("name", "not allowed"))
                .post("/api/v1/devices")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .preemptive()
                .basic(viewer, "viewer password 1")
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/devices/" + d.id() + "/capture")
                .then()
                .statusCode(403);
    }

    @Test
    void readApiNeedsAUser() {
        given().get("/api/v1/days/2024-03-10/segments").then().statusCode(401).contentType("application/problem+json");
    }
}
