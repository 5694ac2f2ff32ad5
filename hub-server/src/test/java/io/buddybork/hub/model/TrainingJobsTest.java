package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The training job's rules: one at a time, cancel while queued or running, restart during training. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingJobsTest {

    @Inject
    TrainingJobs jobs;

    @Inject
    AgroalDataSource ds;

    @Inject
    ModelTrainer trainer;

    private ModelFixtures.Scenario s;

    @BeforeEach
    void seed() {
        if (s != null) {
            return; // seeded once per class; RestAssured is only set up around each test
        }
        s = ModelFixtures.seed(2, 2, 3);
    }

    private Map<String, Object> body() {
        return Map.of(
                "name",
                "job test",
                "tagIds",
                List.of(s.toneTag(), s.noiseTag()),
                "train",
                Map.of("days", s.day(0), "backgroundDays", s.day(0)),
                "test",
                Map.of("days", s.day(1), "backgroundDays", s.day(1)));
    }

    @Test
    void aSecondTrainingWhileOneRunsIsBusyAndCancelStopsTheRunningOne() {
        long models = Db.queryLong(ds, "select count(*) from model");
        CountDownLatch gate = new CountDownLatch(1);
        holdNextJob(gate);
        long job = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(body())
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "running"
                            .equals(asAdmin()
                                    .get("/api/v1/models/jobs/" + job)
                                    .then()
                                    .extract()
                                    .path("state")));
            asAdmin()
                    .contentType("application/json")
                    .body(body())
                    .post("/api/v1/models")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("training-busy"));
            asAdmin().get("/api/v1/models/jobs/current").then().statusCode(200).body("jobId", equalTo((int) job));
            asAdmin()
                    .post("/api/v1/models/jobs/" + job + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("stage", equalTo("cancelling"));
        } finally {
            gate.countDown();
        }
        JsonPath end = ModelApiTest.awaitEnd(job);
        assertThat(end.getString("state")).isEqualTo("cancelled");
        assertThat(end.get("modelId") == null).isTrue();
        assertThat(Db.queryLong(ds, "select count(*) from model")).isEqualTo(models);
        assertThat(Db.queryLong(ds, "select count(*) from model_job where id = ? and state = 'cancelled'", job))
                .isEqualTo(1);
        // cancelling a finished job changes nothing
        asAdmin()
                .post("/api/v1/models/jobs/" + job + "/cancel")
                .then()
                .statusCode(200)
                .body("state", equalTo("cancelled"));
        // and the next training may start
        long next = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(body())
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
        assertThat(ModelApiTest.awaitEnd(next).getString("state")).isEqualTo("succeeded");
    }

    @Test
    void longPollAnswersWhenTheJobChanges() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        holdNextJob(gate);
        long job = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(body())
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
        try {
            // held at the gate once running: from then on nothing changes until the gate opens
            JsonPath first = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> asAdmin()
                                    .get("/api/v1/models/jobs/" + job)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath(),
                            j -> "running".equals(j.getString("state")));
            CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> asAdmin()
                    .get("/api/v1/models/jobs/" + job + "?wait=25&version=" + first.getLong("version"))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath());
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !poll.isDone());

            gate.countDown();

            JsonPath changed = poll.get(30, TimeUnit.SECONDS);
            assertThat(changed.getLong("version")).isNotEqualTo(first.getLong("version"));
        } finally {
            gate.countDown();
        }
        ModelApiTest.awaitEnd(job);
        asAdmin()
                .get("/api/v1/models/jobs/" + job + "?wait=99&version=1")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-wait"));
    }

    @Test
    void aRestartMarksUnfinishedJobsFailedAndRemovesModelFilesWithoutARow() throws Exception {
        long orphanJob;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into model_job (state, stage, progress, request) values ('running', 'featurising 5/9 segments', 0.4, '{}') returning id")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                orphanJob = rs.getLong(1);
            }
        }
        Path dir = jobs.modelsDir();
        Files.createDirectories(dir);
        Path half = dir.resolve("20260101-000000-job" + orphanJob + ".model");
        Files.write(half, new byte[] {1, 2, 3});
        Path temp = dir.resolve(".x.model.123.tmp");
        Files.write(temp, new byte[] {1});

        // a real model of this run, whose files must survive the clean-up
        long real = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(body())
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
        assertThat(ModelApiTest.awaitEnd(real).getString("state")).isEqualTo("succeeded");
        List<Path> kept = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select file_path from model where file_path is not null");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Path p = jobs.modelsDir().getParent().resolve(rs.getString(1));
                if (Files.exists(p)) { // rows of earlier runs point into their own (gone) data directories
                    kept.add(p);
                }
            }
        }

        assertThat(jobs.recoverAfterRestart()).isGreaterThanOrEqualTo(1);
        assertThat(jobs.removeOrphanFiles()).isGreaterThanOrEqualTo(2);

        asAdmin()
                .get("/api/v1/models/jobs/" + orphanJob)
                .then()
                .statusCode(200)
                .body("state", equalTo("failed"))
                .body("error", equalTo(TrainingJobs.RESTARTED));
        assertThat(half).doesNotExist();
        assertThat(temp).doesNotExist();
        // files of real models stay
        assertThat(kept).isNotEmpty().allSatisfy(p -> assertThat(p).isRegularFile());
    }

    /**
     * Makes the next training job, once running, wait until {@code gate} opens: this test's own
     * stand-in for the trainer (reset by Quarkus after the test), so the hub needs no test seam.
     */
    private void holdNextJob(CountDownLatch gate) {
        QuarkusMock.installMockForType(new HeldTrainer(ClientProxy.unwrap(trainer), gate), ModelTrainer.class);
    }

    /** The real trainer, behind a gate the first job waits at. */
    static final class HeldTrainer extends ModelTrainer {
        private final ModelTrainer real;
        private final CountDownLatch gate;
        private final AtomicBoolean held = new AtomicBoolean();

        HeldTrainer(ModelTrainer real, CountDownLatch gate) {
            super(null, null, null, null, null);
            this.real = real;
            this.gate = gate;
        }

        @Override
        public Outcome train(TrainingPlan plan, JobControl control) {
            if (held.compareAndSet(false, true)) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JobControl.TrainingCancelled();
                }
            }
            return real.train(plan, control);
        }
    }
}
