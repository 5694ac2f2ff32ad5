package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.db.Sql;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.wav.WavCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The overlap check holds across hubs: another hub on the same database (played here by a plain
 * JDBC connection doing what {@link SegmentRepository#insertUnlessOverlapping} does) that is between its
 * lock and its commit makes this hub's overlapping upload wait, and then refuse it with 409.
 */
@QuarkusTest
class OverlapAcrossHubsTest {

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void anOverlappingUploadWaitsForTheOtherHubsInsertAndIsRefusedOnceItCommits() throws Exception {
        Device device = createDevice("overlap-two-hubs");
        long start = nextStart();
        try (Connection otherHub = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            otherHub.setAutoCommit(false);
            insertLocked(otherHub, device.id(), start, TestWavs.segment(3000, 9000, 1));

            CompletableFuture<Response> mine = CompletableFuture.supplyAsync(
                    () -> upload(device.token(), start + 1500, TestWavs.segment(3000, 9000, 2)));
            awaitWaitingForTheDeviceLock(device.id());
            assertThat(mine).isNotDone();

            otherHub.commit();
            Response answer = mine.get(2, TimeUnit.MINUTES);

            assertThat(answer.statusCode()).isEqualTo(409);
            assertThat(answer.jsonPath().getString("code")).isEqualTo("overlap");
        }
        assertThat(Db.rawRows(ds, device.id())).isOne();
    }

    @Test
    void whenTheOtherHubsInsertRollsBackTheWaitingUploadIsStored() throws Exception {
        Device device = createDevice("overlap-two-hubs-rollback");
        long start = nextStart();
        try (Connection otherHub = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            otherHub.setAutoCommit(false);
            insertLocked(otherHub, device.id(), start, TestWavs.segment(3000, 9000, 3));

            CompletableFuture<Response> mine = CompletableFuture.supplyAsync(
                    () -> upload(device.token(), start + 1500, TestWavs.segment(3000, 9000, 4)));
            awaitWaitingForTheDeviceLock(device.id());

            otherHub.rollback();

            assertThat(mine.get(2, TimeUnit.MINUTES).statusCode()).isEqualTo(201);
        }
        assertThat(Db.rawRows(ds, device.id())).isOne();
    }

    /** What another hub does between the device lock and its commit. */
    private static void insertLocked(Connection c, long deviceId, long startMs, byte[] wav) throws Exception {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, SegmentRepository.DEVICE_LOCK_CLASS);
            lock.setInt(2, (int) deviceId);
            lock.execute();
        }
        var row = SegmentRepository.NewRow.of(deviceId, startMs, WavCodec.decodeSegment(wav), wav);
        try (PreparedStatement insert = c.prepareStatement(
                "insert into raw (device_id, start_time, max_amp, path, duration_ms, sample_rate, sha256, size_bytes)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, row.deviceId());
            insert.setObject(2, Sql.utc(row.startMs()));
            insert.setInt(3, row.maxAmp());
            insert.setString(4, row.path());
            insert.setInt(5, row.durationMs());
            insert.setInt(6, row.sampleRate());
            insert.setBytes(7, row.sha256());
            insert.setLong(8, row.sizeBytes());
            assertThat(insert.executeUpdate()).isOne();
        }
    }

    private void awaitWaitingForTheDeviceLock(long deviceId) {
        await().atMost(Duration.ofMinutes(2))
                .until(() -> Db.queryLong(
                                ds,
                                "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                                        + " and classid::bigint = ? and objid::bigint = ? and objsubid = 2",
                                (long) SegmentRepository.DEVICE_LOCK_CLASS,
                                deviceId)
                        == 1);
    }
}
