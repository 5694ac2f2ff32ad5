package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.detect.ActiveModelChanged;
import io.buddybork.hub.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The model API end to end over HTTP: train from annotated days in the background, follow the
 * job, read the metrics, activate, rename, download, import, delete, and every refusal.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelApiTest {
    private static final Duration TRAINING = Duration.ofMinutes(4);

    @Inject
    AgroalDataSource ds;

    @Inject
    ActiveModelEvents events;

    @Inject
    TrainingJobs jobs;

    @Inject
    io.buddybork.hub.ingest.SegmentFiles files;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFixtures.Scenario s;
    private long modelId;

    @BeforeEach
    void seedAndTrain() {
        if (s != null) {
            return; // seeded once per class; RestAssured is only set up around each test
        }
        s = ModelFixtures.seed(3, 4, 6);
        long job = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(request("beeps and hisses"))
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
        JsonPath done = awaitEnd(job);
        assertThat(done.getString("state")).as(done.prettify()).isEqualTo("succeeded");
        assertThat(done.getFloat("progress")).isEqualTo(1.0f);
        assertThat(done.getString("error")).isNull();
        modelId = done.getLong("modelId");
    }

    private Map<String, Object> request(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("tagIds", List.of(s.toneTag(), s.noiseTag()));
        body.put("train", Map.of("days", s.day(0, 1), "backgroundDays", s.day(0, 1)));
        body.put("test", Map.of("days", s.day(2), "backgroundDays", s.day(2)));
        return body;
    }

    static JsonPath awaitEnd(long job) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(TRAINING).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = asAdmin()
                    .get("/api/v1/models/jobs/" + job)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String state = last[0].getString("state");
            return !state.equals("queued") && !state.equals("running");
        });
        return last[0];
    }

    @Test
    void trainedModelShowsConfusionMatrixPerTagFiguresAndTrainingSummary() {
        JsonPath m = asAdmin()
                .get("/api/v1/models/" + modelId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(m.getString("name")).isEqualTo("beeps and hisses");
        assertThat(m.getList("tags.name")).containsExactly(s.toneName(), s.noiseName());
        assertThat(m.getList("tags.id", Long.class)).containsExactly(s.toneTag(), s.noiseTag());
        assertThat(m.getList("metrics.confusion_matrix.labels"))
                .containsExactly(s.toneName(), s.noiseName(), "unknown");
        List<List<Integer>> counts = m.getList("metrics.confusion_matrix.counts");
        assertThat(counts).hasSize(3);
        // 4 annotations per tag on the test day, one 3 s window each
        assertThat(counts.get(0).stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        assertThat(counts.get(1).stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                if (c != r) {
                    assertThat(counts.get(r).get(r))
                            .as("row %d", r)
                            .isGreaterThan(counts.get(r).get(c));
                }
            }
        }
        assertThat(m.getMap("metrics.per_tag." + s.toneName())).containsKeys("precision", "recall", "f1", "threshold");
        // honest figures: counts and intervals behind each, the rule behind each threshold, warnings
        assertThat(m.getMap("metrics.per_tag." + s.toneName()))
                .containsKeys(
                        "precision_ci",
                        "recall_ci",
                        "true_positives",
                        "predicted",
                        "threshold_basis",
                        "calibration_examples");
        List<Float> recallCi = m.getList("metrics.per_tag." + s.toneName() + ".recall_ci");
        assertThat(recallCi).hasSize(2);
        assertThat(recallCi.get(0)).isLessThanOrEqualTo(m.getFloat("metrics.per_tag." + s.toneName() + ".recall"));
        assertThat(recallCi.get(1)).isGreaterThanOrEqualTo(m.getFloat("metrics.per_tag." + s.toneName() + ".recall"));
        assertThat(m.getInt("metrics.per_tag." + s.toneName() + ".calibration_examples"))
                .isEqualTo(8);
        // 8 training clips per tag cannot promise precision 0.9; 8 test clips and 36 s of background are little
        assertThat(m.getList("metrics.warnings", String.class))
                .anyMatch(w -> w.contains("Test precision and recall rest on 8 labelled clips"))
                .anyMatch(w -> w.startsWith("False alarms were measured on"));
        assertThat(m.getDouble("metrics.false_alarms_per_hour_upper"))
                .isGreaterThan(m.getDouble("metrics.false_alarms_per_hour"));
        assertThat(m.getInt("metrics.unseen_hours.examples")).isEqualTo(8);
        assertThat(m.getList("training.background_suspects")).isNotNull();
        assertThat(m.getDouble("metrics.false_alarms_per_hour")).isGreaterThanOrEqualTo(0);
        assertThat(m.getList("metrics.pr_curves." + s.toneName() + ".recall")).isNotEmpty();
        assertThat(m.getList("metrics.time_of_day." + s.toneName())).hasSize(24);
        assertThat(m.getInt("training.examples_per_tag." + s.toneName())).isEqualTo(8);
        assertThat(m.getInt("training.annotations_per_tag." + s.noiseName())).isEqualTo(8);
        // quiet segments of the two training days: 2 x (8 between events + 6 after)
        assertThat(m.getInt("training.background_segments")).isEqualTo(28);
        assertThat(m.getInt("training.background_available")).isEqualTo(28);
        assertThat(m.getList("training.train_days")).containsExactlyElementsOf(s.day(0, 1));
        assertThat(m.getString("filePath")).startsWith("models/").endsWith(".model");
        assertThat(files.dataRoot().resolve(m.getString("filePath"))).isRegularFile();
        // every training segment is protected: 8 event segments per tag and the 28 background ones
        assertThat(Db.queryLong(ds, "select count(*) from model_training_segment where model_id = ?", modelId))
                .isEqualTo(16 + 28);

        JsonPath list =
                asAdmin().get("/api/v1/models").then().statusCode(200).extract().jsonPath();
        Map<String, Object> listed =
                list.getList("findAll { it.id == " + modelId + " }", Map.class).get(0);
        assertThat(listed).containsKeys("id", "name", "tags", "active", "created", "metrics");
        assertThat((Map<String, Object>) listed.get("metrics"))
                .containsKey("open_set_macro_f1")
                .doesNotContainKey("confusion_matrix");
    }

    @Test
    void metricsAndTrainingHaveTheJsonCapturedBeforeTheyWereTyped() throws Exception {
        JsonNode one = JSON.readTree(asAdmin()
                        .get("/api/v1/models/" + modelId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("metrics");
        JsonNode training = JSON.readTree(asAdmin()
                        .get("/api/v1/models/" + modelId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("training");
        JsonNode listed = null;
        for (JsonNode m : JSON.readTree(
                asAdmin().get("/api/v1/models").then().statusCode(200).extract().asString())) {
            if (m.get("id").asLong() == modelId) {
                listed = m.get("metrics");
            }
        }

        // the fixtures' model had the same tags under other names; figures may differ, keys and nulls may not
        assertThat(shape(one)).isEqualTo(shape(fixture("trained")));
        assertThat(shape(listed)).isEqualTo(shape(fixture("trained-headline")));
        assertThat(shape(training)).isEqualTo(shape(fixture("training")));
    }

    /** Every path of a JSON tree with the kind of its value; tag names as in the fixtures. */
    private Map<String, String> shape(JsonNode node) {
        Map<String, String> out = new java.util.TreeMap<>();
        shape("", node, out);
        return out;
    }

    private void shape(String path, JsonNode node, Map<String, String> out) {
        out.put(path, node.isNumber() ? "number" : node.getNodeType().toString());
        if (node.isObject()) {
            node.properties()
                    .forEach(e -> shape(
                            path + "/"
                                    + e.getKey()
                                            .replace(s.toneName(), "beep-410193")
                                            .replace(s.noiseName(), "hiss-410193"),
                            e.getValue(),
                            out));
        } else if (node.isArray() && !node.isEmpty()) {
            shape(path + "/[]", node.get(0), out);
        }
    }

    private static JsonNode fixture(String name) throws java.io.IOException {
        try (var in = ModelApiTest.class.getResourceAsStream("api-metrics/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void activateSwitchesTheActiveModelFiresEventsAndProtectsItFromDelete() {
        events.clear();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("modelId", modelId))
                .put("/api/v1/models/active")
                .then()
                .statusCode(200)
                .body("modelId", equalTo((int) modelId));
        asAdmin().get("/api/v1/models/active").then().statusCode(200).body("modelId", equalTo((int) modelId));
        assertThat(Db.queryLong(ds, "select count(*) from model where active")).isEqualTo(1);
        assertThat(events.seen()).containsExactly(new ActiveModelChanged(modelId));

        asAdmin().delete("/api/v1/models/" + modelId).then().statusCode(409).body("code", equalTo("model-active"));

        asAdmin()
                .contentType("application/json")
                .body("{\"modelId\": null}")
                .put("/api/v1/models/active")
                .then()
                .statusCode(200)
                .body("modelId", nullValue());
        assertThat(Db.queryLong(ds, "select count(*) from model where active")).isZero();
        assertThat(events.seen()).containsExactly(new ActiveModelChanged(modelId), new ActiveModelChanged(null));

        asAdmin()
                .contentType("application/json")
                .body(Map.of("modelId", 987654321))
                .put("/api/v1/models/active")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-model"));
    }

    @Test
    void downloadImportRenameAndDelete() throws Exception {
        byte[] file = asAdmin()
                .get("/api/v1/models/" + modelId + "/file")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("BBRKMODL");
        asAdmin()
                .get("/api/v1/models/" + modelId + "/metadata")
                .then()
                .statusCode(200)
                .body("tags.size()", equalTo(2));

        JsonPath imported = asAdmin()
                .contentType("application/octet-stream")
                .body(file)
                .post("/api/v1/models/import?name=from the CLI")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        long importedId = imported.getLong("id");
        assertThat(shape(JSON.valueToTree(imported.getMap("metrics")))).isEqualTo(shape(fixture("imported")));
        assertThat(shape(JSON.valueToTree(imported.getMap("training")))).isEqualTo(shape(fixture("training-imported")));
        assertThat(imported.getString("name")).isEqualTo("from the CLI");
        assertThat(imported.getList("tags.id", Long.class)).containsExactly(s.toneTag(), s.noiseTag());

        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "renamed"))
                .put("/api/v1/models/" + importedId)
                .then()
                .statusCode(200)
                .body("name", equalTo("renamed"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", " "))
                .put("/api/v1/models/" + importedId)
                .then()
                .statusCode(400)
                .body("code", equalTo("missing-name"));

        Path stored = files.dataRoot().resolve(imported.getString("filePath"));
        assertThat(stored).isRegularFile();
        asAdmin().delete("/api/v1/models/" + importedId).then().statusCode(204);
        assertThat(stored).doesNotExist();
        asAdmin().get("/api/v1/models/" + importedId).then().statusCode(404).body("code", equalTo("unknown-model"));
        asAdmin().delete("/api/v1/models/" + importedId).then().statusCode(404);
    }

    @Test
    void importRefusesCorruptAndIncompatibleFiles() throws Exception {
        long before = Db.queryLong(ds, "select count(*) from model");
        asAdmin()
                .contentType("application/octet-stream")
                .body("not a model at all".getBytes())
                .post("/api/v1/models/import")
                .then()
                .statusCode(400)
                .body("code", equalTo("corrupt-model"))
                .body("detail", org.hamcrest.Matchers.containsString("not a Buddybork model file"));

        byte[] file = asAdmin()
                .get("/api/v1/models/" + modelId + "/file")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        byte[] flipped = file.clone();
        flipped[flipped.length / 2] ^= 0x55;
        asAdmin()
                .contentType("application/octet-stream")
                .body(flipped)
                .post("/api/v1/models/import")
                .then()
                .statusCode(400)
                .body("code", equalTo("corrupt-model"))
                .body("detail", org.hamcrest.Matchers.containsString("checksum"));

        byte[] otherVersion = file.clone();
        ByteBuffer.wrap(otherVersion).putInt(12, 99); // after magic (8) and format (4): the feature version
        asAdmin()
                .contentType("application/octet-stream")
                .body(otherVersion)
                .post("/api/v1/models/import")
                .then()
                .statusCode(400)
                .body("code", equalTo("incompatible-model"))
                .body("detail", org.hamcrest.Matchers.containsString("feature version 99"));

        asAdmin()
                .contentType("application/octet-stream")
                .body(new byte[0])
                .post("/api/v1/models/import")
                .then()
                .statusCode(400)
                .body("code", equalTo("corrupt-model"));
        assertThat(Db.queryLong(ds, "select count(*) from model")).isEqualTo(before);
        try (var left = Files.list(jobs.modelsDir())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".upload"));
        }
    }

    @Test
    void impossibleSplitsAreRefusedWithTheReason() {
        refused(Map.of("tagIds", List.of()), "no-tags");
        refused(Map.of("name", ""), "missing-name");
        refused(Map.of("tagIds", List.of(s.toneTag(), 987654321L)), "unknown-tag");
        refused(Map.of("train", Map.of("days", s.day(0), "backgroundDays", List.of())), "no-background");
        refused(Map.of("train", Map.of("days", List.of(), "backgroundDays", s.day(0))), "no-training-days");
        refused(Map.of("train", Map.of("days", s.day(0), "backgroundDays", s.day(2))), "split-overlap");
        refused(Map.of("train", Map.of("days", List.of("2020-13-01"), "backgroundDays", s.day(0))), "bad-day");
        // a day without annotations of the chosen tags: nothing to learn from
        refused(
                Map.of(
                        "train",
                        Map.of("days", List.of(s.days().get(0).minusDays(1).toString()), "backgroundDays", s.day(0))),
                "tag-without-examples");
        refused(
                Map.of(
                        "train",
                        Map.of(
                                "days",
                                s.day(0),
                                "backgroundDays",
                                List.of(s.days().get(0).minusDays(1).toString()))),
                "no-background");
        refused(Map.of("options", Map.of("flux", 3)), "unknown-option");
        refused(Map.of("options", Map.of("classifier", "ORACLE")), "bad-option");
        refused(Map.of("options", Map.of("targetPrecision", 1.5)), "bad-option");
        asAdmin()
                .contentType("application/json")
                .body("{\"name\": ")
                .post("/api/v1/models")
                .then()
                .statusCode(400)
                .body("code", equalTo("malformed-json"));
    }

    private void refused(Map<String, Object> change, String code) {
        Map<String, Object> body = request("refused");
        body.putAll(change);
        asAdmin()
                .contentType("application/json")
                .body(body)
                .post("/api/v1/models")
                .then()
                .statusCode(400)
                .body("code", equalTo(code))
                .body("detail", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void viewersLookButCannotChangeAnything() {
        String viewer = "modelviewer" + System.nanoTime() % 100000;
        asAdmin()
                .contentType("application/json")
                .body(Map.of("username", viewer, "password", "viewer-password-1", "role", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        var as = (java.util.function.Supplier<io.restassured.specification.RequestSpecification>)
                () -> io.restassured.RestAssured.given().auth().preemptive().basic(viewer, "viewer-password-1");
        as.get().get("/api/v1/models").then().statusCode(200);
        as.get().get("/api/v1/models/" + modelId).then().statusCode(200);
        as.get().get("/api/v1/models/options").then().statusCode(200);
        as.get()
                .contentType("application/json")
                .body(request("nope"))
                .post("/api/v1/models")
                .then()
                .statusCode(403);
        as.get()
                .contentType("application/json")
                .body(Map.of("modelId", modelId))
                .put("/api/v1/models/active")
                .then()
                .statusCode(403);
        as.get().delete("/api/v1/models/" + modelId).then().statusCode(403);
        as.get()
                .contentType("application/json")
                .body(Map.of("name", "x"))
                .put("/api/v1/models/" + modelId)
                .then()
                .statusCode(403);
        as.get()
                .contentType("application/octet-stream")
                .body(new byte[] {1})
                .post("/api/v1/models/import")
                .then()
                .statusCode(403);
        as.get().post("/api/v1/models/jobs/1/cancel").then().statusCode(403);
        io.restassured.RestAssured.given().get("/api/v1/models").then().statusCode(401);
    }

    @Test
    void optionsComeFromTheRecognitionModule() {
        JsonPath o = asAdmin()
                .get("/api/v1/models/options")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> options = o.getList("options");
        Map<String, Object> classifier = options.stream()
                .filter(x -> x.get("name").equals("classifier"))
                .findFirst()
                .orElseThrow();
        assertThat(classifier.get("kind")).isEqualTo("choice");
        assertThat((List<String>) classifier.get("choices"))
                .contains(io.buddybork.recognition.model.ModelConfig.defaults()
                        .classifier()
                        .name());
        Map<String, Object> precision = options.stream()
                .filter(x -> x.get("name").equals("targetPrecision"))
                .findFirst()
                .orElseThrow();
        assertThat(((Number) precision.get("defaultValue")).doubleValue())
                .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(o.getString("featureFingerprint")).isNotBlank();
    }

    @Test
    void unknownJobsAndModelsAre404() {
        asAdmin().get("/api/v1/models/jobs/987654321").then().statusCode(404).body("code", equalTo("unknown-job"));
        asAdmin().get("/api/v1/models/987654321").then().statusCode(404).body("code", equalTo("unknown-model"));
        asAdmin().get("/api/v1/models/987654321/file").then().statusCode(404);
    }

    @Test
    void daysOverviewCountsSegmentsAndAnnotationsPerTag() {
        JsonPath d = asAdmin()
                .get("/api/v1/models/days")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> first = d.getList("findAll { it.day == '" + s.days().get(0) + "' }", Map.class)
                .get(0);
        assertThat(((Number) first.get("segments")).longValue()).isEqualTo(4 * 2 * 2 + 6);
        Map<String, Object> annots = (Map<String, Object>) first.get("annotations");
        assertThat(((Number) annots.get(Long.toString(s.toneTag()))).intValue()).isEqualTo(4);
    }
}
