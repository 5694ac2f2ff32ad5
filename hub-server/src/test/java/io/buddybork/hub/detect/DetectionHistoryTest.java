package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.model.ModelService;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * History apart from live detections: what catch-up scores after an activation (segments stored
 * before it, or already annotated) is marked {@code history} / {@code labelled}, stays out of the
 * live counters, chart and list ({@code live=true}), and the detector's status shows the catch-up
 * while it runs; the latest list pages backwards in time and filters by tag, device and unknowns.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionHistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Start times of the last hour (inside the catch-up horizon), unique in this class, on the 3 s grid. */
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 1_800_000L) / 3000 * 3000);

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    ModelService library;

    @AfterAll
    void noModel() { // RestAssured no longer knows the port here: through the library itself
        library.activate(null);
    }

    private long newModel(String name) {
        return TestModels.insert(
                ds,
                files.dataRoot(),
                name,
                TestModels.barkBeepModel(),
                List.of(TestModels.tag("bark"), TestModels.tag("beep")));
    }

    private static long nextStart() {
        return NEXT_START.addAndGet(3000);
    }

    private static long uploadSound(Device d, long start, SyntheticSounds.Kind kind, long seed) {
        return upload(d.token(), start, SyntheticSounds.wav(kind, seed))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private long scored(long deviceId, long modelId) {
        return Db.queryLong(
                ds,
                "select count(*) from detection d join raw r on r.id = d.raw_id where r.device_id = ? and d.model_id = ?",
                deviceId,
                modelId);
    }

    private static Response latest(Map<String, Object> params) {
        return asAdmin().queryParams(params).get("/api/v1/detections/latest");
    }

    @Test
    void catchUpAfterAnActivationIsHistoryThatLiveCountersChartAndListLeaveOut() throws Exception {
        TestModels.activate(null);
        Device d = createDevice("history-" + System.nanoTime() % 100000);
        long labelledStart = nextStart();
        uploadSound(d, labelledStart, SyntheticSounds.Kind.BARK, 300);
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BARK, 301);
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BEEP, 302);
        asAdmin()
                .contentType("application/json")
                .body(Map.of(
                        "deviceId",
                        d.id(),
                        "startMs",
                        labelledStart + 500,
                        "endMs",
                        labelledStart + 2000,
                        "tagId",
                        TestModels.tag("bark").id()))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
        long modelId = newModel("history");

        // Hold every detection insert back while the model becomes active: the catch-up has counted
        // its work but scored none of it, and the status must say so.
        try (Connection lock = ds.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table detection in exclusive mode");
            }
            TestModels.activate(modelId);
            await().atMost(WAIT).untilAsserted(() -> {
                var status = asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("ready"))
                        .body("modelId", equalTo((int) modelId))
                        .extract()
                        .jsonPath();
                assertThat(status.getMap("catchUp"))
                        .as("catch-up while it runs")
                        .isNotNull();
                // this device's three are among the work, and the insert under way waits for the lock
                assertThat(status.getLong("catchUp.total")).isGreaterThanOrEqualTo(3);
                assertThat(status.getLong("catchUp.done")).isLessThan(status.getLong("catchUp.total"));
            });
            lock.rollback();
        }
        await().atMost(WAIT).until(() -> scored(d.id(), modelId) == 3);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("catchUp", nullValue())
                        .body("backlog", equalTo(0)));

        // the owner's label and the older recordings: history; the labelled one also says so
        List<Map<String, Object>> all = latest(Map.of("modelId", modelId, "deviceId", d.id(), "unknown", "true"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(all).hasSize(3).allSatisfy(x -> assertThat(x).containsEntry("history", true));
        assertThat(all)
                .filteredOn(x -> ((Number) x.get("startMs")).longValue() == labelledStart)
                .singleElement()
                .satisfies(x -> assertThat(x).containsEntry("labelled", true));
        assertThat(all).filteredOn(x -> Boolean.TRUE.equals(x.get("labelled"))).hasSize(1);

        // a sound that arrives now is live
        long liveStart = nextStart();
        uploadSound(d, liveStart, SyntheticSounds.Kind.BARK, 303);
        await().atMost(WAIT).until(() -> scored(d.id(), modelId) == 4);

        long now = System.currentTimeMillis();
        Map<String, Object> range =
                Map.of("modelId", modelId, "deviceId", d.id(), "from", now - 86_400_000L, "to", now + 60_000);
        List<Map<String, Object>> liveTags = asAdmin()
                .queryParams(range)
                .queryParam("live", true)
                .get("/api/v1/detections/tags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(liveTags)
                .singleElement()
                .satisfies(t -> assertThat(t)
                        .containsEntry("tag", "bark")
                        .containsEntry("count", 1)
                        .containsEntry("lastMs", liveStart));
        List<Map<String, Object>> allTags = asAdmin()
                .queryParams(range)
                .get("/api/v1/detections/tags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(allTags)
                .filteredOn(t -> "bark".equals(t.get("tag")))
                .singleElement()
                .satisfies(t -> assertThat(t).containsEntry("count", 3));
        assertThat(histogramTotal(range, true)).isEqualTo(1);
        assertThat(histogramTotal(range, false)).isEqualTo(4);
        List<Map<String, Object>> liveList = latest(
                        Map.of("modelId", modelId, "deviceId", d.id(), "unknown", "true", "live", "true"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(liveList)
                .singleElement()
                .satisfies(x -> assertThat(x)
                        .containsEntry("startMs", liveStart)
                        .containsEntry("history", false)
                        .containsEntry("labelled", false));
        List<Map<String, Object>> liveRange = asAdmin()
                .queryParams(range)
                .queryParam("live", true)
                .get("/api/v1/detections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(liveRange)
                .extracting(x -> ((Number) x.get("startMs")).longValue())
                .containsExactly(liveStart);
    }

    private static long histogramTotal(Map<String, Object> range, boolean live) {
        List<Map<String, Object>> buckets = asAdmin()
                .queryParams(range)
                .queryParam("bucketMs", 3_600_000)
                .queryParam("live", live)
                .get("/api/v1/detections/histogram")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return buckets.stream()
                .mapToLong(b -> ((Number) b.get("count")).longValue())
                .sum();
    }

    @Test
    void theLatestListPagesBackInTimeAndFiltersByTagDeviceAndUnknowns() {
        long modelId = newModel("latest-filters");
        TestModels.activate(modelId);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("modelId", equalTo((int) modelId))
                        .body("state", equalTo("ready")));
        Device d = createDevice("filters-" + System.nanoTime() % 100000);
        Device other = createDevice("filters-other-" + System.nanoTime() % 100000);
        SyntheticSounds.Kind[] kinds = {
            SyntheticSounds.Kind.BARK,
            SyntheticSounds.Kind.ROOM,
            SyntheticSounds.Kind.BEEP,
            SyntheticSounds.Kind.BARK,
            SyntheticSounds.Kind.ROOM
        };
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            long start = nextStart();
            starts.add(start);
            uploadSound(d, start, kinds[i], 400 + i);
        }
        uploadSound(other, nextStart(), SyntheticSounds.Kind.BARK, 410);
        await().atMost(WAIT).until(() -> scored(d.id(), modelId) == kinds.length && scored(other.id(), modelId) == 1);

        // two at a time, newest first, to the end: every detection once
        List<Long> seen = new ArrayList<>();
        String before = null;
        for (int page = 0; page < 10; page++) {
            var req = asAdmin()
                    .queryParam("modelId", modelId)
                    .queryParam("deviceId", d.id())
                    .queryParam("unknown", "true")
                    .queryParam("limit", 2);
            if (before != null) {
                req = req.queryParam("before", before);
            }
            Response r = req.get("/api/v1/detections/latest");
            r.then().statusCode(200);
            r.jsonPath().getList("startMs", Long.class).forEach(seen::add);
            before = r.header("X-Next-Before");
            if (before == null) {
                break;
            }
            assertThat(r.header("Link")).contains("rel=\"next\"").contains("before=" + before);
        }
        assertThat(seen).containsExactlyElementsOf(starts.reversed());

        assertThat(latest(Map.of("modelId", modelId, "deviceId", d.id()))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("tag", String.class))
                .as("known tags only by default")
                .containsExactly("bark", "beep", "bark");
        assertThat(latest(Map.of("modelId", modelId, "deviceId", d.id(), "unknown", "only"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("startMs", Long.class))
                .containsExactly(starts.get(4), starts.get(1));
        long bark = TestModels.tag("bark").id();
        assertThat(latest(Map.of("modelId", modelId, "tagId", bark, "live", "true"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("deviceId", Long.class))
                .as("one tag, every device")
                .contains(d.id(), other.id())
                .hasSize(3);

        // an older false alarm, reached through the pages, can still be rejected
        long oldest = latest(Map.of("modelId", modelId, "deviceId", d.id(), "before", starts.get(1) + ".0"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("[0].id");
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected"))
                .post("/api/v1/detections/" + oldest + "/review")
                .then()
                .statusCode(200)
                .body("review", equalTo("rejected"))
                .body("startMs", equalTo(starts.get(0)));

        latest(Map.of("unknown", "maybe")).then().statusCode(400).body("code", equalTo("invalid-unknown"));
        latest(Map.of("before", "yesterday")).then().statusCode(400).body("code", equalTo("invalid-cursor"));
        latest(Map.of("tagId", "bark")).then().statusCode(400).body("code", equalTo("invalid-tag-id"));
    }
}
