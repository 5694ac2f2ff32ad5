package io.buddybork.hub.annotate;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Macro-segments: stitching, gaps reported and silent, a bounded in-memory cache, limits, and who may fetch them. */
@QuarkusTest
class MacroSegmentTest {

    @Inject
    MacroSegmentService macro;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "buddybork.data-dir")
    Path dataDir;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "buddybork.web.macro.cache-max-bytes")
    long cacheMaxBytes;

    @Test
    void windowIsStitchedFromConsecutiveSegmentsWithGapsAsSilence() throws Exception {
        HubApi.Device device = HubApi.createDevice("macro-" + System.nanoTime());
        long t0 = HubApi.nextStart() + 3_000_000;
        byte[] first = TestWavs.segment(3000, 10_000, 1);
        byte[] second = TestWavs.segment(3000, 20_000, 2);
        HubApi.upload(device.token(), t0, first).then().statusCode(201);
        HubApi.upload(device.token(), t0 + 3000, second).then().statusCode(201);
        // t0+6000 .. t0+9000 missing: a gap
        HubApi.upload(device.token(), t0 + 9000, TestWavs.segment(3000, 5_000, 3))
                .then()
                .statusCode(201);

        JsonPath w = asAdmin()
                .get("/api/v1/macro?deviceId=" + device.id() + "&startMs=" + (t0 - 1500))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(w.getLong("endMs") - w.getLong("startMs")).isEqualTo(15_000);
        assertThat(w.getList("segments")).hasSize(3);
        List<Map<String, Object>> gaps = w.getList("gaps");
        assertThat(gaps)
                .extracting(g -> ((Number) g.get("startMs")).longValue() - t0)
                .containsExactly(-1500L, 6000L, 12000L);
        assertThat(gaps)
                .extracting(g -> ((Number) g.get("endMs")).longValue() - t0)
                .containsExactly(0L, 9000L, 13500L);

        byte[] wav = asAdmin()
                .get(w.getString("audioUrl"))
                .then()
                .statusCode(200)
                .contentType("audio/wav")
                .extract()
                .asByteArray();
        PcmAudio audio = WavCodec.decode(wav);
        assertThat(audio.frames()).isEqualTo(15 * 44_100);
        PcmAudio a = WavCodec.decode(first);
        PcmAudio b = WavCodec.decode(second);
        int off = (int) (1.5 * 44_100);
        for (int i = 0; i < a.frames(); i += 997) {
            assertThat(audio.samples()[off + i]).isEqualTo(a.samples()[i]);
        }
        for (int i = 0; i < b.frames(); i += 991) {
            assertThat(audio.samples()[off + a.frames() + i]).isEqualTo(b.samples()[i]);
        }
        int gapStart = off + 6 * 44_100;
        for (int i = gapStart; i < gapStart + 3 * 44_100; i++) {
            assertThat(audio.samples()[i]).isZero();
        }

        // centred request: same window; served from memory, nothing written under the data directory
        JsonPath centred = asAdmin()
                .get("/api/v1/macro?deviceId=" + device.id() + "&centerMs=" + (t0 + 6000))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(centred.getLong("startMs")).isEqualTo(t0 - 1500);
        assertThat(macro.audio("someone", device.id(), t0 - 1500)).isEqualTo(wav);
        assertThat(dataDir.resolve("tmp").resolve("macro")).doesNotExist();
    }

    @Test
    void floodsOfWindowRequestsKeepTheCacheUnderItsCapAndWriteNothingToDisk() {
        HubApi.Device device = HubApi.createDevice("macro-flood-" + System.nanoTime());
        long t0 = HubApi.nextStart();
        HubApi.upload(device.token(), t0, TestWavs.segment(3000, 9_000, 11))
                .then()
                .statusCode(201);
        // A user of its own: the flood spends this user's budget, not the admin's that other tests use.
        String user = "flood" + System.nanoTime();
        asAdmin()
                .contentType("application/json")
                .body(java.util.Map.of("username", user, "password", "flood-password-1", "role", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        // 120 windows a minute are granted, each of them distinct (about 1.3 MB): far past the cache's
        // cap of about 25. Past the budget the requests go on until 20 were refused (enough to see
        // that refusals go on while the bucket refills at 2 a second), at most 1000 in all.
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 1000 && statuses.getOrDefault(429, 0) < 20; i++) {
            int status = io.restassured.RestAssured.given()
                    .auth()
                    .preemptive()
                    .basic(user, "flood-password-1")
                    .get("/api/v1/macro/audio?deviceId=" + device.id() + "&startMs=" + (t0 - 14_000 + i * 20L))
                    .statusCode();
            statuses.merge(status, 1, Integer::sum);
            assertThat(macro.cachedBytes()).isLessThanOrEqualTo(cacheMaxBytes);
        }
        // the user's budget (120 a minute) ran out: the rest were refused without work
        assertThat(statuses.keySet()).containsOnly(200, 429);
        assertThat(statuses.get(200)).isGreaterThanOrEqualTo(100);
        assertThat(statuses.get(429)).isPositive();
        assertThat(dataDir.resolve("tmp").resolve("macro")).doesNotExist();
    }

    @Test
    void unknownDevicesAndImplausibleTimesAreRefusedBeforeAnyWork() {
        asAdmin()
                .get("/api/v1/macro/audio?deviceId=987654321&startMs=" + HubApi.nextStart())
                .then()
                .statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo("unknown-device"));
        asAdmin()
                .get("/api/v1/macro?deviceId=987654321&centerMs=" + HubApi.nextStart())
                .then()
                .statusCode(404);
        HubApi.Device device = HubApi.createDevice("macro-range-" + System.nanoTime());
        for (String t : List.of("-9223372036854775808", "9223372036854775807", "-5000", "0")) {
            asAdmin()
                    .get("/api/v1/macro?deviceId=" + device.id() + "&centerMs=" + t)
                    .then()
                    .statusCode(400)
                    .body("code", org.hamcrest.Matchers.equalTo("time-out-of-range"))
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("SQL")));
            asAdmin()
                    .get("/api/v1/macro/audio?deviceId=" + device.id() + "&startMs=" + t)
                    .then()
                    .statusCode(400);
        }
    }

    @Test
    void dayChartListsTheDaysSegmentsInColumns() {
        HubApi.Device device = HubApi.createDevice("daychart-" + System.nanoTime());
        long day = java.time.LocalDate.of(2026, 2, 2)
                .atStartOfDay()
                .toInstant(java.time.ZoneOffset.UTC)
                .toEpochMilli();
        HubApi.upload(device.token(), day + 3000, TestWavs.segment(3000, 7000, 5))
                .then()
                .statusCode(201);
        HubApi.upload(device.token(), day + 86_397_000L, TestWavs.segment(3000, 9000, 6))
                .then()
                .statusCode(201);
        HubApi.upload(device.token(), day + 86_400_000L, TestWavs.segment(3000, 9000, 7))
                .then()
                .statusCode(201); // next day
        JsonPath d = asAdmin()
                .get("/api/v1/annotator/days/2026-02-02?deviceId=" + device.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(d.getLong("dayStartMs")).isEqualTo(day);
        assertThat(d.getList("offsetMs", Integer.class)).containsExactly(3000, 86_397_000);
        assertThat(d.getList("maxAmp", Integer.class)).containsExactly(7000, 9000);
        assertThat(d.getList("durationMs", Integer.class)).containsExactly(3000, 3000);
        assertThat(d.getList("deviceId", Long.class)).containsOnly(device.id());
        asAdmin().get("/api/v1/annotator/days/2026-02-30").then().statusCode(400);
    }

    @Test
    void macroSegmentsAreForSignedInUsersOnly() {
        HubApi.Device device = HubApi.createDevice("macro-auth-" + System.nanoTime());
        io.restassured.RestAssured.given()
                .get("/api/v1/macro/audio?deviceId=" + device.id() + "&startMs=0")
                .then()
                .statusCode(401);
        HubApi.asDevice(device.token())
                .get("/api/v1/macro/audio?deviceId=" + device.id() + "&startMs=0")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(401, 403));
        asAdmin().get("/api/v1/macro?deviceId=" + device.id()).then().statusCode(400);
        asAdmin().get("/api/v1/macro?centerMs=5").then().statusCode(400);
        // nothing in the public static folder
        io.restassured.RestAssured.given()
                .get("/static/macro/")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(404, 302, 401));
    }
}
