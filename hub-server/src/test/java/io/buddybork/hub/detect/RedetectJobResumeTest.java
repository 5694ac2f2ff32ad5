package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Re-detect jobs outlive the process that ran them: a job row left running by a hub that died (its
 * lease expired) is claimed by this hub and finished from where the dead one stopped, and its
 * progress is what the API shows.
 */
@QuarkusTest
class RedetectJobResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 7_200_000L) / 3000 * 3000);

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    private record Stored(long raw, long startMs) {}

    private List<Stored> uploadThree(Device d) {
        List<Stored> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = NEXT_START.addAndGet(-3000);
            long raw = upload(d.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 40 + i))
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("id");
            out.add(new Stored(raw, start));
        }
        return out; // newest first
    }

    private long inactiveModel(String name) {
        return TestModels.insert(
                ds,
                files.dataRoot(),
                name,
                TestModels.barkBeepModel(),
                List.of(TestModels.tag("bark"), TestModels.tag("beep")));
    }

    /** A row as a hub that died while running the job leaves it: running, its heartbeat an hour old. */
    private long abandonedJob(long model, Device d, long fromMs, long toMs, Stored cursor, long done) {
        Timestamp hourAgo = Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
        return Db.queryLong(
                ds,
                """
                insert into redetect_job (model_id, from_ms, to_ms, device_id, state, total, done, stored,
                    cursor_ms, cursor_id, owner, heartbeat, created)
                values (?, ?, ?, ?, 'running', 3, ?, ?, ?, ?, 'a-dead-hub/1/0', ?, ?) returning id""",
                model,
                fromMs,
                toMs,
                d.id(),
                done,
                done,
                cursor == null ? null : cursor.startMs(),
                cursor == null ? null : cursor.raw(),
                hourAgo,
                hourAgo);
    }

    private long detections(long model, long device) {
        return Db.queryLong(
                ds,
                "select count(*) from detection d join raw r on r.id = d.raw_id where d.model_id = ? and r.device_id = ?",
                model,
                device);
    }

    @Test
    void aJobWhoseHubDiedIsResumedAndFinished() {
        Device d = createDevice("redetect-resume");
        List<Stored> s = uploadThree(d);
        long model = inactiveModel("resume-all");
        long job = abandonedJob(model, d, s.get(2).startMs(), s.get(0).startMs() + 3000, null, 0);

        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/jobs/" + job)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("done"))
                        .body("done", equalTo(3))
                        .body("stored", equalTo(3)));
        assertThat(detections(model, d.id())).isEqualTo(3);
        assertThat(Db.queryLong(
                        ds, "select count(*) from redetect_job where id = ? and owner <> 'a-dead-hub/1/0'", job))
                .isEqualTo(1);
    }

    @Test
    void aResumedJobGoesOnFromWhereTheDeadHubStopped() {
        Device d = createDevice("redetect-cursor");
        List<Stored> s = uploadThree(d);
        long model = inactiveModel("resume-cursor");
        // the dead hub had scored the newest segment (its detection row was lost with it here, so a
        // fresh start would score all three): the resumed job starts below the cursor
        long job = abandonedJob(model, d, s.get(2).startMs(), s.get(0).startMs() + 3000, s.get(0), 1);

        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/jobs/" + job)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("done"))
                        .body("done", equalTo(3))
                        .body("stored", equalTo(3)));
        assertThat(detections(model, d.id()))
                .as("only the two segments below the cursor")
                .isEqualTo(2);
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from detection where model_id = ? and raw_id = ?",
                        model,
                        s.get(0).raw()))
                .isZero();
    }

    @Test
    void cancellingAnUnknownJobIsAProblem() {
        asAdmin()
                .delete("/api/v1/detections/jobs/987654321")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-job"));
    }
}
