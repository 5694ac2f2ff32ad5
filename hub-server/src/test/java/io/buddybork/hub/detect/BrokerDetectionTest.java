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
import io.buddybork.hub.feature.SegmentFeatures;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.WithBroker;
import io.buddybork.hub.work.SegmentMessage;
import io.buddybork.hub.work.WorkConfig;
import io.buddybork.hub.work.WorkQueue;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.model.wav.WavCodec;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live detection over RabbitMQ: an uploaded segment travels as a persistent message to the
 * scoring workers and ends with exactly one detection per active model, and a message that comes
 * again (a redelivery after a lost ack, a republish from the index) creates no second detection.
 * A delivery takes part in the claims of the detect nodes: one whose segment another node has
 * claimed is left to it, and scored here only once that claim lapsed; and two nodes that do
 * score one segment at once store one row and publish one live event.
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

    @Inject
    DetectionPipeline pipeline;

    @Inject
    SegmentFeatures features;

    @Inject
    DetectionRepository detectionRows;

    @Inject
    Event<DetectionEvent> scoredEvents;

    @Inject
    Event<DetectionStored> storedEvents;

    @Inject
    LiveEvents liveEvents;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** The live detection events this hub published (no client proxy: the list is read directly). */
    @Singleton
    static class LiveEvents {
        final List<DetectionEvent> events = new CopyOnWriteArrayList<>();

        void on(@Observes DetectionEvent event) {
            events.add(event);
        }

        long of(long rawId) {
            return events.stream().filter(e -> e.rawId() == rawId).count();
        }
    }

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

    /**
     * Stores a segment as another ingest node would, without a message for it, and in the same
     * commit (so this node's catch-up never sees it unclaimed) a claim of {@code claimedBy} for
     * the active model, when not null.
     */
    private long storeQuietly(Device d, long start, byte[] wav, String claimedBy) throws Exception {
        return storeQuietly(d, start, wav, claimedBy, true);
    }

    /** As {@link #storeQuietly(Device, long, byte[], String)}; {@code withFile} false: an index row whose file is missing. */
    private long storeQuietly(Device d, long start, byte[] wav, String claimedBy, boolean withFile) throws Exception {
        SegmentRepository.NewRow row = SegmentRepository.NewRow.of(d.id(), start, WavCodec.decodeSegment(wav), wav);
        if (withFile) {
            files.writeDurably(row.path(), wav);
        }
        try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            c.setAutoCommit(false);
            long raw;
            try (PreparedStatement q = c.prepareStatement("""
                    insert into raw (device_id, start_time, max_amp, path, duration_ms, sample_rate, sha256, size_bytes)
                    values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")) {
                q.setLong(1, d.id());
                q.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC));
                q.setInt(3, row.maxAmp());
                q.setString(4, row.path());
                q.setInt(5, row.durationMs());
                q.setInt(6, row.sampleRate());
                q.setBytes(7, row.sha256());
                q.setInt(8, row.sizeBytes());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    raw = rs.getLong(1);
                }
            }
            if (claimedBy != null) {
                try (PreparedStatement q = c.prepareStatement(
                        "insert into detect_claim (raw_id, model_id, node, until) values (?, ?, ?, now() + interval '2 minutes')")) {
                    q.setLong(1, raw);
                    q.setLong(2, modelId);
                    q.setString(3, claimedBy);
                    q.executeUpdate();
                }
            }
            c.commit();
            return raw;
        }
    }

    /** A delivery of the segment message for {@code raw}, settled into {@code settled} ("ack" or "requeue"). */
    private static WorkQueue.Delivery delivery(byte[] body, CompletableFuture<String> settled) {
        return new WorkQueue.Delivery() {
            @Override
            public byte[] body() {
                return body;
            }

            @Override
            public boolean redelivered() {
                return false;
            }

            @Override
            public void ack() {
                settled.complete("ack");
            }

            @Override
            public void requeue() {
                settled.complete("requeue");
            }
        };
    }

    @Test
    void aDeliveryOfASegmentAnotherNodeHasClaimedIsAcknowledgedUnscoredAndCaughtUpOnceTheClaimLapsed()
            throws Exception {
        Device d = createDevice("broker-claimed");
        long start = NEXT_START.addAndGet(-3000);
        byte[] wav = SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 15);
        long raw = storeQuietly(d, start, wav, "another-node/1/claims");
        int durationMs = (int) Db.queryLong(ds, "select duration_ms from raw where id = ?", raw);
        CompletableFuture<String> settled = new CompletableFuture<>();

        // the message of that segment reaches this node while the other node holds its claim
        pipeline.onSegment(delivery(new SegmentMessage(raw, d.id(), start, durationMs).encode(), settled));

        assertThat(settled.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("left to the node holding the claim, not given back to the broker")
                .isEqualTo("ack");
        assertThat(detections(raw, modelId)).as("not scored by this node").isZero();

        // the other node died with its claim: once the lease ended, this node's catch-up scores it
        Db.update(ds, "update detect_claim set until = now() - interval '1 second' where raw_id = ?", raw);
        pipeline.check();
        await().atMost(WAIT).until(() -> detections(raw, modelId) == 1);
        // the scorer commits the row before it announces the detection: wait for the event too
        await().atMost(WAIT).until(() -> liveEvents.of(raw) >= 1);
        assertThat(liveEvents.of(raw)).isOne();
    }

    /**
     * Lets every catch-up this node has reason for run to its end, so that what follows is scored
     * (or not) only through the check under test.
     */
    private void settleCatchUps() {
        for (int i = 0; i < 2; i++) {
            pipeline.check();
            await().atMost(WAIT).until(() -> !pipeline.catchingUp());
        }
    }

    @Test
    void aSegmentWhoseMessageWasLostIsScoredByTheNextCheck() throws Exception {
        settleCatchUps();
        long sweepsBefore = metrics.strandedSweepCount();
        Device d = createDevice("broker-stranded");
        long start = NEXT_START.addAndGet(-3000);

        // committed by an ingest node that died before the broker confirmed its message: no node
        // will ever deliver it, and this node had no miss of its own to catch up
        long raw = storeQuietly(d, start, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 17), null);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            pipeline.check();
            return detections(raw, modelId) == 1;
        });
        assertThat(metrics.strandedSweepCount())
                .as("scored by a sweep for stranded segments")
                .isGreaterThan(sweepsBefore);
        await().atMost(WAIT).until(() -> liveEvents.of(raw) >= 1);
        assertThat(liveEvents.of(raw)).as("announced once").isOne();
    }

    @Test
    void aStrandedSegmentThatCannotBeScoredStartsOneSweepNotOnePerCheck() throws Exception {
        settleCatchUps();
        long sweepsBefore = metrics.strandedSweepCount();
        Device d = createDevice("broker-stranded-unreadable");
        long start = NEXT_START.addAndGet(-3000);
        long raw = storeQuietly(d, start, SyntheticSounds.wav(SyntheticSounds.Kind.BEEP, 18), null, false);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            pipeline.check();
            return metrics.strandedSweepCount() > sweepsBefore;
        });
        await().atMost(WAIT).until(() -> !pipeline.catchingUp());
        long sweeps = metrics.strandedSweepCount();
        // the claim this node took for its try lapsed, as it would two minutes later
        Db.update(ds, "update detect_claim set until = now() - interval '1 second' where raw_id = ?", raw);
        for (int i = 0; i < 3; i++) {
            pipeline.check();
            await().atMost(WAIT).until(() -> !pipeline.catchingUp());
        }

        assertThat(metrics.strandedSweepCount())
                .as("the missing file was tried once; later checks leave it")
                .isEqualTo(sweeps);
        assertThat(detections(raw, modelId)).isZero();
    }

    @Test
    void aStrandedSegmentThatCouldNotBeReadIsTriedAgainHalfAnHourLater() throws Exception {
        MovedClock clock = new MovedClock();
        QuarkusMock.installMockForType(clock, DetectionClock.class);
        settleCatchUps();
        Device d = createDevice("broker-stranded-later");
        long start = NEXT_START.addAndGet(-3000);
        byte[] wav = SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 19);
        // the store cannot give the file yet (as during an S3 outage)
        long raw = storeQuietly(d, start, wav, null, false);
        long sweepsBefore = metrics.strandedSweepCount();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            pipeline.check();
            return metrics.strandedSweepCount() > sweepsBefore;
        });
        await().atMost(WAIT).until(() -> !pipeline.catchingUp());
        assertThat(detections(raw, modelId)).isZero();
        Db.update(ds, "update detect_claim set until = now() - interval '1 second' where raw_id = ?", raw);
        long sweepsAfterFailure = metrics.strandedSweepCount();
        pipeline.check();
        await().atMost(WAIT).until(() -> !pipeline.catchingUp());
        assertThat(metrics.strandedSweepCount()).as("not tried again at once").isEqualTo(sweepsAfterFailure);

        files.writeDurably(
                SegmentRepository.NewRow.of(d.id(), start, WavCodec.decodeSegment(wav), wav)
                        .path(),
                wav);
        clock.offsetMs = DetectionPipeline.UNSCOREABLE_RETRY_MS + 1000;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            pipeline.check();
            return detections(raw, modelId) == 1;
        });
        assertThat(metrics.strandedSweepCount())
                .as("scored by a sweep half an hour on")
                .isGreaterThan(sweepsAfterFailure);
    }

    /** The hub's clock, moved on by {@link #offsetMs}. */
    static class MovedClock extends DetectionClock {
        volatile long offsetMs;

        @Override
        public long nowMs() {
            return super.nowMs() + offsetMs;
        }
    }

    @Test
    void twoNodesScoringOneSegmentAtOnceStoreOneDetectionAndPublishOneLiveEvent() throws Exception {
        Device d = createDevice("broker-twice");
        long start = NEXT_START.addAndGet(-3000);
        byte[] wav = SyntheticSounds.wav(SyntheticSounds.Kind.BEEP, 16);
        // claimed by a node that is not scoring, so that this node's pipeline keeps off it
        long raw = storeQuietly(d, start, wav, "idle-node/1/claims");
        int durationMs = (int) Db.queryLong(ds, "select duration_ms from raw where id = ?", raw);
        DetectionRepository.Segment segment = new DetectionRepository.Segment(
                raw, d.id(), start, durationMs, SegmentNames.relativePath(d.id(), start));
        LoadedModel model = models.active().orElseThrow();
        // a second node's scorer: its own in-flight set, the same database and live events
        SegmentScorer otherNode = new SegmentScorer();
        otherNode.features = features;
        otherNode.store = detectionRows;
        otherNode.metrics = metrics;
        otherNode.models = models;
        otherNode.scoredEvents = scoredEvents;
        otherNode.storedEvents = storedEvents;
        CyclicBarrier together = new CyclicBarrier(2);

        // two threads of their own: the common pool may have one on a small machine
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<SegmentScorer.Outcome> here = CompletableFuture.supplyAsync(
                    () -> {
                        together(together);
                        return scorer.score(segment, model, 0);
                    },
                    nodes);
            CompletableFuture<SegmentScorer.Outcome> there = CompletableFuture.supplyAsync(
                    () -> {
                        together(together);
                        return otherNode.score(segment, model, 0);
                    },
                    nodes);

            assertThat(List.of(
                            here.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                            there.get(WAIT.toSeconds(), TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(SegmentScorer.Outcome.STORED, SegmentScorer.Outcome.ALREADY_SCORED);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(detections(raw, modelId)).isOne();
        assertThat(liveEvents.of(raw)).as("the live event, once").isOne();
    }

    private static void together(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
