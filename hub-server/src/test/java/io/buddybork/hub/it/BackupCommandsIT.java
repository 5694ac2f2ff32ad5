package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.testing.TestWavs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimal contract of the operations commands, exercised on the packaged jar exactly as an
 * owner types them: {@code backup --to}, {@code verify --from}, {@code restore --from} into an
 * empty directory and a missing database, then the hub starts on the restored data and serves the
 * same segments byte for byte.
 */
class BackupCommandsIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void backupVerifyAndRestoreThroughTheJarGiveAHubServingTheSameSegments() throws Exception {
        String sourceUrl = ItDatabases.url("ops_source");
        String restoredUrl = ItDatabases.url("ops_restored");
        try {
            backupVerifyAndRestore(sourceUrl, restoredUrl);
        } finally {
            ItDatabases.drop(sourceUrl);
            ItDatabases.drop(restoredUrl);
        }
    }

    private void backupVerifyAndRestore(String sourceUrl, String restoredUrl) throws Exception {
        Path sourceData = tmp.resolve("source");
        Path backup = tmp.resolve("backup");
        Map<Long, byte[]> uploaded = new LinkedHashMap<>();
        long day;
        try (HubProcess hub = HubProcess.builder()
                .dataDir(sourceData)
                .jdbcUrl(sourceUrl)
                .adminPassword(ADMIN_PASSWORD)
                .start()) {
            HubClient client = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
            HubClient.Device d = client.createDevice("backup-it");
            // noon of yesterday (UTC): all four segments fall on one day
            long start = java.time.LocalDate.now(ZoneOffset.UTC)
                    .minusDays(1)
                    .atTime(12, 0)
                    .toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
            day = start;
            for (int i = 0; i < 4; i++) {
                byte[] wav = TestWavs.segment(start + i);
                assertThat(client.upload(d.token(), start + i * 3000L, wav).statusCode())
                        .isEqualTo(201);
                uploaded.put(start + i * 3000L, wav);
            }
            // while the hub runs: the backup must not need it stopped
            Command b = run(sourceData, sourceUrl, "backup", "--to", backup.toString());
            assertThat(b.status()).as(b.output()).isZero();
            assertThat(b.output()).contains("Backup").contains("complete").doesNotContain("Listening on");
        }
        Command v = run(sourceData, sourceUrl, "verify", "--from", backup.toString());
        assertThat(v.status()).as(v.output()).isZero();

        Path restoredData = tmp.resolve("restored");
        Command r = run(restoredData, restoredUrl, "restore", "--from", backup.toString());
        assertThat(r.status()).as(r.output()).isZero();

        try (HubProcess hub =
                HubProcess.builder().dataDir(restoredData).jdbcUrl(restoredUrl).start()) {
            HubClient client = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD); // the restored user
            String dayText = Instant.ofEpochMilli(day)
                    .atZone(ZoneOffset.UTC)
                    .toLocalDate()
                    .toString();
            var list = client.get("/api/v1/days/" + dayText + "/segments");
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(list.body());
            while (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
            assertThat(ids).hasSize(uploaded.size());
            List<byte[]> served = new ArrayList<>();
            for (long id : ids) {
                var audio = client.getBytes("/api/v1/raw/" + id + "/audio");
                assertThat(audio.statusCode()).isEqualTo(200);
                served.add(audio.body());
            }
            assertThat(served).containsExactlyInAnyOrderElementsOf(uploaded.values());
        }

        // one flipped byte in the backup: verify names the file and fails
        Path wav;
        try (var walk = Files.walk(backup.resolve("data/raw"))) {
            wav = walk.filter(p -> p.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(wav);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(wav, bytes);
        Command bad = run(sourceData, sourceUrl, "verify", "--from", backup.toString());
        assertThat(bad.status()).isNotZero();
        assertThat(bad.output())
                .contains("corrupt: " + backup.relativize(wav).toString().replace('\\', '/'));
    }

    @Test
    void theHubRefusesToStartOnAnIncompleteRestoreAndLeavesTheDatabaseAlone() throws Exception {
        String url = ItDatabases.url("ops_incomplete");
        try {
            refusesAnIncompleteRestore(url);
        } finally {
            ItDatabases.drop(url);
        }
    }

    private void refusesAnIncompleteRestore(String url) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("incomplete"));
        Files.writeString(
                data.resolve(io.buddybork.hub.backup.BackupRestorer.INCOMPLETE_MARKER),
                "A restore of the backup /mnt/usb/x failed: test. Run the restore again.\n");
        HubProcess hub = HubProcess.builder().dataDir(data).jdbcUrl(url).build();
        try {
            assertThatThrownBy(hub::start)
                    .hasMessageContaining("does not start")
                    .hasMessageContaining("Run the restore again");
        } finally {
            hub.close();
        }
        // nothing was migrated into the (incomplete) database
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", null);
                var rs = c.createStatement()
                        .executeQuery("select count(*) from information_schema.tables where table_schema = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        } catch (java.sql.SQLException missing) {
            assertThat(missing.getSQLState()).isEqualTo("3D000"); // or not even created
        }
    }

    private record Command(int status, String output) {}

    private Command run(Path dataDir, String jdbcUrl, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("buddybork.hub.jar", "target/quarkus-app/quarkus-run.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "command-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        pb.environment().put("BUDDYBORK_DATA_DIR", dataDir.toAbsolutePath().toString());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    "command " + String.join(" ", args) + " did not finish:\n" + Files.readString(log));
        }
        return new Command(p.exitValue(), Files.readString(log));
    }
}
