package io.buddybork.hub.backup;

import io.buddybork.hub.db.DatabaseBootstrap;
import io.buddybork.hub.storage.LocalObjectStore;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StorageConfig;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.storage.DurableFiles.DirectoryForce;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Restores a backup into an empty (or missing) data directory and an empty (or missing)
 * database. Files are copied with their SHA-256 checked on the way; any fault stops the restore
 * before the database is touched and removes what was copied, so the target is left as empty as
 * it was. The database is then created if missing, migrated by this hub's Flyway migrations up to
 * the backup's schema version, and loaded in one transaction; the hub's next start applies any
 * newer migrations (the upgrade path). Refuses a non-empty target instead of merging into it.
 *
 * <p>From the first change until the restore completes, the data directory holds the marker
 * {@value #INCOMPLETE_MARKER} saying which backup was being restored, what went wrong and how to
 * recover; the hub refuses to start while it is there ({@link IncompleteRestoreCheck}), so a
 * failed or killed restore never turns silently into an empty hub. Re-running the restore with
 * the marker present starts over: the marker proves that this restore filled both targets, so it
 * empties them first.
 *
 * <p>With the S3 store, segments ({@code raw/}) and model files ({@code models/}) go into the
 * bucket instead of the data directory (each PUT checked by Content-MD5 after the SHA-256 of the
 * backup copy was checked); the bucket must hold none under those prefixes, and undoing a failed
 * restore deletes them there as well. The marker stays in the local data directory.
 */
public final class BackupRestorer {
    /** The file in the data directory that marks a restore that has not completed. */
    public static final String INCOMPLETE_MARKER = "RESTORE-INCOMPLETE.txt";

    private final OpsSettings settings;
    private final ObjectStore store;
    private final PrintStream out;

    /** What was restored. */
    public record Result(long files, long bytes, Map<String, Long> rows, String schemaVersion) {}

    /** A restorer into the data directory (the local store). */
    public BackupRestorer(OpsSettings settings, PrintStream out) {
        this(settings, new LocalObjectStore(settings.dataDir()), out);
    }

    /** A restorer that puts segments and model files into {@code store}. */
    public BackupRestorer(OpsSettings settings, ObjectStore store, PrintStream out) {
        this.settings = settings;
        this.store = store;
        this.out = out;
    }

    /** Whether the backup file at {@code path} goes into the object store rather than the data directory. */
    private boolean intoStore(String path) {
        return store.backend() != StorageConfig.Backend.LOCAL
                && STORE_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static final List<String> STORE_PREFIXES = List.of("raw/", "models/");

    private void requireEmptyStore() throws IOException {
        if (store.backend() == StorageConfig.Backend.LOCAL) {
            return;
        }
        for (String prefix : STORE_PREFIXES) {
            List<String> found = new ArrayList<>();
            store.list(prefix, o -> found.add(o.key()));
            if (!found.isEmpty()) {
                throw new RestoreRefused("the object store " + store.describe() + " already holds " + found.size()
                        + " object(s) under " + prefix + " (e.g. " + found.getFirst()
                        + "); restore needs a bucket without segments and models");
            }
        }
    }

    /** Undoes what a failed restore put into the object store (it held nothing there before). */
    private void emptyStore() throws IOException {
        if (store.backend() == StorageConfig.Backend.LOCAL) {
            return;
        }
        for (String prefix : STORE_PREFIXES) {
            List<String> found = new ArrayList<>();
            store.list(prefix, o -> found.add(o.key()));
            for (String key : found) {
                store.delete(key);
            }
        }
    }

    /**
     * Restores {@code from}.
     *
     * @throws RestoreRefused naming the fault when the backup is incomplete or the target is not empty
     */
    public Result restore(Path from) throws IOException, SQLException {
        BackupManifest m = BackupManifest.read(from)
                .orElseThrow(() ->
                        new RestoreRefused("no complete backup in " + from + " (" + BackupManifest.FILE + " missing)"));
        Path root = settings.dataDir();
        boolean resuming = Files.isRegularFile(root.resolve(INCOMPLETE_MARKER));
        if (!resuming) {
            requireEmptyDataDir(root);
            requireEmptyStore();
        }
        DatabaseBootstrap.createIfMissing(settings.jdbcUrl(), settings.properties(), settings.maintenanceDatabase());
        Flyway flyway = flyway(m.schemaVersion());
        requireKnownVersion(flyway, m.schemaVersion());
        try (Connection c = settings.connect()) {
            List<String> tables = DatabaseDump.tables(c);
            if (!resuming && (!tables.isEmpty() || hasFlywayHistory(c))) {
                throw new RestoreRefused("the database " + settings.jdbcUrl() + " is not empty (tables: "
                        + String.join(", ", tables) + "); restore needs an empty or missing database");
            }
        }
        for (BackupManifest.FileEntry e : m.ownFiles()) {
            String fault = BackupVerifier.check(from.resolve(e.stored()), e.stored(), e.size(), e.sha256());
            if (fault != null) {
                throw new RestoreRefused("the backup is damaged, nothing restored: " + fault);
            }
        }
        String indexFault = BackupVerifier.check(from.resolve(m.index()), m.index(), -1, m.indexSha256());
        if (indexFault != null) {
            throw new RestoreRefused("the backup is damaged, nothing restored: " + indexFault);
        }
        if (resuming) {
            // an earlier restore filled both targets and did not finish: start over from empty
            out.printf(
                    "An earlier restore did not finish (%s): emptying %s and the database first%n",
                    INCOMPLETE_MARKER, root);
            emptyDataDir(root);
            emptyStore();
            flyway.clean();
        }
        mark(root, from, "is in progress or was interrupted (the process was stopped or killed)", null);
        try {
            Result result = copyAndLoad(m, from, root, flyway);
            DurableFiles.delete(root.resolve(INCOMPLETE_MARKER));
            return result;
        } catch (IOException | SQLException | RuntimeException e) {
            String undone = "The restore emptied the data directory and the database again.";
            try {
                emptyDataDir(root);
                emptyStore();
                flyway.clean();
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
                undone = "Emptying the data directory and the database again failed too (" + undo
                        + "), so they may hold part of the backup.";
            }
            try {
                mark(root, from, "failed: " + e.getMessage(), undone);
            } catch (IOException | RuntimeException markFailure) {
                e.addSuppressed(markFailure);
            }
            throw e;
        }
    }

    /** Writes the marker of an unfinished restore, saying what state the targets are in and how to recover. */
    private void mark(Path root, Path from, String what, String state) throws IOException {
        Files.createDirectories(root);
        String text = "A restore of the backup " + from + " into this data directory and the database "
                + settings.jdbcUrl() + " " + what + " (" + java.time.Instant.now() + ").\n"
                + (state == null ? "The data directory and the database may hold part of the backup." : state)
                + "\nThe hub refuses to start while this file exists, so that it never runs on an incomplete"
                + " restore.\nTo recover, run the restore again (it starts over):\n"
                + "    java -jar quarkus-run.jar restore --from " + from + "\n"
                + "or, to start an empty hub instead, delete this file (if the state above is not empty,"
                + " empty this directory and drop the database first).\n";
        DurableFiles.write(root.resolve(INCOMPLETE_MARKER), text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Copies the files and loads the database; the caller undoes both on failure. */
    private Result copyAndLoad(BackupManifest m, Path from, Path root, Flyway flyway) throws IOException, SQLException {
        long files = 0;
        long bytes = 0;
        Set<Path> dirs = new LinkedHashSet<>();
        for (BackupManifest.FileEntry e :
                BackupManifest.readIndex(from.resolve(m.index())).values()) {
            Path src = from.resolve(e.stored());
            Path dest = root.resolve(e.path()).normalize();
            if (!dest.startsWith(root) || dest.equals(root.resolve(INCOMPLETE_MARKER))) {
                throw new RestoreRefused("the backup index names a path outside the data directory: " + e.path());
            }
            if (!Files.isRegularFile(src)) {
                throw new RestoreRefused("the backup is damaged, nothing restored: missing: " + e.stored());
            }
            if (intoStore(e.path())) {
                byte[] content = Files.readAllBytes(src);
                if (!Checksums.hex(Checksums.sha256().digest(content)).equals(e.sha256())) {
                    throw new RestoreRefused("the backup is damaged, nothing restored: corrupt: " + e.stored());
                }
                store.put(e.path(), content);
                files++;
                bytes += content.length;
                continue;
            }
            DurableFiles.Copied copied = DurableFiles.copy(src, dest, DirectoryForce.BY_CALLER);
            if (!copied.sha256().equals(e.sha256())) {
                throw new RestoreRefused("the backup is damaged, nothing restored: corrupt: " + e.stored());
            }
            dirs.add(dest.getParent());
            files++;
            bytes += copied.size();
        }
        for (Path d : dirs) {
            DurableFiles.fsyncDirectory(d);
        }
        out.printf(
                "Files: %d restored (%d bytes) into %s%s%n",
                files, bytes, root, store.backend() == StorageConfig.Backend.LOCAL ? "" : " and " + store.describe());
        var migrated = flyway.migrate();
        out.printf(
                "Database: schema created up to version %s (%d migrations)%n",
                m.schemaVersion(), migrated.migrationsExecuted);
        Map<String, Long> rows;
        try (Connection c = settings.connect()) {
            c.setAutoCommit(false);
            try {
                rows = DatabaseDump.load(c, m.tables(), m.sequences(), t -> open(from.resolve(t.file())));
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Result(files, bytes, rows, m.schemaVersion());
    }

    private Flyway flyway(String target) {
        return Flyway.configure(BackupRestorer.class.getClassLoader())
                .dataSource(
                        settings.jdbcUrl(),
                        settings.username().orElse(null),
                        settings.password().orElse(null))
                .locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion(target))
                // only ever used on a schema this restore found empty and filled itself (see restore)
                .cleanDisabled(false)
                .load();
    }

    private static void requireKnownVersion(Flyway flyway, String version) {
        MigrationVersion wanted = MigrationVersion.fromVersion(version);
        MigrationVersion newest = null;
        boolean found = false;
        for (var info : flyway.info().all()) {
            if (info.getVersion() == null) {
                continue;
            }
            if (newest == null || info.getVersion().compareTo(newest) > 0) {
                newest = info.getVersion();
            }
            found |= info.getVersion().equals(wanted);
        }
        if (!found) {
            throw new RestoreRefused("the backup's schema version " + version
                    + " is unknown to this hub (its newest is " + (newest == null ? "none" : newest.getVersion())
                    + "); restore with the hub version that made the backup or a newer one");
        }
    }

    private static boolean hasFlywayHistory(Connection c) throws SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery(
                        "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema()"
                                + " and c.relname = '" + DatabaseDump.FLYWAY_TABLE + "'")) {
            return rs.next();
        }
    }

    private static InputStream open(Path p) {
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireEmptyDataDir(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new RestoreRefused("the data directory " + root + " is not a directory");
        }
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            s.forEach(p -> found.add(p.getFileName().toString()));
        }
        if (!found.isEmpty()) {
            throw new RestoreRefused("the data directory " + root + " is not empty ("
                    + String.join(", ", found.subList(0, Math.min(5, found.size()))) + (found.size() > 5 ? ", ..." : "")
                    + "); restore needs an empty or missing one");
        }
    }

    /** Undoes a failed file copy: the directory was empty before (but for the marker, which stays). */
    private static void emptyDataDir(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(root) && !p.equals(root.resolve(INCOMPLETE_MARKER))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A restore that cannot proceed; the message names the fault and nothing was changed. */
    public static final class RestoreRefused extends RuntimeException {
        public RestoreRefused(String message) {
            super(message);
        }
    }
}
