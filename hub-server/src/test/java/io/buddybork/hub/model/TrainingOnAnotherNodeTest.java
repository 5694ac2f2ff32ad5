package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A web node without the {@code train} role accepts training requests, keeps them queued for a
 * train node, and shows the state of a job another node runs from its row: progress, the end,
 * a cancel through the row, and "busy" while that node is alive.
 */
@QuarkusTest
@OwnStart
@TestProfile(io.buddybork.hub.testing.SharedHub.class)
public class TrainingOnAnotherNodeTest {

    /** A front node: web, ingest and detect, no train. */
    public static class WebOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.roles", "web,ingest,detect");
        }
    }

    @Inject
    AgroalDataSource ds;

    private ModelFixtures.Scenario s;

    @BeforeEach
    void seed() {
        if (s == null) {
            s = ModelFixtures.seed(2, 2, 3);
        }
    }

    private long train(String name) {
        return ((Number) asAdmin()
                        .contentType("application/json")
                        .body(Map.of(
                                "name",
                                name,
                                "tagIds",
                                List.of(s.toneTag(), s.noiseTag()),
                                "train",
                                Map.of("days", s.day(0), "backgroundDays", s.day(0))))
                        .post("/api/v1/models")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId"))
                .longValue();
    }

    @Test
    void aRequestWaitsQueuedForATrainNodeAndIsShownRunAndEndedByIt() {
        long job = train("elsewhere");
        asAdmin().get("/api/v1/models/jobs/" + job).then().statusCode(200).body("state", equalTo("queued"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of(
                        "name",
                        "second",
                        "tagIds",
                        List.of(s.toneTag()),
                        "train",
                        Map.of("days", s.day(0), "backgroundDays", s.day(0))))
                .post("/api/v1/models")
                .then()
                .statusCode(409)
                .body("code", equalTo("training-busy"));

        // a train node claims it and reports progress through the row
        Db.update(
                ds,
                "update model_job set state = 'running', owner = 'worker-b/1/0', heartbeat = ?, progress = 0.5,"
                        + " stage = 'featurising 3/6 segments' where id = ?",
                Timestamp.from(Instant.now()),
                job);
        asAdmin()
                .get("/api/v1/models/jobs/" + job)
                .then()
                .statusCode(200)
                .body("state", equalTo("running"))
                .body("progress", equalTo(0.5f))
                .body("stage", equalTo("featurising 3/6 segments"));
        asAdmin().get("/api/v1/models/jobs/current").then().statusCode(200).body("jobId", equalTo((int) job));

        // cancel on this node reaches the other one through the row
        asAdmin().post("/api/v1/models/jobs/" + job + "/cancel").then().statusCode(200);
        assertThat(Db.queryLong(ds, "select count(*) from model_job where id = ? and cancel_requested", job))
                .isEqualTo(1);

        Db.update(
                ds,
                "update model_job set state = 'cancelled', stage = 'cancelled', finished = now() where id = ?",
                job);
        asAdmin().get("/api/v1/models/jobs/" + job).then().statusCode(200).body("state", equalTo("cancelled"));
    }

    @Test
    void aQueuedRequestIsCancelledAtOnce() {
        long job = train("never run");
        asAdmin()
                .post("/api/v1/models/jobs/" + job + "/cancel")
                .then()
                .statusCode(200)
                .body("state", equalTo("cancelled"));
        train("the next one"); // no longer busy
        Db.update(ds, "update model_job set cancel_requested = true, state = 'cancelled' where state = 'queued'");
    }
}
