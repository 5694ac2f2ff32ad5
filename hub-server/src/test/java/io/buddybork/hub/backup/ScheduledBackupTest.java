package io.buddybork.hub.backup;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled backup: a run's result reaches health, metrics and the storage panel; a failed run
 * or one too old makes {@code /q/health} DOWN (degraded) while readiness stays UP.
 */
@QuarkusTest
@OwnStart
@TestProfile(io.buddybork.hub.testing.SharedHub.class)
public class ScheduledBackupTest {
    static final Path TARGET = Path.of("target", "scheduled-backup-test").toAbsolutePath();

    /** A schedule that never fires by itself during the test (runs are started by the test). */
    public static class Scheduled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.backup.cron",
                    "0 0 0 1 1 ? 2099",
                    "buddybork.backup.to",
                    TARGET.toString(),
                    "buddybork.backup.max-age",
                    "1H");
        }
    }

    @Inject
    ScheduledBackup backup;

    // Metrics and the detailed health report live on the management interface (loopback).
    @io.quarkus.test.common.http.TestHTTPResource(value = "/health", management = true)
    java.net.URL detailedHealth;

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metrics;

    @Inject
    @io.smallrye.health.api.Wellness
    BackupHealthCheck health;

    @Test
    void aSuccessfulRunIsReportedAndAFailedOrOldOneDegradesTheHub() throws IOException {
        BackupStatus ok = backup.runNow();
        assertThat(ok.state())
                .isIn("ok", "warnings"); // the shared test database may hold rows of other runs without files
        assertThat(new BackupVerifier().verify(TARGET).faults()).isEmpty();
        RestAssured.get(detailedHealth).then().statusCode(200).body("checks.name", hasItem("backup"));
        RestAssured.get(metrics).then().body(containsString("buddybork_backup_runs_total"));
        asAdmin().get("/api/v1/storage").then().statusCode(200).body("backup.state", equalTo(ok.state()));

        // an old success: degraded
        assertThat(health.at(Instant.now().plus(Duration.ofHours(2)))
                        .getStatus()
                        .name())
                .isEqualTo("DOWN");

        // a failed run (the backup directory is a file): degraded now, readiness unaffected
        Path saved = TARGET.resolveSibling("scheduled-backup-test.saved");
        Files.move(TARGET, saved);
        Files.writeString(TARGET, "not a directory");
        try {
            assertThat(backup.runNow().state()).isEqualTo("failed");
            RestAssured.get(detailedHealth).then().statusCode(503);
            RestAssured.get("/q/health/ready").then().statusCode(200);
        } finally {
            Files.delete(TARGET);
            Files.move(saved, TARGET);
        }
        assertThat(backup.runNow().state()).isIn("ok", "warnings");
        RestAssured.get(detailedHealth).then().statusCode(200);
    }
}
