package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The first model an owner builds, as the models page guides: labels at one hour of past days,
 * trained with the defaults through the API, activated, then sounds uploaded live at an hour
 * nobody labelled. Also the sensitivity control moving live decisions, and the uncertain-sounds
 * list ranking what is worth labelling.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstModelLiveTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    AgroalDataSource ds;

    @Inject
    ModelService library;

    private ModelFixtures.Scenario s;
    private long modelId;

    @BeforeEach
    void seedAndTrain() {
        if (s != null) {
            return;
        }
        // labels at 09:00 UTC on three past days (ModelFixtures), nothing labelled at any other hour
        s = ModelFixtures.seed(3, 4, 6);
        modelId = trainWithDefaults("first model");
    }

    /** Trains a model of both tags on days 0-1, tested on day 2, with no options (the page's defaults). */
    private long trainWithDefaults(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("tagIds", List.of(s.toneTag(), s.noiseTag()));
        body.put("train", Map.of("days", s.day(0, 1), "backgroundDays", s.day(0, 1)));
        body.put("test", Map.of("days", s.day(2), "backgroundDays", s.day(2)));
        long job = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(body)
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
        JsonPath done = ModelApiTest.awaitEnd(job);
        assertThat(done.getString("state")).as(done.prettify()).isEqualTo("succeeded");
        return done.getLong("modelId");
    }

    @AfterAll
    void deactivate() { // RestAssured no longer knows the port here: through the library itself
        library.activate(null);
    }

    private static void activate(Long id) {
        Map<String, Object> body = new HashMap<>();
        body.put("modelId", id);
        asAdmin()
                .contentType("application/json")
                .body(body)
                .put("/api/v1/models/active")
                .then()
                .statusCode(200);
    }

    /** A day after the seeded ones, so nothing there was labelled or trained on. */
    private LocalDate liveDay() {
        return s.days().get(2).plusDays(2);
    }

    private String detectedTag(long rawId) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Db.queryLong(
                                ds, "select count(*) from detection where raw_id = ? and model_id = ?", rawId, modelId)
                        == 1);
        return Db.queryString(
                ds,
                "select coalesce(t.name, 'unknown') from detection d left join tag t on t.id = d.tag_id"
                        + " where d.raw_id = ? and d.model_id = ?",
                rawId,
                modelId);
    }

    private long upload(HubApi.Device device, long startMs, byte[] wav) {
        return ((Number) HubApi.upload(device.token(), startMs, wav)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    @Test
    void aModelTrainedWithDefaultsDetectsItsTagsTwelveHoursAfterEveryLabel() {
        activate(modelId);
        HubApi.Device device = HubApi.createDevice("unseen-hour-" + System.nanoTime() % 100000);
        long t = liveDay().atTime(21, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long tone = upload(device, t, ModelFixtures.tone(9001));
        long hiss = upload(device, t + 60_000, ModelFixtures.noise(9002));
        long quiet = upload(device, t + 120_000, ModelFixtures.quiet(9003));
        assertThat(detectedTag(tone)).isEqualTo(s.toneName());
        assertThat(detectedTag(hiss)).isEqualTo(s.noiseName());
        assertThat(detectedTag(quiet)).isEqualTo("unknown");

        // the model's own figures say the same about an hour training never saw
        JsonPath m = asAdmin()
                .get("/api/v1/models/" + modelId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(m.getInt("metrics.unseen_hours.caught_12_hours_later"))
                .isEqualTo(m.getInt("metrics.unseen_hours.caught_at_their_hour"))
                .isPositive();
        assertThat(m.getDouble("metrics.unseen_hours.time_prior_weight")).isZero();
    }

    @Test
    void theSensitivityControlMovesLiveDetectionsAsItsFiguresPromise() {
        activate(modelId);
        JsonPath view = asAdmin()
                .get("/api/v1/models/" + modelId + "/sensitivity")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String tone = s.toneName();
        Map<String, Object> toneView = view.getMap("tags.find { it.tag == '" + tone + "' }");
        assertThat(toneView).containsEntry("custom", false).containsEntry("positives", 8);
        // false alarms per day and per hour come from the background days' amount of sound
        assertThat(view.getDouble("soundSegmentsPerDay")).isPositive();
        Map<String, Object> lenientest = view.getMap("tags.find { it.tag == '" + s.toneName() + "' }.points[-1]");
        assertThat(lenientest).containsKeys("falseAlarmsPerDay", "falseAlarmsPerHour", "precisionLow", "recallHigh");
        List<Map<String, Object>> points = view.getList("tags.find { it.tag == '" + tone + "' }.points");
        assertThat(points).hasSizeGreaterThan(2);
        // strictest first: what each setting promises only grows towards the lenient end
        for (int i = 1; i < points.size(); i++) {
            assertThat(((Number) points.get(i).get("threshold")).doubleValue())
                    .isLessThan(((Number) points.get(i - 1).get("threshold")).doubleValue());
            assertThat((Integer) points.get(i).get("caught"))
                    .isGreaterThanOrEqualTo((Integer) points.get(i - 1).get("caught"));
        }
        HubApi.Device device = HubApi.createDevice("sensitivity-" + System.nanoTime() % 100000);
        long t = liveDay().atTime(22, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

        // the strictest setting promises to catch none of the tag's clips: a new tone is unknown
        JsonPath strict = put(Map.of(tone, 1.0)).statusCode(200).extract().jsonPath();
        assertThat(strict.getInt("tags.find { it.tag == '" + tone + "' }.current.caught"))
                .isZero();
        assertThat(strict.getBoolean("tags.find { it.tag == '" + tone + "' }.custom"))
                .isTrue();
        assertThat(detectedTag(upload(device, t, ModelFixtures.tone(9101)))).isNotEqualTo(tone);

        // the most lenient point promises every clip: a new tone is detected
        double lenient = ((Number) points.get(points.size() - 1).get("threshold")).doubleValue();
        JsonPath loose = put(Map.of(tone, lenient)).statusCode(200).extract().jsonPath();
        assertThat(loose.getInt("tags.find { it.tag == '" + tone + "' }.current.caught"))
                .isEqualTo(8);
        assertThat(detectedTag(upload(device, t + 60_000, ModelFixtures.tone(9102))))
                .isEqualTo(tone);
        assertThat(asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getDouble("tags.find { it.name == '" + tone + "' }.threshold"))
                .isCloseTo(lenient, org.assertj.core.data.Offset.offset(1e-6));

        // null goes back to the trained threshold; the setting is kept with the model row until then
        Map<String, Object> reset = new HashMap<>();
        reset.put(tone, null);
        JsonPath back = put(reset).statusCode(200).extract().jsonPath();
        assertThat(back.getBoolean("tags.find { it.tag == '" + tone + "' }.custom"))
                .isFalse();
        assertThat(back.getDouble("tags.find { it.tag == '" + tone + "' }.threshold"))
                .isCloseTo(
                        back.getDouble("tags.find { it.tag == '" + tone + "' }.trainedThreshold"),
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Db.queryString(ds, "select cast(thresholds as text) from model where id = ?", modelId))
                .isNull();
    }

    @Test
    void aDetectionRejectedAsNoneOfTheTagsTeachesTheNextModel() {
        activate(null);
        // a live false alarm of the training microphone on a day outside every split, rejected
        // without a right tag
        HubApi.Device device = new HubApi.Device(s.deviceId(), s.deviceToken());
        long t = liveDay().plusDays(3).atTime(3, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long raw = upload(device, t, ModelFixtures.noise(9301));
        Db.update(
                ds,
                "insert into detection (raw_id, model_id, start_time, tag_id, score, scores, best_tag, review)"
                        + " select id, ?, start_time, ?, 0.9, '{}'::jsonb, ?, 'rejected' from raw where id = ?",
                modelId,
                s.noiseTag(),
                s.noiseName(),
                raw);
        long next = trainWithDefaults("after a review");
        JsonPath m = asAdmin()
                .get("/api/v1/models/" + next)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(m.getInt("training.rejected_detections_used")).isGreaterThanOrEqualTo(1);
        // it trained the model (so retention keeps it) as one of its background segments
        assertThat(Db.queryLong(
                        ds, "select count(*) from model_training_segment where model_id = ? and raw_id = ?", next, raw))
                .isEqualTo(1);
    }

    @Test
    void badSensitivitySettingsAreRefusedWithTheReason() {
        put(Map.of("no-such-tag", 0.5)).statusCode(400).body("code", equalTo("unknown-tag"));
        put(Map.of(s.toneName(), 1.5)).statusCode(400).body("code", equalTo("invalid-threshold"));
        asAdmin()
                .contentType("application/json")
                .body("{}")
                .put("/api/v1/models/" + modelId + "/sensitivity")
                .then()
                .statusCode(400)
                .body("code", equalTo("missing-field"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("thresholds", Map.of(s.toneName(), 0.5)))
                .put("/api/v1/models/987654321/sensitivity")
                .then()
                .statusCode(404);
    }

    private io.restassured.response.ValidatableResponse put(Map<String, Object> thresholds) {
        return asAdmin()
                .contentType("application/json")
                .body(Map.of("thresholds", thresholds))
                .put("/api/v1/models/" + modelId + "/sensitivity")
                .then();
    }

    @Test
    void theUncertainListRanksAnAmbiguousSoundAboveClearOnesAndForgetsItOnceLabelled() {
        activate(null); // the rows below are arranged by hand, not scored live
        HubApi.Device device = HubApi.createDevice("uncertain-" + System.nanoTime() % 100000);
        long now = System.currentTimeMillis() / 3000 * 3000;
        long clearHigh = upload(device, now - 600_000, ModelFixtures.tone(9201));
        long ambiguous = upload(device, now - 540_000, ModelFixtures.tone(9202));
        long clearLow = upload(device, now - 480_000, ModelFixtures.quiet(9203));
        double threshold = asAdmin()
                .get("/api/v1/models/" + modelId + "/sensitivity")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getDouble("tags.find { it.tag == '" + s.toneName() + "' }.threshold");
        insertDetection(clearHigh, s.toneTag(), Math.min(1, threshold + 0.3));
        insertDetection(ambiguous, null, threshold - 0.01);
        insertDetection(clearLow, null, Math.max(0, threshold - 0.3));

        List<Map<String, Object>> list = uncertain();
        List<Long> raws = list.stream()
                .map(u -> ((Number) ((Map<?, ?>) u.get("detection")).get("rawId")).longValue())
                .toList();
        assertThat(raws).contains(ambiguous).doesNotContain(clearHigh, clearLow);
        Map<String, Object> first = list.stream()
                .filter(u -> ((Number) ((Map<?, ?>) u.get("detection")).get("rawId")).longValue() == ambiguous)
                .findFirst()
                .orElseThrow();
        assertThat(first).containsEntry("reason", "just-under-threshold");
        assertThat(((Number) first.get("margin")).doubleValue())
                .isCloseTo(-0.01, org.assertj.core.data.Offset.offset(1e-6));

        // one click: "it is a tone" becomes an annotation, and the sound leaves the list
        long detectionId = ((Number) ((Map<?, ?>) first.get("detection")).get("id")).longValue();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("review", "rejected", "tagId", s.toneTag()))
                .post("/api/v1/detections/" + detectionId + "/review")
                .then()
                .statusCode(200);
        assertThat(uncertain())
                .noneMatch(u -> ((Number) ((Map<?, ?>) u.get("detection")).get("rawId")).longValue() == ambiguous);
        assertThat(Db.queryLong(
                        ds, "select count(*) from annot where device_id = ? and tag_id = ?", device.id(), s.toneTag()))
                .isEqualTo(1);
    }

    private List<Map<String, Object>> uncertain() {
        return asAdmin()
                .queryParam("modelId", modelId)
                .queryParam("limit", 200)
                .get("/api/v1/detections/uncertain")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private void insertDetection(long rawId, Long tagId, double score) {
        Db.update(
                ds,
                "insert into detection (raw_id, model_id, start_time, tag_id, score, scores, best_tag)"
                        + " select id, ?, start_time, ?, ?, cast(? as jsonb), ? from raw where id = ?",
                modelId,
                tagId,
                score,
                "{\"" + s.toneName() + "\": " + score + ", \"" + s.noiseName() + "\": 0.1}",
                s.toneName(),
                rawId);
    }
}
