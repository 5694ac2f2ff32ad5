package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.IngestPressure;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.SharedHub;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ingest first: several scoring threads store exactly one detection per segment and model however
 * often a segment is queued, and scoring pauses while uploads are in flight or slow, then resumes
 * and scores what waited.
 */
@QuarkusTest
@OwnStart
@TestProfile(SharedHub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class IngestFirstDetectionTest {

    /**
     * Four scoring threads on any machine; scoring pauses from 3 uploads in flight or 100 ms per
     * upload, for as long as that lasts (the 5 s default would let a slow test machine score one).
     */
    public static class FourThreads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.detection.threads", "4",
                    "buddybork.detection.yield-in-flight", "3",
                    "buddybork.detection.yield-latency", "100ms",
                    "buddybork.detection.max-yield", "10M");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 3_600_000L) / 3000 * 3000);

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    IngestPressure pressure;

    @Inject
    DetectionPipeline pipeline;

    @Inject
    Event<ActiveModelChanged> modelChanged;

    @Inject
    io.buddybork.hub.model.ModelService library;

    private long modelId;

    @BeforeEach
    void activeModel() {
        if (modelId == 0) {
            modelId = TestModels.barkBeep(ds, files.dataRoot(), "ingest-first");
            TestModels.activateAndAwait(modelId);
        }
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("ready"))
                        .body("threads", equalTo(4)));
    }

    @AfterAll
    void noModel() {
        library.activate(null);
    }

    private static long uploadSound(Device d, int i) {
        return upload(
                        d.token(),
                        NEXT_START.addAndGet(-3000),
                        SyntheticSounds.wav(SyntheticSounds.Kind.values()[i % 3], 500 + i))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private long detections(long raw) {
        return Db.queryLong(ds, "select count(*) from detection where raw_id = ? and model_id = ?", raw, modelId);
    }

    @Test
    void fourThreadsStoreExactlyOneDetectionPerSegmentAndModelWhileCatchUpQueuesTheSameSegments() {
        Device d = createDevice("parallel-scoring");
        List<Long> raws = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            raws.add(uploadSound(d, i));
            if (i % 6 == 5) { // a catch-up queues the same segments again while live work is scored
                TestModels.reannounce(modelChanged, modelId);
            }
        }
        await().atMost(WAIT)
                .until(() -> Db.queryLong(
                                ds,
                                "select count(distinct d.raw_id) from detection d join raw r on r.id = d.raw_id"
                                        + " where r.device_id = ? and d.model_id = ?",
                                d.id(),
                                modelId)
                        == raws.size());
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("backlog", equalTo(0))
                        .body("queueDepth", equalTo(0)));
        for (long raw : raws) {
            assertThat(detections(raw)).as("detections of segment %d", raw).isEqualTo(1);
        }
    }

    @Test
    void scoringPausesWhileUploadsAreInFlightAndScoresWhatWaitedAfterwards() {
        Device d = createDevice("yield-in-flight");
        long[] held = {pressure.started(), pressure.started(), pressure.started()};
        long raw;
        try {
            await().atMost(WAIT).until(pipeline::yielding);
            asAdmin().get("/api/v1/detections/status").then().body("yielding", equalTo(true));
            raw = uploadSound(d, 100);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> detections(raw) == 0 && pipeline.queueDepth() >= 1);
        } finally {
            for (long h : held) {
                pressure.finished(h);
            }
        }
        await().atMost(WAIT).until(() -> detections(raw) == 1);
        await().atMost(WAIT).until(() -> !pipeline.yielding());
    }

    @Test
    void scoringPausesWhileUploadsAreSlowAndResumesWhenTheyAreFastAgain() {
        Device d = createDevice("yield-latency");
        pressure.finished(pressure.started() - 500_000_000L); // an upload that took 500 ms
        await().atMost(WAIT).until(pipeline::yielding);
        // without further uploads the slow one is forgotten after a second and scoring resumes
        long raw = uploadSound(d, 101);
        await().atMost(WAIT).until(() -> detections(raw) == 1);
        await().atMost(WAIT).until(() -> !pipeline.yielding());
    }
}
