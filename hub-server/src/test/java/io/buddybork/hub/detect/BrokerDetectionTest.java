package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.WithBroker;
import io.buddybork.hub.work.SegmentMessage;
import io.buddybork.hub.work.WorkConfig;
import io.buddybork.hub.work.WorkQueue;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live detection over RabbitMQ: an uploaded segment travels as a persistent message to the
 * scoring workers and ends with exactly one detection per active model, and a message that comes
 * again (a redelivery after a lost ack, a republish from the index) creates no second detection.
 */
@QuarkusTest
@OwnStart
@TestProfile(BrokerReconnectTest.BehindProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerDetectionTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 3_600_000L) / 3000 * 3000);

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    WorkQueue work;

    @Inject
    WorkConfig config;

    @Inject
    DetectionMetrics metrics;

    @Inject
    SegmentScorer scorer;

    @Inject
    ActiveModels models;

    @Inject
    io.buddybork.hub.model.ModelService library;

    private long modelId;

    @BeforeEach
    void activeModel() {
        if (modelId == 0) {
            modelId = TestModels.barkBeep(ds, files.dataRoot(), "broker");
        }
        if (!Long.valueOf(modelId).equals(models.state().modelId())) {
            TestModels.activate(modelId);
        }
        TestModels.awaitDetector("ready");
        await().atMost(WAIT).until(work::connected);
    }

    @AfterAll
    void noModel() {
        library.activate(null);
    }

    private static long uploadSound(Device d, SyntheticSounds.Kind kind, long seed) {
        return upload(d.token(), NEXT_START.addAndGet(-3000), SyntheticSounds.wav(kind, seed))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private long detections(long raw, long model) {
        return Db.queryLong(ds, "select count(*) from detection where raw_id = ? and model_id = ?", raw, model);
    }

    private long waiting() throws Exception {
        try (Connection c = WithBroker.connect();
                Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(config.broker().prefix() + ".segments")
                    .getMessageCount();
        }
    }

    @Test
    void anUploadedSegmentGetsExactlyOneDetectionPerActiveModelThroughTheBroker() throws Exception {
        assertThat(work.distributed()).isTrue();
        Device d = createDevice("broker-live");
        long raw = uploadSound(d, SyntheticSounds.Kind.BARK, 11);

        await().atMost(WAIT).until(() -> detections(raw, modelId) == 1);
        await().atMost(WAIT).until(() -> waiting() == 0);
        assertThat(detections(raw, modelId)).isEqualTo(1);
        assertThat(Db.queryLong(ds, "select count(*) from detection where raw_id = ?", raw))
                .as("one detection per active model, and only one model was active")
                .isEqualTo(1);
    }

    @Test
    void aSegmentDeliveredAgainGetsNoSecondDetection() throws Exception {
        Device d = createDevice("broker-again");
        long start = NEXT_START.addAndGet(-3000);
        long raw = upload(d.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.BEEP, 12))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        await().atMost(WAIT).until(() -> detections(raw, modelId) == 1);
        long repeatsBefore = metrics.repeatCount();

        // the same message twice more, as the broker hands it over again after a lost ack
        int durationMs = (int) Db.queryLong(ds, "select duration_ms from raw where id = ?", raw);
        byte[] body = new SegmentMessage(raw, d.id(), start, durationMs).encode();
        try (Connection c = WithBroker.connect();
                Channel ch = c.createChannel()) {
            for (int i = 0; i < 2; i++) {
                ch.basicPublish(
                        config.broker().prefix() + ".work", "segments", MessageProperties.PERSISTENT_BASIC, body);
            }
        }

        await().atMost(WAIT).until(() -> metrics.repeatCount() >= repeatsBefore + 2);
        await().atMost(WAIT).until(() -> waiting() == 0);
        assertThat(detections(raw, modelId)).isEqualTo(1);
    }

    @Test
    void scoringASegmentThatHasADetectionAlreadyStoresNothing() {
        Device d = createDevice("broker-unique");
        long start = NEXT_START.addAndGet(-3000);
        long raw = upload(d.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 13))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        await().atMost(WAIT).until(() -> detections(raw, modelId) == 1);
        int durationMs = (int) Db.queryLong(ds, "select duration_ms from raw where id = ?", raw);

        // what a worker that lost its ack does with the redelivered message, without the cheap look first
        SegmentScorer.Outcome again = scorer.score(
                new DetectionRepository.Segment(
                        raw, d.id(), start, durationMs, SegmentNames.relativePath(d.id(), start)),
                models.active().orElseThrow(),
                0);

        assertThat(again).isEqualTo(SegmentScorer.Outcome.ALREADY_SCORED);
        assertThat(detections(raw, modelId)).isEqualTo(1);
    }

    @Test
    void aReDetectJobTravelsThroughTheBrokerAndEndsDone() {
        Device d = createDevice("broker-redetect");
        long first = NEXT_START.addAndGet(-3000);
        upload(d.token(), first, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 14))
                .then()
                .statusCode(201);
        long other = TestModels.insert(
                ds,
                files.dataRoot(),
                "broker-other",
                TestModels.barkBeepModel(),
                List.of(TestModels.tag("bark"), TestModels.tag("beep")));

        long job = asAdmin()
                .contentType("application/json")
                .body(java.util.Map.of("modelId", other, "fromMs", first, "toMs", first + 3000, "deviceId", d.id()))
                .post("/api/v1/detections/jobs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");

        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/jobs/" + job)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("done"))
                        .body("stored", equalTo(1)));
    }
}
