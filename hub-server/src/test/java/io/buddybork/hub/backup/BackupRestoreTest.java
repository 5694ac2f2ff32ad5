package io.buddybork.hub.backup;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.main.HubMain;
import io.buddybork.hub.storage.LocalObjectStore;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StorageConfig;
import io.buddybork.hub.storage.StoredObject;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup while the hub ingests, restore into an empty directory and a missing database, and the
 * failure cases: a corrupt backup file, an interrupted run.
 */
@QuarkusTest
class BackupRestoreTest {
    static final String RESTORE_DB = io.buddybork.hub.testing.FreshDatabase.runScoped("restore");

    @Inject
    HubConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    OpsSettings source() {
        return new OpsSettings(
                config.dataDir().toAbsolutePath().normalize(),
                jdbcUrl,
                Optional.of("postgres"),
                Optional.empty(),
                "postgres");
    }

    OpsSettings restoreTarget(Path dataDir) {
        String url = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + RESTORE_DB;
        return new OpsSettings(dataDir, url, Optional.of("postgres"), Optional.empty(), "postgres");
    }

    @BeforeEach
    @AfterEach
    void dropRestoreDatabase() throws SQLException {
        String url = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + RESTORE_DB + " with (force)");
        }
    }

    @Test
    void backupTakenDuringIngestHoldsEverySegmentAcknowledgedBeforeItStarted() throws Exception {
        Device d = createDevice("backup-during-ingest");
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = nextStart();
            upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
            before.add(start);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> during = Collections.synchronizedList(new ArrayList<>());
        ExecutorService ingest = Executors.newSingleThreadExecutor();
        Future<?> uploads = ingest.submit(() -> {
            while (!stop.get()) {
                long start = nextStart();
                upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
                during.add(start);
            }
        });
        try {
            Path backup = tmp.resolve("backup");
            new BackupWriter(source(), out).run(backup);
            stop.set(true);
            uploads.get();
            var index = BackupManifest.readIndex(
                    backup.resolve(BackupManifest.read(backup).orElseThrow().index()));
            for (long start : before) {
                String rel = io.buddybork.model.SegmentNames.relativePath(d.id(), start)
                        .toString()
                        .replace('\\', '/');
                assertThat(index).containsKey(rel);
                assertThat(Files.readAllBytes(backup.resolve(index.get(rel).stored())))
                        .isEqualTo(TestWavs.segment(start));
            }
            assertThat(new BackupVerifier().verify(backup).faults()).isEmpty();
        } finally {
            stop.set(true);
            ingest.shutdownNow();
        }
    }

    @Test
    void restoreIntoAnEmptyDirectoryAndMissingDatabaseGivesTheSameBytesAndRows() throws Exception {
        Device d = createDevice("restore-me");
        for (int i = 0; i < 3; i++) {
            long start = nextStart();
            upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        }
        Path backup = tmp.resolve("backup");
        new BackupWriter(source(), out).run(backup);
        Path restored = tmp.resolve("restored-data");

        var result = new BackupRestorer(restoreTarget(restored), out).restore(backup);

        assertThat(result.files()).isPositive();
        BackupManifest m = BackupManifest.read(backup).orElseThrow();
        for (var e : BackupManifest.readIndex(backup.resolve(m.index())).values()) {
            assertThat(Files.readAllBytes(restored.resolve(e.path())))
                    .as(e.path())
                    .isEqualTo(Files.readAllBytes(source().dataDir().resolve(e.path())));
        }
        try (Connection c = restoreTarget(restored).connect()) {
            for (DatabaseDump.Table t : m.tables()) {
                assertThat(count(c, t.name())).as(t.name()).isEqualTo(t.rows());
            }
            assertThat(contentHash(c, "raw", "id, device_id, start_time, path, sha256"))
                    .isEqualTo(contentHashOfSource("raw", "id, device_id, start_time, path, sha256", m));
        }
        assertThat(Files.readString(restored.resolve("secrets/session.key")))
                .isEqualTo(Files.readString(source().dataDir().resolve("secrets/session.key")));
    }

    @Test
    void restoreRefusesANonEmptyDataDirectoryAndChangesNothing() throws Exception {
        Path backup = tmp.resolve("backup");
        new BackupWriter(source(), out).run(backup);
        Path busy = tmp.resolve("busy");
        Files.createDirectories(busy.resolve("raw"));

        assertThatThrownBy(() -> new BackupRestorer(restoreTarget(busy), out).restore(backup))
                .isInstanceOf(BackupRestorer.RestoreRefused.class)
                .hasMessageContaining("not empty");
        assertThat(Files.list(busy)).hasSize(1);
    }

    @Test
    void aFailedRestoreSaysSoInTheDataDirectoryStopsTheHubAndARerunCompletesIt() throws Exception {
        Device d = createDevice("restore-fails");
        long start = nextStart();
        upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        Path backup = tmp.resolve("backup");
        new BackupWriter(source(), out).run(backup);
        var index = BackupManifest.readIndex(
                backup.resolve(BackupManifest.read(backup).orElseThrow().index()));
        String rel = io.buddybork.model.SegmentNames.relativePath(d.id(), start)
                .toString()
                .replace('\\', '/');
        Path stored = backup.resolve(index.get(rel).stored());
        byte[] good = Files.readAllBytes(stored);
        byte[] bad = good.clone();
        bad[100] ^= 1; // found only while copying, after the restore began to change the targets
        Files.write(stored, bad);
        Path target = tmp.resolve("restore-target");

        assertThatThrownBy(() -> new BackupRestorer(restoreTarget(target), out).restore(backup))
                .isInstanceOf(BackupRestorer.RestoreRefused.class)
                .hasMessageContaining("corrupt");

        // the state is said plainly where the hub looks, and the hub will not start on it
        try (var left = Files.list(target)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(BackupRestorer.INCOMPLETE_MARKER);
        }
        assertThat(Files.readString(target.resolve(BackupRestorer.INCOMPLETE_MARKER)))
                .contains("failed")
                .contains("emptied the data directory and the database again")
                .contains("restore --from " + backup);
        assertThat(IncompleteRestoreCheck.problem(target))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("does not start").contains("restore --from"));
        // a rerun with a whole backup starts over and completes
        Files.write(stored, good);
        var result = new BackupRestorer(restoreTarget(target), out).restore(backup);
        assertThat(result.files()).isPositive();
        assertThat(target.resolve(BackupRestorer.INCOMPLETE_MARKER)).doesNotExist();
        assertThat(IncompleteRestoreCheck.problem(target)).isEmpty();
        assertThat(Files.readAllBytes(target.resolve(rel))).isEqualTo(good);
    }

    @Test
    void aRestoreKilledHalfwayIsStartedOverByTheNextRun() throws Exception {
        Path backup = tmp.resolve("backup");
        new BackupWriter(source(), out).run(backup);
        Path target = tmp.resolve("killed-target");
        new BackupRestorer(restoreTarget(target), out).restore(backup);
        // as if killed before the end: the marker, files and rows of the first attempt, and a stray file
        Files.writeString(target.resolve(BackupRestorer.INCOMPLETE_MARKER), "A restore ... is in progress");
        Files.writeString(target.resolve("stray.txt"), "half-copied");
        assertThat(IncompleteRestoreCheck.problem(target)).isPresent();

        var result = new BackupRestorer(restoreTarget(target), out).restore(backup);

        assertThat(target.resolve("stray.txt")).doesNotExist();
        assertThat(target.resolve(BackupRestorer.INCOMPLETE_MARKER)).doesNotExist();
        BackupManifest m = BackupManifest.read(backup).orElseThrow();
        try (Connection c = restoreTarget(target).connect()) {
            for (DatabaseDump.Table t : m.tables()) {
                assertThat(count(c, t.name())).as(t.name()).isEqualTo(t.rows());
            }
        }
        assertThat(result.rows()).isNotEmpty();
    }

    @Test
    void verifyNamesACorruptAndAMissingFile() throws Exception {
        Device d = createDevice("corrupt-me");
        long start = nextStart();
        upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        Path backup = tmp.resolve("backup");
        new BackupWriter(source(), out).run(backup);
        var index = BackupManifest.readIndex(
                backup.resolve(BackupManifest.read(backup).orElseThrow().index()));
        String rel = io.buddybork.model.SegmentNames.relativePath(d.id(), start)
                .toString()
                .replace('\\', '/');
        Path stored = backup.resolve(index.get(rel).stored());
        byte[] bytes = Files.readAllBytes(stored);
        bytes[100] ^= 1; // one flipped bit, same size
        Files.write(stored, bytes);
        Path dump = backup.resolve(
                BackupManifest.read(backup).orElseThrow().tables().get(0).file());
        Files.delete(dump);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HubMain.run(
                new String[] {"verify", "--from", backup.toString()},
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("corrupt: " + index.get(rel).stored())
                .contains("missing: " + backup.relativize(dump).toString().replace('\\', '/'));
    }

    @Test
    void anInterruptedRunLeavesThePreviousBackupWholeAndTheNextRunCopiesOnlyWhatChanged() throws Exception {
        Device d = createDevice("interrupt-me");
        for (int i = 0; i < 2; i++) {
            long start = nextStart();
            upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        }
        Path backup = tmp.resolve("backup");
        new BackupWriter(source(), out).run(backup);
        BackupManifest first = BackupManifest.read(backup).orElseThrow();
        for (int i = 0; i < 3; i++) {
            long start = nextStart();
            upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        }
        // a session key rotated by hand: a changed file the previous manifest references
        Path key = source().dataDir().resolve("secrets/session.key");
        String oldKey = Files.readString(key);
        try {
            Files.writeString(key, oldKey.strip() + "rotated\n");
            // the power fails after two of the three new segments were copied: the store dies on
            // the third lookup (segments the first run copied are not looked up: the backup has them)
            var failing = new PowerCutStore(new LocalObjectStore(source().dataDir()), 2);
            assertThatThrownBy(() -> new BackupWriter(source(), failing, out).run(backup))
                    .hasMessage("power cut");
            assertThat(failing.lookups).isEqualTo(3);

            assertThat(BackupManifest.read(backup).orElseThrow()).isEqualTo(first);
            assertThat(new BackupVerifier().verify(backup).faults()).isEmpty();

            var again = new BackupWriter(source(), out).run(backup);
            assertThat(again.copiedFiles()).isEqualTo(4); // the three new segments and the key
            assertThat(new BackupWriter(source(), out).run(backup).copiedFiles())
                    .isZero();
            assertThat(new BackupVerifier().verify(backup).faults()).isEmpty();
        } finally {
            Files.writeString(key, oldKey);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + DatabaseDump.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<Long, String> contentHash(Connection c, String table, String cols) throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id, md5(row(" + cols + ")::text) from " + table)) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }

    private Map<Long, String> contentHashOfSource(String table, String cols, BackupManifest m) throws SQLException {
        long maxId = m.sequences().stream()
                .filter(s -> s.name().equals(table + "_id_seq"))
                .findFirst()
                .orElseThrow()
                .lastValue();
        try (Connection c = source().connect()) {
            Map<Long, String> all = contentHash(c, table, cols);
            all.keySet().removeIf(id -> id > maxId); // rows other tests added after the backup
            return all;
        }
    }

    /** The hub's data directory whose files become unreadable (a power cut) after {@code readable} lookups. */
    private static final class PowerCutStore implements ObjectStore {
        private final ObjectStore data;
        private final int readable;
        int lookups;

        PowerCutStore(ObjectStore data, int readable) {
            this.data = data;
            this.readable = readable;
        }

        @Override
        public Optional<Path> localFile(String key) {
            if (++lookups > readable) {
                throw new IllegalStateException("power cut");
            }
            return data.localFile(key);
        }

        @Override
        public StorageConfig.Backend backend() {
            return data.backend();
        }

        @Override
        public void put(String key, byte[] bytes) throws IOException {
            data.put(key, bytes);
        }

        @Override
        public byte[] read(String key) throws IOException {
            return data.read(key);
        }

        @Override
        public byte[] read(String key, long offset, int length) throws IOException {
            return data.read(key, offset, length);
        }

        @Override
        public long size(String key) throws IOException {
            return data.size(key);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return data.exists(key);
        }

        @Override
        public boolean delete(String key) throws IOException {
            return data.delete(key);
        }

        @Override
        public void list(String prefix, Consumer<StoredObject> sink) throws IOException {
            data.list(prefix, sink);
        }

        @Override
        public void probe() throws IOException {
            data.probe();
        }

        @Override
        public String describe() {
            return data.describe();
        }
    }
}
