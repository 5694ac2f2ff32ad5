package io.buddybork.hub.storage;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.backup.BackupRestorer;
import io.buddybork.hub.backup.BackupWriter;
import io.buddybork.hub.backup.OpsSettings;
import io.buddybork.hub.catalog.PlaybackRanges;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.detect.ActiveModels;
import io.buddybork.hub.ingest.OrphanReconciler;
import io.buddybork.hub.model.ModelFileUpgrade;
import io.buddybork.hub.model.ModelFiles;
import io.buddybork.hub.model.ModelFixtures;
import io.buddybork.hub.retention.AudioSpace;
import io.buddybork.hub.retention.SegmentReaper;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.S3Hub;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import io.buddybork.recognition.model.ModelStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The hub with {@code buddybork.storage=s3} against a real S3 API server (S3Proxy): uploads,
 * playback, models, retention, reconciliation, backup and readiness all go through the bucket,
 * and nothing of the audio lands in the data directory.
 */
@QuarkusTest
@OwnStart
@TestProfile(S3Hub.class)
class S3StorageTest {
    private static final Duration TRAINING = Duration.ofMinutes(4);

    @Inject
    AgroalDataSource ds;

    @Inject
    HubConfig hub;

    @Inject
    ObjectStore store;

    @Inject
    SegmentReaper reaper;

    @Inject
    AudioSpace space;

    @Inject
    ModelFileUpgrade modelUpgrade;

    @Inject
    ModelFiles modelFiles;

    @Inject
    OrphanReconciler reconciler;

    @Inject
    ActiveModels activeModels;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private static byte[] object(String key) {
        try (S3Client s3 = S3ProxyResource.server().client()) {
            return s3.getObjectAsBytes(b -> b.bucket(S3ProxyResource.bucket()).key(key))
                    .asByteArray();
        }
    }

    private static boolean objectExists(String key) {
        try {
            object(key);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void anUploadIsAcknowledgedOnlyOnceTheBucketHoldsItAndRepeatsAnswer200Or409() {
        Device device = createDevice("s3-upload");
        long start = nextStart();
        byte[] wav = TestWavs.segment(3000, 12_345, 7);
        String key = SegmentNames.relativePath(device.id(), start);

        long rawId = upload(device.token(), start, wav)
                .then()
                .statusCode(201)
                .body("maxAmp", equalTo(12_345))
                .extract()
                .jsonPath()
                .getLong("id");

        assertThat(store.backend()).isEqualTo(StorageConfig.Backend.S3);
        assertThat(object(key)).isEqualTo(wav);
        assertThat(hub.dataDir().resolve(key)).doesNotExist();
        upload(device.token(), start, wav).then().statusCode(200).body("id", equalTo((int) rawId));
        upload(device.token(), start, TestWavs.segment(3000, 12_345, 8))
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        assertThat(object(key)).isEqualTo(wav);
        assertThat(Db.rawRows(ds, device.id())).isEqualTo(1);

        byte[] played = asAdmin()
                .get("/api/v1/raw/" + rawId + "/audio")
                .then()
                .statusCode(200)
                .contentType("audio/wav")
                .extract()
                .asByteArray();
        assertThat(played).isEqualTo(wav);
    }

    @Test
    void playbackFromTheBucketServesOneByteRangeAs206WithARangedGetAndARangePastTheEndAs416() {
        Device device = createDevice("s3-range");
        long start = nextStart();
        byte[] wav = TestWavs.segment(3000, 4_321, 11);
        long rawId = upload(device.token(), start, wav)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        PlaybackRanges.assertServedInRanges(rawId, wav);
    }

    @Test
    void aSegmentWhoseObjectIsGoneIsA404AndReadinessReportsTheBucket() throws Exception {
        Device device = createDevice("s3-missing");
        long start = nextStart();
        long rawId = upload(device.token(), start, TestWavs.segment(start))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        String key = SegmentNames.relativePath(device.id(), start);
        try (S3Client s3 = S3ProxyResource.server().client()) {
            s3.deleteObject(b -> b.bucket(S3ProxyResource.bucket()).key(key));
        }

        asAdmin()
                .get("/api/v1/raw/" + rawId + "/audio")
                .then()
                .statusCode(404)
                .body("code", equalTo("segment-file-missing"));
        given().get(readiness)
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'object-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'object-store' }.data.backend", equalTo("s3"));
    }

    @Test
    void theQuotaReadsARunningTotalThatFollowsIngestAndRetentionDeletesAndLivesInTheDatabase() throws Exception {
        assertThat(space.bounded()).isTrue();
        assertThat(space.totalBytes()).isEqualTo(S3ProxyResource.QUOTA_BYTES);
        assertTotalIsTheIndexSum();
        Device device = createDevice("s3-quota");
        long start = OffsetDateTime.of(2000, 3, 4, 0, 0, 0, 0, ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli()
                + (UUID.randomUUID().getLeastSignificantBits() & 0xFFFF) * 9000L;
        byte[] first = TestWavs.segment(3000, 1000, 21);
        byte[] second = TestWavs.segment(2000, 1000, 22);
        long before = space.indexedBytes();

        upload(device.token(), start, first).then().statusCode(201);
        upload(device.token(), start + 3000, second).then().statusCode(201);
        upload(device.token(), start, first).then().statusCode(200); // a retry adds nothing

        assertThat(space.indexedBytes()).isEqualTo(before + first.length + second.length);
        assertThat(space.usableBytes()).isEqualTo(S3ProxyResource.QUOTA_BYTES - space.indexedBytes());
        assertTotalIsTheIndexSum();

        reaper.deleteOldest(SegmentReaper.Reason.RETENTION, Instant.ofEpochMilli(start + 3001), 1000);

        assertThat(Db.rawRows(ds, device.id())).isZero();
        assertTotalIsTheIndexSum();
        // a restarted hub, or another one, holds nothing of it in memory: it reads the same rows
        assertThat(Db.queryLong(ds, "select coalesce(sum(bytes), 0) from raw_bytes"))
                .isEqualTo(space.indexedBytes());
    }

    private void assertTotalIsTheIndexSum() throws Exception {
        assertThat(space.indexedBytes()).isEqualTo(Db.queryLong(ds, "select coalesce(sum(size_bytes), 0) from raw"));
    }

    @Test
    void anOldFormatModelInTheBucketIsConvertedInTheBucketOnce() throws Exception {
        String key = "models/upgrade-" + UUID.randomUUID() + ".model";
        byte[] legacy;
        try (var in = getClass().getResourceAsStream("/io/buddybork/hub/model/legacy-baseline.model")) {
            legacy = in.readAllBytes();
        }
        store.put(key, legacy);
        store.put(
                ModelFiles.metadataKey(key),
                "{\"metrics\": {\"closed_set_accuracy\": 0.5}}".getBytes(StandardCharsets.UTF_8));
        long id = Db.queryLong(
                ds,
                "insert into model (name, tags, metrics, training, file_path, active) values "
                        + "('old one in s3', '[]'::jsonb, '{}'::jsonb, '{}'::jsonb, ?, false) returning id",
                key);
        try {
            assertThat(ModelStore.formatOf(object(key), key)).isEqualTo(ModelStore.LEGACY_FORMAT_VERSION);

            assertThat(modelUpgrade.upgradeAll()).isGreaterThanOrEqualTo(1);

            byte[] converted = object(key);
            assertThat(ModelStore.formatOf(converted, key)).isEqualTo(ModelStore.FORMAT_VERSION);
            assertThat(modelFiles.load(key).tags()).containsExactly("low_hum", "mid_pulse", "high_chirp");
            assertThat(ModelStore.metricsOf(object(ModelFiles.metadataKey(key)))
                            .get("closed_set_accuracy")
                            .asDouble())
                    .isEqualTo(0.5);
            modelUpgrade.upgradeAll();
            assertThat(object(key)).isEqualTo(converted);
            assertThat(hub.dataDir().resolve(key)).doesNotExist();
        } finally {
            Db.update(ds, "delete from model where id = ?", id);
            store.delete(key);
            store.delete(ModelFiles.metadataKey(key));
        }
    }

    @Test
    void retentionDeletesTheObjectFromTheBucket() throws Exception {
        Device device = createDevice("s3-retention");
        // a start older than what other tests store, so that only it is old enough to go
        long start = OffsetDateTime.of(2000, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli()
                + (UUID.randomUUID().getLeastSignificantBits() & 0xFFFF) * 3000L;
        upload(device.token(), start, TestWavs.segment(start)).then().statusCode(201);
        String key = SegmentNames.relativePath(device.id(), start);
        assertThat(objectExists(key)).isTrue();

        SegmentReaper.Batch batch =
                reaper.deleteOldest(SegmentReaper.Reason.RETENTION, Instant.ofEpochMilli(start + 1), 1000);

        assertThat(batch.segments()).isGreaterThanOrEqualTo(1);
        assertThat(objectExists(key)).isFalse();
        assertThat(Db.rawRows(ds, device.id())).isZero();
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from raw_tombstone where device_id = ? and file_removed is not null",
                        device.id()))
                .isOne();
    }

    @Test
    void anObjectWithoutARowIsIndexedAndAnUndecodableOneQuarantinedInTheBucket() throws Exception {
        Device device = createDevice("s3-orphans");
        long start = nextStart();
        byte[] wav = TestWavs.segment(start);
        String key = SegmentNames.relativePath(device.id(), start);
        String broken = SegmentNames.relativePath(device.id(), start + 3000);
        // what a crash between the acknowledged PUT and the commit leaves
        store.put(key, wav);
        store.put(broken, "not a wav".getBytes(StandardCharsets.US_ASCII));

        OrphanReconciler.Report report = reconciler.reconcile();

        assertThat(report.indexed()).isGreaterThanOrEqualTo(1);
        assertThat(report.quarantined()).isGreaterThanOrEqualTo(1);
        assertThat(Db.rawRows(ds, device.id())).isEqualTo(1);
        assertThat(objectExists(broken)).isFalse();
        assertThat(object("quarantine/" + broken)).isEqualTo("not a wav".getBytes(StandardCharsets.US_ASCII));
        upload(device.token(), start, wav).then().statusCode(200);
    }

    @Test
    void aBackupReadsTheAudioFromTheBucketAndARestorePutsItIntoAnEmptyOne() throws Exception {
        Device device = createDevice("s3-backup");
        long start = nextStart();
        byte[] wav = TestWavs.segment(start);
        upload(device.token(), start, wav).then().statusCode(201);
        String key = SegmentNames.relativePath(device.id(), start);
        Path target = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "s3-backup-");
        OpsSettings settings = new OpsSettings(
                hub.dataDir().toAbsolutePath().normalize(),
                jdbcUrl,
                Optional.of("postgres"),
                Optional.empty(),
                "postgres");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        BackupWriter.Result result = new BackupWriter(settings, store, quiet).run(target);

        assertThat(result.copiedFiles()).isGreaterThanOrEqualTo(1);
        assertThat(Files.readAllBytes(target.resolve("data").resolve(key))).isEqualTo(wav);

        String restoreDb = io.buddybork.hub.testing.FreshDatabase.runScoped("s3restore");
        String base = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1);
        dropDatabase(base, restoreDb);
        S3ProxyServer server = S3ProxyResource.server();
        ObjectStore emptyBucket = StoreProducer.open(
                StorageConfigTest.fromEnvironment(Map.of(
                        "BUDDYBORK_STORAGE",
                        "s3",
                        "BUDDYBORK_S3_ENDPOINT",
                        server.endpoint().toString(),
                        "BUDDYBORK_S3_BUCKET",
                        "restored-" + UUID.randomUUID().toString().substring(0, 8),
                        "BUDDYBORK_S3_ACCESS_KEY",
                        server.accessKey,
                        "BUDDYBORK_S3_SECRET_KEY",
                        server.secretKey)),
                Path.of("unused"));
        Path restoredDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "s3-restored-");
        try {
            emptyBucket.probe();
            new BackupRestorer(
                            new OpsSettings(
                                    restoredDir,
                                    base + restoreDb,
                                    Optional.of("postgres"),
                                    Optional.empty(),
                                    "postgres"),
                            emptyBucket,
                            quiet)
                    .restore(target);

            assertThat(emptyBucket.read(key)).isEqualTo(wav);
            assertThat(restoredDir.resolve(key)).doesNotExist();
            assertThatThrownBy(() -> new BackupRestorer(
                                    new OpsSettings(
                                            Files.createTempDirectory(
                                                    Path.of("target").toAbsolutePath(), "s3-again-"),
                                            base + restoreDb + "x",
                                            Optional.of("postgres"),
                                            Optional.empty(),
                                            "postgres"),
                                    emptyBucket,
                                    quiet)
                            .restore(target))
                    .hasMessageContaining("restore needs a bucket without segments and models");
        } finally {
            StoreProducer.close(emptyBucket);
            dropDatabase(base, restoreDb);
        }
    }

    private static void dropDatabase(String base, String name) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(base + "postgres", "postgres", null);
                var s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }

    @Test
    void aModelIsTrainedFromTheBucketsAudioSavedThereAndLoadedForLiveDetection() throws Exception {
        ModelFixtures.Scenario s = ModelFixtures.seed(3, 4, 6);
        Map<String, Object> body = new HashMap<>();
        body.put("name", "trained on S3");
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
        JsonPath[] last = new JsonPath[1];
        await().atMost(TRAINING).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = asAdmin()
                    .get("/api/v1/models/jobs/" + job)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String state = last[0].getString("state");
            return !state.equals("queued") && !state.equals("running");
        });
        assertThat(last[0].getString("state")).as(last[0].prettify()).isEqualTo("succeeded");
        long modelId = last[0].getLong("modelId");
        String filePath = asAdmin()
                .get("/api/v1/models/" + modelId)
                .then()
                .statusCode(200)
                .extract()
                .path("filePath");

        byte[] downloaded = asAdmin()
                .get("/api/v1/models/" + modelId + "/file")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(object(filePath)).isEqualTo(downloaded);
        assertThat(hub.dataDir().resolve(filePath)).doesNotExist();
        asAdmin().get("/api/v1/models/" + modelId + "/metadata").then().statusCode(200);

        asAdmin()
                .contentType("application/json")
                .body(Map.of("modelId", modelId))
                .put("/api/v1/models/active")
                .then()
                .statusCode(200);
        try {
            ActiveModels.State state = activeModels.refresh(true);
            assertThat(state.state()).as(String.valueOf(state.reason())).isEqualTo("ready");
            assertThat(state.modelId()).isEqualTo(modelId);
        } finally {
            asAdmin()
                    .contentType("application/json")
                    .body("{\"modelId\": null}")
                    .put("/api/v1/models/active")
                    .then()
                    .statusCode(200);
        }
        asAdmin().delete("/api/v1/models/" + modelId).then().statusCode(204);
        assertThat(objectExists(filePath)).isFalse();
        assertThatThrownBy(() -> store.read(filePath)).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
