package io.buddybork.hub.episode;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.detect.DetectionStored;
import io.buddybork.hub.detect.TestModels;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Episodes end to end: uploaded sounds scored by the active model become episodes, a rebuild of
 * their range gives the same episodes again (every time) and leaves out a rejected detection, the
 * summary adds up a period per tag, and bad requests are problems.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpisodeApiTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicLong DETECTION_IDS = new AtomicLong(-2_000_000_000L);
    /** Recent start times (the model must be active before the segments arrive), on the 3 s grid. */
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 2 * 3_600_000L) / 3000 * 3000);

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    io.buddybork.hub.model.ModelService library;

    @Inject
    Event<DetectionStored> detections;

    private long modelId;

    @BeforeEach
    void activeModel() {
        if (modelId == 0) {
            modelId = TestModels.insert(
                    ds,
                    files.dataRoot(),
                    "episodes-bark-beep",
                    TestModels.barkBeepModel(),
                    List.of(TestModels.tag("bark"), TestModels.tag("beep")));
        }
        TestModels.activate(modelId);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("ready")));
    }

    @AfterAll
    void noModel() {
        library.activate(null);
    }

    private static List<Map<String, Object>> episodes(long deviceId, long from, long to) {
        return asAdmin()
                .queryParam("from", from)
                .queryParam("to", to)
                .queryParam("deviceId", deviceId)
                .get("/api/v1/episodes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** An episode's content, without its row id and whether it is still open. */
    private static Map<String, Object> content(Map<String, Object> e) {
        Map<String, Object> c = new HashMap<>(e);
        c.remove("id");
        c.remove("open");
        return c;
    }

    private static long num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private static void barkAt(Device d, long start, long seed) {
        upload(d.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, seed))
                .then()
                .statusCode(201);
    }

    @Test
    void aRebuildGivesTheTrackersEpisodesAgainAndLeavesOutARejectedDetection() {
        Device d = createDevice("episode-rebuild");
        long s = NEXT_START.addAndGet(-10 * 60_000L);
        barkAt(d, s, 11);
        barkAt(d, s + 3_000, 12);
        barkAt(d, s + 6_000, 13);
        barkAt(d, s + 60_000, 14); // 51 s after the third ended: a new episode
        barkAt(d, s + 63_000, 15);
        long from = s - 60_000;
        long to = s + 120_000;
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(episodes(d.id(), from, to))
                        .extracting(e -> num(e, "segments"))
                        .containsExactly(3L, 2L));
        List<Map<String, Object>> tracked =
                episodes(d.id(), from, to).stream().map(EpisodeApiTest::content).toList();
        assertThat(num(tracked.get(0), "startMs")).isEqualTo(s);
        assertThat(num(tracked.get(1), "endMs")).isEqualTo(s + 66_000);

        for (int round = 0; round < 2; round++) {
            asAdmin()
                    .queryParam("from", from)
                    .queryParam("to", to)
                    .post("/api/v1/episodes/rebuild")
                    .then()
                    .statusCode(200);
            assertThat(episodes(d.id(), from, to).stream()
                            .map(EpisodeApiTest::content)
                            .toList())
                    .as("rebuild %d", round + 1)
                    .isEqualTo(tracked);
        }

        List<Map<String, Object>> scored = asAdmin()
                .queryParam("from", from)
                .queryParam("to", to)
                .queryParam("deviceId", d.id())
                .get("/api/v1/detections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> last = scored.get(scored.size() - 1);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected"))
                .post("/api/v1/detections/" + num(last, "id") + "/review")
                .then()
                .statusCode(200);
        asAdmin()
                .queryParam("from", from)
                .queryParam("to", to)
                .post("/api/v1/episodes/rebuild")
                .then()
                .statusCode(200);
        List<Map<String, Object>> after = episodes(d.id(), from, to);
        assertThat(after).extracting(e -> num(e, "segments")).containsExactly(3L, 1L);
        assertThat(num(after.get(1), "endMs")).isEqualTo(s + 63_000);
    }

    @Test
    void theSummaryCountsEachTagsEpisodesTotalAndLongest() {
        Device d = createDevice("episode-summary");
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        // a period of its own, years ago, so other tests' episodes stay out of it
        long base = 946_684_800_000L + ThreadLocalRandom.current().nextLong(150_000) * 3_600_000L;
        heard(d, bark, base, 1);
        heard(d, bark, base + 3_000, 2);
        heard(d, beep, base + 50_000, 1);
        heard(d, bark, base + 100_000, 1); // over the bridge: a second bark episode
        heard(d, bark, base + 103_000, 2);
        heard(d, bark, base + 106_000, 3);

        JsonPath summary = asAdmin()
                .queryParam("from", base)
                .queryParam("to", base + 3_600_000L)
                .get("/api/v1/summary")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(summary.getList("tags.tag")).containsExactly("bark", "beep");
        assertThat(summary.getLong("tags[0].episodes")).isEqualTo(2);
        assertThat(summary.getLong("tags[0].totalMs")).isEqualTo(6_000 + 9_000);
        assertThat(summary.getLong("tags[0].longestStartMs")).isEqualTo(base + 100_000);
        assertThat(summary.getLong("tags[0].longestMs")).isEqualTo(9_000);
        assertThat(summary.getString("tags[0].longestDevice")).isEqualTo("episode-summary");
        assertThat(summary.getLong("tags[1].episodes")).isEqualTo(1);
        assertThat(summary.getLong("tags[1].totalMs")).isEqualTo(3_000);
        assertThat(summary.getList("timeline.tag")).containsExactly("bark", "beep", "bark");
        assertThat(summary.getLong("timeline[2].endMs")).isEqualTo(base + 109_000);
        assertThat(summary.getBoolean("timelineTruncated")).isFalse();
    }

    /** Fires a live detection and waits until the tracker counted it ({@code segments} in its episode). */
    private void heard(Device d, TestModels.TagRef tag, long startMs, int segments) {
        detections.fireAsync(new DetectionStored(
                DETECTION_IDS.decrementAndGet(), 0, d.id(), 0, startMs, 3000, tag.id(), tag.name(), 0.8, false, false));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(episodes(d.id(), startMs - 1, startMs + 1))
                        .filteredOn(e -> tag.name().equals(e.get("tag")))
                        .extracting(e -> num(e, "segments"))
                        .containsExactly((long) segments));
    }

    @Test
    void badRangesAndSincesAreProblems() {
        asAdmin().get("/api/v1/episodes").then().statusCode(400).body("code", equalTo("missing-range"));
        asAdmin()
                .queryParam("from", 10)
                .queryParam("to", 5)
                .get("/api/v1/summary")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-range"));
        asAdmin()
                .queryParam("since", "yesterday")
                .get("/api/v1/summary")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-since"));
        asAdmin().get("/api/v1/episodes/999999999").then().statusCode(404).body("code", equalTo("unknown-episode"));
    }

    @Test
    void onlyAdminsRebuild() {
        String viewer = "episode-viewer-" + System.nanoTime() % 1_000_000;
        asAdmin()
                .contentType("application/json")
                .body(Map.of("username", viewer, "password", "viewer-password-1", "role", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(viewer, "viewer-password-1")
                .queryParam("from", 0)
                .queryParam("to", 1)
                .post("/api/v1/episodes/rebuild")
                .then()
                .statusCode(403);
    }
}
