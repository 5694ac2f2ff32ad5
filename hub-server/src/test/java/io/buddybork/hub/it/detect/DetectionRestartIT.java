package io.buddybork.hub.it.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.detect.TestModels;
import io.buddybork.hub.it.HubClient;
import io.buddybork.hub.it.HubProcess;
import io.buddybork.hub.it.ItDatabases;
import io.buddybork.hub.it.ItWaits;
import io.buddybork.model.testaudio.SyntheticSounds;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Kills the packaged hub (SIGKILL) right after a burst of uploads, while live detection is still
 * scoring, starts it again and uploads more: catch-up at start scores what the crash left
 * unscored, and every segment ends with exactly one detection of the active model.
 */
class DetectionRestartIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final int BEFORE = 24;
    private static final int AFTER = 6;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void everySegmentEndsWithExactlyOneDetectionAfterACrash() throws Exception {
        Path dataDir = tmp.resolve("data");
        String jdbcUrl = ItDatabases.url("detect_restart");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser("postgres");
        try (HubProcess hub = HubProcess.builder()
                .dataDir(dataDir)
                .jdbcUrl(jdbcUrl)
                .adminPassword(ADMIN_PASSWORD)
                .env("BUDDYBORK_DETECTION_CHECK_INTERVAL", "1s")
                .start()) {
            HubClient client = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
            // the model library's part, done by hand: tags, model file and row, active (picked up by the check)
            long bark = insertTag(ds, "bark");
            long beep = insertTag(ds, "beep");
            long modelId = TestModels.insert(
                    ds,
                    dataDir,
                    "restart",
                    TestModels.barkBeepModel(),
                    List.of(new TestModels.TagRef(bark, "bark"), new TestModels.TagRef(beep, "beep")));
            try (Connection c = ds.getConnection();
                    PreparedStatement q = c.prepareStatement("update model set active = true where id = ?")) {
                q.setLong(1, modelId);
                q.executeUpdate();
            }
            await().atMost(ItWaits.GIVE_UP)
                    .until(() -> client.get("/api/v1/detections/status").body().contains("\"ready\""));

            HubClient.Device device = client.createDevice("restart-detect");
            long base = (System.currentTimeMillis() - 3_600_000L) / 3000 * 3000;
            List<Long> starts = new ArrayList<>();
            for (int k = 0; k < BEFORE; k++) {
                long start = base + k * 3000L;
                HttpResponse<String> r = client.upload(
                        device.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.values()[k % 3], 100 + k));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                starts.add(start);
            }
            hub.kill();
            long scoredBeforeCrash = detections(ds, device.id(), modelId);
            hub.start();
            for (int k = BEFORE; k < BEFORE + AFTER; k++) {
                long start = base + k * 3000L;
                assertThat(client.upload(
                                        device.token(),
                                        start,
                                        SyntheticSounds.wav(SyntheticSounds.Kind.values()[k % 3], 100 + k))
                                .statusCode())
                        .isEqualTo(201);
                starts.add(start);
            }
            await().atMost(ItWaits.GIVE_UP).until(() -> detections(ds, device.id(), modelId) == starts.size());
            assertThat(scoredBeforeCrash).as("the crash left work unscored").isLessThan(BEFORE);
            try (Connection c = ds.getConnection();
                    PreparedStatement q = c.prepareStatement("""
                    select r.start_time, count(d.id) from raw r left join detection d on d.raw_id = r.id and d.model_id = ?
                    where r.device_id = ? group by r.id, r.start_time""")) {
                q.setLong(1, modelId);
                q.setLong(2, device.id());
                int rows = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        assertThat(rs.getLong(2))
                                .as("detections of the segment at " + rs.getTimestamp(1))
                                .isEqualTo(1);
                    }
                }
                assertThat(rows).isEqualTo(starts.size());
            }
            assertThat(hub.logTail(400)).contains("Catch-up");
        } finally {
            ItDatabases.drop(jdbcUrl);
        }
    }

    private static long detections(PGSimpleDataSource ds, long deviceId, long modelId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select count(*) from detection d join raw r on r.id = d.raw_id where r.device_id = ? and d.model_id = ?")) {
            q.setLong(1, deviceId);
            q.setLong(2, modelId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long insertTag(PGSimpleDataSource ds, String name) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement("insert into tag (name) values (?) returning id")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
