package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes the packaged hub (SIGKILL) while devices upload, starts it again, and checks the
 * promise of the ingest path: every segment the hub acknowledged has its row and its exact file.
 */
class HubRestartIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final int DEVICES = 6;
    private static final int SEGMENTS_PER_DEVICE = 40;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void everyAcknowledgedSegmentSurvivesACrashMidUpload() throws Exception {
        Path dataDir = tmp.resolve("data");
        String jdbcUrl = ItDatabases.url("restart");
        try (HubProcess hub = HubProcess.builder()
                .dataDir(dataDir)
                .jdbcUrl(jdbcUrl)
                .adminPassword(ADMIN_PASSWORD)
                .start()) {
            HubClient client = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
            List<HubClient.Device> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                devices.add(client.createDevice("restart-it-" + i));
            }
            long base = (System.currentTimeMillis() - 3_600_000L) / 3000 * 3000;
            Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger ackCount = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
            List<Future<?>> uploaders = new ArrayList<>();
            for (HubClient.Device d : devices) {
                uploaders.add(pool.submit(() -> {
                    // like the edge agent: one segment at a time, retried until acknowledged
                    for (int k = 0; k < SEGMENTS_PER_DEVICE && !stop.get(); k++) {
                        long start = base + k * 3000L;
                        byte[] wav = TestWavs.segment(3000, 10_000, d.id() * 1000 + k);
                        while (!stop.get()) {
                            try {
                                HttpResponse<String> r = client.upload(d.token(), start, wav);
                                if (r.statusCode() == 201 || r.statusCode() == 200) {
                                    acknowledged.put(d.id() + "/" + start, wav);
                                    ackCount.incrementAndGet();
                                    break;
                                }
                                assertThat(r.statusCode()).as(r.body()).isIn(503);
                            } catch (IOException hubDown) {
                                // connection refused or reset while the hub is down: retry
                            }
                            Thread.sleep(50); // the device's pause before retrying, not a wait for state
                        }
                    }
                    return null;
                }));
            }
            awaitAcks(ackCount, DEVICES * SEGMENTS_PER_DEVICE / 3);
            hub.kill();
            int acknowledgedBeforeCrash = ackCount.get();
            hub.start();
            for (Future<?> f : uploaders) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(acknowledgedBeforeCrash).isLessThan(DEVICES * SEGMENTS_PER_DEVICE);
            assertThat(acknowledged).hasSize(DEVICES * SEGMENTS_PER_DEVICE);
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
                for (var e : acknowledged.entrySet()) {
                    long deviceId = Long.parseLong(e.getKey().split("/")[0]);
                    long start = Long.parseLong(e.getKey().split("/")[1]);
                    assertThat(rowPath(c, deviceId, start))
                            .as("row of " + e.getKey())
                            .isEqualTo(SegmentNames.relativePath(deviceId, start));
                    assertThat(Files.readAllBytes(dataDir.resolve(SegmentNames.relativePath(deviceId, start))))
                            .as("file of " + e.getKey())
                            .isEqualTo(e.getValue());
                }
                for (HubClient.Device d : devices) {
                    assertThat(count(c, d.id())).isEqualTo(SEGMENTS_PER_DEVICE);
                }
            }
        } finally {
            ItDatabases.drop(jdbcUrl);
        }
    }

    private static void awaitAcks(AtomicInteger count, int target) {
        await("uploads progress").atMost(ItWaits.GIVE_UP).until(() -> count.get() >= target);
    }

    private static String rowPath(Connection c, long deviceId, long start) throws Exception {
        try (PreparedStatement q = c.prepareStatement("select path from raw where device_id = ? and start_time = ?")) {
            q.setLong(1, deviceId);
            q.setObject(2, OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(start), ZoneOffset.UTC));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(Connection c, long deviceId) throws Exception {
        try (PreparedStatement q = c.prepareStatement("select count(*) from raw where device_id = ?")) {
            q.setLong(1, deviceId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
