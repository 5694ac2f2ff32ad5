package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.model.TrainingDataRepository;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live detection through the HTTP API: new segments are scored by the active model (right tags,
 * every tag's score), pushed over {@code /api/v1/live}, listed by {@code GET /api/v1/detections}
 * (paged, refusals as problems), caught up after a model switch exactly once per segment and model,
 * reviewed into annotations, re-detected with another model as a job, and a broken model file is a
 * clear state that never affects ingest.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDetectionTest {

    // Served by the management interface (loopback), not the public port.
    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Recent start times (within the catch-up horizon), unique in this JVM, on the 3 s grid. */
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 3_600_000L) / 3000 * 3000);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    io.buddybork.hub.model.ModelService library;

    @Inject
    TrainingDataRepository training;

    @Inject
    Event<ActiveModelChanged> modelChanged;

    @TestHTTPResource("/api/v1/live")
    URL liveUrl;

    private TestModels.TagRef bark;
    private TestModels.TagRef beep;
    private long modelId;

    @BeforeEach
    void activeModel() {
        if (modelId == 0) { // RestAssured knows the port only once the tests run
            bark = TestModels.tag("bark");
            beep = TestModels.tag("beep");
            modelId = TestModels.barkBeep(ds, files.dataRoot(), "bark-beep");
        }
        TestModels.activateAndAwait(modelId);
    }

    @AfterAll
    void noModel() { // RestAssured no longer knows the port here: through the library itself
        library.activate(null);
    }

    private static long nextStart() {
        return NEXT_START.addAndGet(-3000);
    }

    private static long uploadSound(Device d, long start, SyntheticSounds.Kind kind, long seed) {
        return upload(d.token(), start, SyntheticSounds.wav(kind, seed))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static List<Map<String, Object>> detections(long deviceId, Long model) {
        long now = System.currentTimeMillis();
        var req = asAdmin()
                .queryParam("from", now - 2 * 86_400_000L)
                .queryParam("to", now + 86_400_000L)
                .queryParam("deviceId", deviceId);
        if (model != null) {
            req = req.queryParam("modelId", model);
        }
        return req.get("/api/v1/detections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    @Test
    void newSegmentsAreScoredWithTheRightTagsAndPushedToTheLiveFeed() throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(liveUrl.toURI())
                .header("Accept", "text/event-stream")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        var stream = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        try {
                            events.add(JSON.readTree(line.substring(5).trim()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
        try {
            await().atMost(WAIT).until(() -> !events.isEmpty()); // the feed is open (first ping)
            Device d = createDevice("detect-live");
            long barkRaw = uploadSound(d, nextStart(), SyntheticSounds.Kind.BARK, 1);
            long beepRaw = uploadSound(d, nextStart(), SyntheticSounds.Kind.BEEP, 2);

            await().atMost(WAIT).until(() -> detections(d.id(), modelId).size() == 2);
            assertThat(Db.queryLong(ds, "select count(*) from detect_claim where raw_id in (?, ?)", barkRaw, beepRaw))
                    .as("in process a segment has one scorer: no claim, no round trip for one")
                    .isZero();
            List<Map<String, Object>> found = detections(d.id(), modelId);
            Map<String, Object> barkDet = found.stream()
                    .filter(x -> ((Number) x.get("rawId")).longValue() == barkRaw)
                    .findFirst()
                    .orElseThrow();
            Map<String, Object> beepDet = found.stream()
                    .filter(x -> ((Number) x.get("rawId")).longValue() == beepRaw)
                    .findFirst()
                    .orElseThrow();
            assertThat(barkDet)
                    .containsEntry("tag", "bark")
                    .containsEntry("review", null)
                    .containsEntry("modelId", (int) modelId)
                    .containsEntry("deviceId", (int) d.id());
            assertThat(beepDet).containsEntry("tag", "beep");
            assertThat(((Map<?, ?>) barkDet.get("scores"))
                            .keySet().stream().map(Object::toString).toList())
                    .containsExactlyInAnyOrder("bark", "beep");
            assertThat(((Number) barkDet.get("score")).doubleValue())
                    .isEqualTo(((Number) ((Map<?, ?>) barkDet.get("scores")).get("bark")).doubleValue());
            assertThat(found)
                    .extracting(x -> ((Number) x.get("startMs")).longValue())
                    .isSorted();

            await().atMost(WAIT)
                    .until(() -> events.stream()
                                    .filter(e ->
                                            "detection".equals(e.path("type").asText()))
                                    .filter(e -> e.path("deviceId").asLong() == d.id())
                                    .count()
                            == 2);
            JsonNode pushed = events.stream()
                    .filter(e -> "detection".equals(e.path("type").asText())
                            && e.path("rawId").asLong() == barkRaw)
                    .findFirst()
                    .orElseThrow();
            assertThat(pushed.path("tag").asText()).isEqualTo("bark");
            assertThat(pushed.path("id").asLong()).isEqualTo(((Number) barkDet.get("id")).longValue());
            assertThat(pushed.has("review")).isTrue();
            assertThat(pushed.path("scores").has("beep")).isTrue();
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void badRangesAndFiltersAreRefusedWithProblems() {
        String[][] cases = {
            {"", "1000", "missing-range"},
            {"1000", "", "missing-range"},
            {"abc", "1000", "invalid-time"},
            {"-5", "1000", "invalid-time"},
            {"2000", "1000", "invalid-range"},
            {"1000", "1000", "invalid-range"},
            {"0", "99999999999", "range-too-long"},
        };
        for (String[] c : cases) {
            asAdmin()
                    .queryParam("from", c[0])
                    .queryParam("to", c[1])
                    .get("/api/v1/detections")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo(c[2]));
        }
        asAdmin().get("/api/v1/detections").then().statusCode(400).body("code", equalTo("missing-range"));
        asAdmin()
                .queryParam("from", 1000)
                .queryParam("to", 2000)
                .queryParam("deviceId", "x")
                .get("/api/v1/detections")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-device-id"));
        asAdmin()
                .queryParam("from", 1000)
                .queryParam("to", 2000)
                .queryParam("modelId", "1.5")
                .get("/api/v1/detections")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-model-id"));
        asAdmin()
                .queryParam("from", 1000)
                .queryParam("to", 2000)
                .queryParam("limit", "0")
                .get("/api/v1/detections")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-limit"));
        given().queryParam("from", 1000)
                .queryParam("to", 2000)
                .get("/api/v1/detections")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        asAdmin().get("/api/v1/detections/999999999").then().statusCode(404).body("code", equalTo("unknown-detection"));
    }

    @Test
    void longRangesArePagedInTimeOrder() {
        Device d = createDevice("detect-pages");
        List<Long> raws = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            raws.add(uploadSound(
                    d, nextStart(), i % 2 == 0 ? SyntheticSounds.Kind.BARK : SyntheticSounds.Kind.BEEP, 10 + i));
        }
        await().atMost(WAIT).until(() -> detections(d.id(), modelId).size() == 3);
        long now = System.currentTimeMillis();
        List<Long> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 5; page++) {
            var req = asAdmin()
                    .queryParam("from", now - 86_400_000L)
                    .queryParam("to", now + 60_000)
                    .queryParam("deviceId", d.id())
                    .queryParam("modelId", modelId)
                    .queryParam("limit", 2);
            if (after != null) {
                req = req.queryParam("after", after);
            }
            Response r = req.get("/api/v1/detections");
            r.then().statusCode(200);
            r.jsonPath().getList("rawId", Long.class).forEach(seen::add);
            after = r.header("X-Next-After");
            if (after == null) {
                break;
            }
            assertThat(r.header("Link")).contains("rel=\"next\"").contains("after=" + after);
        }
        // uploads went backwards in time; the pages come forwards
        assertThat(seen).containsExactlyElementsOf(raws.reversed());
    }

    @Test
    void catchUpScoresWhatWasMissedExactlyOncePerSegmentAndModel() {
        TestModels.activateAndAwait(null);
        Device d = createDevice("detect-catch-up");
        List<Long> raws = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            raws.add(uploadSound(d, nextStart(), SyntheticSounds.Kind.values()[i % 3], 20 + i));
        }
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from detection d join raw r on r.id = d.raw_id where r.device_id = ?",
                        d.id()))
                .as("no model, nothing scored")
                .isZero();

        TestModels.activateAndAwait(modelId);
        await().atMost(WAIT)
                .until(() -> Db.queryLong(
                                ds,
                                "select count(*) from detection d join raw r on r.id = d.raw_id"
                                        + " where r.device_id = ? and d.model_id = ?",
                                d.id(),
                                modelId)
                        == raws.size());
        // announcing the same model again (or a restart) must not score anything twice
        TestModels.activateAndAwait(modelId);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("backlog", equalTo(0))
                        .body("queueDepth", equalTo(0)));
        for (long raw : raws) {
            assertThat(Db.queryLong(
                            ds, "select count(*) from detection where raw_id = ? and model_id = ?", raw, modelId))
                    .as("detections of segment %d", raw)
                    .isEqualTo(1);
        }
        List<Map<String, Object>> found = detections(d.id(), modelId);
        assertThat(found)
                .filteredOn(x -> x.get("tag") == null)
                .as("room noise stays unknown")
                .hasSize(2);
    }

    @Test
    void confirmAndRejectCreateAnnotationsAndShowEverywhere() {
        Device d = createDevice("detect-review");
        long start = nextStart();
        uploadSound(d, start, SyntheticSounds.Kind.BARK, 30);
        long beepStart = nextStart();
        uploadSound(d, beepStart, SyntheticSounds.Kind.BEEP, 31);
        await().atMost(WAIT).until(() -> detections(d.id(), modelId).size() == 2);
        List<Map<String, Object>> found = detections(d.id(), modelId);
        long barkDet = found.stream()
                .filter(x -> "bark".equals(x.get("tag")))
                .map(x -> ((Number) x.get("id")).longValue())
                .findFirst()
                .orElseThrow();
        long beepDet = found.stream()
                .filter(x -> "beep".equals(x.get("tag")))
                .map(x -> ((Number) x.get("id")).longValue())
                .findFirst()
                .orElseThrow();

        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "confirmed"))
                .post("/api/v1/detections/" + barkDet + "/review")
                .then()
                .statusCode(200)
                .body("review", equalTo("confirmed"))
                .body("reviewTag", equalTo("bark"))
                .body("reviewedBy", equalTo(ADMIN));
        // the false alarm was really a bark
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected", "tagId", bark.id()))
                .post("/api/v1/detections/" + beepDet + "/review")
                .then()
                .statusCode(200)
                .body("review", equalTo("rejected"))
                .body("reviewTag", equalTo("bark"));

        String day = Instant.ofEpochMilli(start)
                .atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        String beepDay = Instant.ofEpochMilli(beepStart)
                .atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        List<Map<String, Object>> annots = asAdmin()
                .queryParam("from", beepDay)
                .queryParam("to", day)
                .queryParam("deviceId", d.id())
                .get("/api/v1/annotations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(annots)
                .extracting(a -> ((Number) a.get("startMs")).longValue())
                .containsExactlyInAnyOrder(beepStart, start);
        assertThat(annots).allSatisfy(a -> assertThat(a.get("tagId")).isEqualTo((int) bark.id()));
        assertThat(annots)
                .filteredOn(a -> ((Number) a.get("startMs")).longValue() == start)
                .allSatisfy(
                        a -> assertThat(((Number) a.get("endMs")).longValue()).isEqualTo(start + 3000));
        assertThat(detections(d.id(), modelId))
                .extracting(x -> x.get("review"))
                .containsExactlyInAnyOrder("confirmed", "rejected");
        List<Map<String, Object>> precision = asAdmin()
                .queryParam("modelId", modelId)
                .get("/api/v1/detections/precision")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(precision)
                .filteredOn(p -> "beep".equals(p.get("tag")))
                .singleElement()
                .satisfies(p ->
                        assertThat(((Number) p.get("rejected")).longValue()).isGreaterThanOrEqualTo(1));

        // changing a review replaces its annotation; clearing it removes it
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected"))
                .post("/api/v1/detections/" + beepDet + "/review")
                .then()
                .statusCode(200)
                .body("reviewTag", equalTo(null));
        asAdmin()
                .delete("/api/v1/detections/" + barkDet + "/review")
                .then()
                .statusCode(200)
                .body("review", equalTo(null));
        assertThat(Db.queryLong(ds, "select count(*) from annot where device_id = ?", d.id()))
                .isZero();

        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "maybe"))
                .post("/api/v1/detections/" + barkDet + "/review")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-review"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected", "tagId", 999999999))
                .post("/api/v1/detections/" + barkDet + "/review")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-tag"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "confirmed"))
                .post("/api/v1/detections/999999999/review")
                .then()
                .statusCode(404);
    }

    @Test
    void aConfirmedDetectionIsCountedInTheDataChartCollectedForTrainingAndInTheModelsLivePrecision() {
        long reviewModel =
                TestModels.insert(ds, files.dataRoot(), "review-loop", TestModels.barkBeepModel(), List.of(bark, beep));
        TestModels.activateAndAwait(reviewModel);
        Device d = createDevice("detect-review-loop");
        long start = nextStart();
        uploadSound(d, start, SyntheticSounds.Kind.BARK, 90);
        await().atMost(WAIT).until(() -> detections(d.id(), reviewModel).size() == 1);
        Map<String, Object> det = detections(d.id(), reviewModel).get(0);
        assertThat(det).containsEntry("tag", "bark");
        String day = Instant.ofEpochMilli(start)
                .atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        long before = barkAnnotationsOn(day);
        asAdmin()
                .get("/api/v1/models/" + reviewModel)
                .then()
                .statusCode(200)
                .body("livePrecision.find { it.tag == 'bark' }.precision", equalTo(null));

        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "confirmed"))
                .post("/api/v1/detections/" + det.get("id") + "/review")
                .then()
                .statusCode(200);

        assertThat(barkAnnotationsOn(day)).isEqualTo(before + 1);
        assertThat(training.annotations(List.of(LocalDate.parse(day)), List.of(bark.id())))
                .anySatisfy(a -> assertThat(a)
                        .extracting(
                                TrainingDataRepository.Annot::deviceId,
                                TrainingDataRepository.Annot::startMs,
                                TrainingDataRepository.Annot::tagId)
                        .containsExactly(d.id(), start, bark.id()));
        asAdmin()
                .get("/api/v1/models/" + reviewModel)
                .then()
                .statusCode(200)
                .body("livePrecision.find { it.tag == 'bark' }.confirmed", equalTo(1))
                .body("livePrecision.find { it.tag == 'bark' }.rejected", equalTo(0))
                .body("livePrecision.find { it.tag == 'bark' }.precision", equalTo(1.0f));
        // lists keep the headline figures only
        asAdmin()
                .get("/api/v1/models")
                .then()
                .statusCode(200)
                .body("find { it.id == " + reviewModel + " }.livePrecision", equalTo(null));

        // a rejection without a tag is no annotation: the chart and training drop the example again
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected"))
                .post("/api/v1/detections/" + det.get("id") + "/review")
                .then()
                .statusCode(200);
        assertThat(barkAnnotationsOn(day)).isEqualTo(before);
        asAdmin()
                .get("/api/v1/models/" + reviewModel)
                .then()
                .statusCode(200)
                .body("livePrecision.find { it.tag == 'bark' }.precision", equalTo(0.0f));
    }

    private long barkAnnotationsOn(String day) {
        List<Map<String, Object>> days = asAdmin()
                .get("/api/v1/models/days")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return days.stream()
                .filter(x -> day.equals(x.get("day")))
                .findFirst()
                .map(x -> ((Map<?, ?>) x.get("annotations")).get(String.valueOf(bark.id())))
                .map(n -> ((Number) n).longValue())
                .orElse(0L);
    }

    @Test
    void aBrokenOrMissingModelFileIsAClearStateAndIngestGoesOn() throws Exception {
        String broken = "models/broken-" + System.nanoTime() + ".model";
        Files.createDirectories(files.dataRoot().resolve("models"));
        Files.writeString(files.dataRoot().resolve(broken), "not a model");
        long brokenId = TestModels.insertRow(ds, "broken", broken, List.of("bark", "beep"), List.of(bark, beep));
        TestModels.activate(brokenId);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("state", equalTo("unavailable"))
                        .body("modelId", equalTo((int) brokenId))
                        .body("reason", org.hamcrest.Matchers.containsString("not a Buddybork model file")));
        Device d = createDevice("detect-broken");
        long raw = uploadSound(d, nextStart(), SyntheticSounds.Kind.BARK, 40);
        asAdmin().get("/api/v1/detections/status").then().body("state", equalTo("unavailable"));
        assertThat(Db.queryLong(ds, "select count(*) from detection where raw_id = ?", raw))
                .isZero();

        long goneId = TestModels.insertRow(
                ds, "gone", "models/never-written.model", List.of("bark", "beep"), List.of(bark, beep));
        TestModels.activate(goneId);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("state", equalTo("unavailable"))
                        .body("reason", org.hamcrest.Matchers.containsString("missing")));
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BEEP, 41);

        // back to a good model: what was stored meanwhile is caught up
        TestModels.activateAndAwait(modelId);
        await().atMost(WAIT).until(() -> detections(d.id(), modelId).size() == 2);
    }

    @Test
    void aModelFileDeletedWhileActiveMakesTheModelUnavailable() throws Exception {
        long copyId =
                TestModels.insert(ds, files.dataRoot(), "to-delete", TestModels.barkBeepModel(), List.of(bark, beep));
        TestModels.activateAndAwait(copyId);
        String path = Db.queryString(ds, "select file_path from model where id = ?", copyId);
        Files.delete(files.dataRoot().resolve(path));
        TestModels.reannounce(modelChanged, copyId); // the periodic check does the same without the event
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("state", equalTo("unavailable"))
                        .body("reason", org.hamcrest.Matchers.containsString("missing")));
        Device d = createDevice("detect-deleted");
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BARK, 50);
        assertThat(detections(d.id(), null)).isEmpty();
    }

    @Test
    void aRedetectJobScoresARangeWithAnotherModelAndReportsProgress() {
        Device d = createDevice("detect-redetect");
        long first = nextStart();
        uploadSound(d, first, SyntheticSounds.Kind.BARK, 60);
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BEEP, 61);
        long last = nextStart();
        uploadSound(d, last, SyntheticSounds.Kind.ROOM, 62);
        await().atMost(WAIT).until(() -> detections(d.id(), modelId).size() == 3);

        long other = TestModels.insert(ds, files.dataRoot(), "other", TestModels.barkBeepModel(), List.of(bark, beep));
        long jobId = asAdmin()
                .contentType("application/json")
                .body(Map.of("modelId", other, "fromMs", last, "toMs", first + 3000, "deviceId", d.id()))
                .post("/api/v1/detections/jobs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/jobs/" + jobId)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("done"))
                        .body("total", equalTo(3))
                        .body("done", equalTo(3))
                        .body("stored", equalTo(3)));
        assertThat(detections(d.id(), other))
                .extracting(x -> x.get("tag"))
                .containsExactlyInAnyOrder("bark", "beep", null);
        assertThat(detections(d.id(), null)).hasSize(6);

        asAdmin()
                .contentType("application/json")
                .body(Map.of("modelId", 999999999, "fromMs", 1000, "toMs", 2000))
                .post("/api/v1/detections/jobs")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-model"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("modelId", other, "fromMs", 2000, "toMs", 1000))
                .post("/api/v1/detections/jobs")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-range"));
    }

    @Test
    void dashboardSummariesCountPerTag() {
        Device d = createDevice("detect-summary");
        long start = nextStart();
        uploadSound(d, start, SyntheticSounds.Kind.BARK, 70);
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BARK, 71);
        uploadSound(d, nextStart(), SyntheticSounds.Kind.BEEP, 72);
        await().atMost(WAIT).until(() -> detections(d.id(), modelId).size() == 3);
        long now = System.currentTimeMillis();
        List<Map<String, Object>> tags = asAdmin()
                .queryParam("modelId", modelId)
                .queryParam("from", now - 86_400_000L)
                .queryParam("to", now + 60_000)
                .queryParam("deviceId", d.id())
                .get("/api/v1/detections/tags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(tags)
                .filteredOn(t -> "bark".equals(t.get("tag")))
                .singleElement()
                .satisfies(t -> assertThat(t).containsEntry("count", 2).containsEntry("lastMs", start));
        assertThat(tags)
                .filteredOn(t -> "beep".equals(t.get("tag")))
                .singleElement()
                .satisfies(t -> assertThat(t).containsEntry("count", 1));
        List<Map<String, Object>> buckets = asAdmin()
                .queryParam("modelId", modelId)
                .queryParam("from", now - 86_400_000L)
                .queryParam("to", now + 60_000)
                .queryParam("deviceId", d.id())
                .queryParam("bucketMs", 3_600_000)
                .get("/api/v1/detections/histogram")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(buckets.stream()
                        .mapToLong(b -> ((Number) b.get("count")).longValue())
                        .sum())
                .isEqualTo(3);
        List<Map<String, Object>> latest = asAdmin()
                .queryParam("modelId", modelId)
                .queryParam("deviceId", d.id())
                .get("/api/v1/detections/latest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(latest).hasSize(3).first().satisfies(x -> assertThat(x).containsEntry("startMs", start));

        String metrics =
                given().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "buddybork_detection_segments_scored_total",
                        "buddybork_detections_total{tag=\"bark\"}",
                        "buddybork_detection_unknown_total",
                        "buddybork_detection_queue_depth",
                        "buddybork_detection_backlog",
                        "buddybork_detection_scoring_seconds_bucket",
                        "buddybork_detection_delay_seconds_bucket",
                        "buddybork_detection_model_ready 1.0");
    }
}
