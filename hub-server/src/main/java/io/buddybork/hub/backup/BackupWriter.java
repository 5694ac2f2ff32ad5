package io.buddybork.hub.backup;

import io.buddybork.hub.storage.LocalObjectStore;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StorageConfig;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.storage.DurableFiles.DirectoryForce;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes one incremental, consistent backup run into a backup directory.
 *
 * <p>Consistency: takes {@link BackupLock} (so retention cannot delete a segment under it), then
 * one {@code REPEATABLE READ} snapshot in which it dumps every table and lists the {@code raw} rows;
 * every row in the snapshot has its file (ingest commits a row only after its file is durable), so
 * nothing acknowledged before the run started is missing. Raw WAVs are copied only when the backup
 * does not already hold the same bytes (by the row's SHA-256), and each copy is checked against
 * that SHA-256 (a mismatch is reported as a corrupt source and never replaces a good copy). Other
 * kept files of the data directory (models, {@code secrets/}, anything but the caches
 * {@code features/} and {@code tmp/}) are hashed and copied when changed.
 *
 * <p>Audio is read from the hub's {@link ObjectStore}: files of the data directory by default; with
 * the S3 store each changed segment is downloaded and checked against its row's SHA-256, and the
 * model files are taken from the bucket's {@code models/} as well. The backup itself is always a
 * local directory.
 *
 * <p>Durability: copied files go through {@link DurableFiles#copy} (temp + fsync + rename, each
 * touched directory forced once before the commit); the table dumps and the index are streamed
 * under names new to this run and forced, so they need no rename: nothing refers to them until
 * {@code backup.json} is replaced ({@link DurableFiles#write}), which is the single commit point; files a previous manifest
 * references are never overwritten (a changed file is stored under a new name), so an interrupted
 * run leaves the previous backup whole. Only after the commit are unreferenced files removed.
 * Not thread-safe; a file lock refuses a second concurrent run into the same directory.
 */
public final class BackupWriter {
    /** Top-level directories of the data root that are regenerable caches or handled by rows. */
    static final Set<String> NOT_WALKED = Set.of("raw", "features", "tmp");

    static final String DATA = "data";
    /** The key prefix of model files in the store. */
    private static final String MODELS = "models/";

    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final OpsSettings settings;
    private final ObjectStore store;
    private final PrintStream out;

    /** What a run did. */
    public record Result(
            String runId,
            long files,
            long bytes,
            long copiedFiles,
            long copiedBytes,
            long rows,
            List<String> warnings) {}

    /** A writer for a hub whose audio is in its data directory (the local store). */
    public BackupWriter(OpsSettings settings, PrintStream out) {
        this(settings, new LocalObjectStore(settings.dataDir()), out);
    }

    /** A writer reading the audio and model files from {@code store}. */
    public BackupWriter(OpsSettings settings, ObjectStore store, PrintStream out) {
        this.settings = settings;
        this.store = store;
        this.out = out;
    }

    /** Runs one backup into {@code target}; see the class comment. */
    public Result run(Path target) throws IOException, SQLException {
        Files.createDirectories(target);
        try (FileChannel lockFile =
                FileChannel.open(target.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("another backup is running into " + target);
            }
            try {
                return runLocked(target.toAbsolutePath().normalize());
            } finally {
                lock.release();
            }
        }
    }

    private Result runLocked(Path target) throws IOException, SQLException {
        BackupManifest previous = BackupManifest.read(target).orElse(null);
        Map<String, BackupManifest.FileEntry> before = new HashMap<>();
        if (previous != null) {
            before.putAll(BackupManifest.readIndex(target.resolve(previous.index())));
        }
        Instant started = Instant.now();
        // unique within the directory: a leftover of an interrupted run in the same second keeps its
        // name until the next commit removes it
        String base = RUN_ID.format(started);
        String runId = base;
        for (int n = 1;
                Files.exists(target.resolve("db-" + runId)) || Files.exists(target.resolve("index-" + runId + ".tsv"));
                n++) {
            runId = base + "-" + n;
        }
        Path dbDir = target.resolve("db-" + runId);
        Files.createDirectories(dbDir);
        List<String> warnings = new ArrayList<>();
        Set<Path> touchedDirs = new LinkedHashSet<>();
        touchedDirs.add(dbDir);
        Set<String> storedNames = new HashSet<>();
        long[] copied = new long[2];
        List<DatabaseDump.Table> tables = new ArrayList<>();
        List<DatabaseDump.Sequence> sequences;
        String schemaVersion;
        String indexName = "index-" + runId + ".tsv";
        Path indexFile = target.resolve(indexName);
        MessageDigest indexDigest = Checksums.sha256();
        long files = 0;
        long bytes = 0;
        long rows = 0;
        try (Connection c = settings.connect();
                FileChannel indexChannel = FileChannel.open(
                        indexFile,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                BufferedWriter index = new BufferedWriter(new OutputStreamWriter(
                        new DigestOutputStream(Channels.newOutputStream(indexChannel), indexDigest),
                        StandardCharsets.UTF_8))) {
            // The lock before the snapshot: a deletion committed before it is not in the snapshot,
            // one after it waits (see BackupLock).
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_lock(" + BackupLock.KEY + ")");
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            schemaVersion = schemaVersion(c);
            for (String table : DatabaseDump.tables(c)) {
                String name = table + ".tsv";
                DatabaseDump.Table t =
                        DatabaseDump.dump(c, table, dbDir.resolve(name), dbDir.getFileName() + "/" + name);
                tables.add(t);
                rows += t.rows();
            }
            sequences = DatabaseDump.sequences(c);
            out.printf("Database: %d tables, %d rows (schema version %s)%n", tables.size(), rows, schemaVersion);
            Path root = settings.dataDir();
            try (PreparedStatement q = c.prepareStatement("select path, sha256, size_bytes from raw order by id")) {
                q.setFetchSize(2000);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String rel = rs.getString(1);
                        String sha = Checksums.hex(rs.getBytes(2));
                        var e = keepRaw(
                                root,
                                target,
                                rel,
                                sha,
                                rs.getLong(3),
                                before,
                                storedNames,
                                touchedDirs,
                                warnings,
                                copied);
                        if (e != null) {
                            index.write(BackupManifest.indexLine(e));
                            files++;
                            bytes += e.size();
                        }
                    }
                }
            }
            if (store.backend() != StorageConfig.Backend.LOCAL) {
                // model files live in the bucket too (locally they are among the data directory's files)
                List<String> keys = new ArrayList<>();
                store.list(MODELS, o -> keys.add(o.key()));
                for (String key : keys) {
                    var e = keepObject(target, key, before, storedNames, touchedDirs, warnings, copied);
                    if (e != null) {
                        index.write(BackupManifest.indexLine(e));
                        files++;
                        bytes += e.size();
                    }
                }
            }
            for (Path file : otherFiles(root)) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                var e = keepOther(file, target, rel, before, storedNames, touchedDirs, warnings, copied);
                if (e != null) {
                    index.write(BackupManifest.indexLine(e));
                    files++;
                    bytes += e.size();
                }
            }
            c.rollback(); // read-only; ends the snapshot
            index.flush();
            indexChannel.force(true);
        }
        for (Path dir : touchedDirs) {
            DurableFiles.fsyncDirectory(dir);
        }
        DurableFiles.fsyncDirectory(target);
        BackupManifest manifest = new BackupManifest(
                BackupManifest.FORMAT,
                started.toString(),
                hubVersion(),
                schemaVersion,
                settings.dataDir().toString(),
                tables,
                sequences,
                indexName,
                Checksums.hex(indexDigest.digest()),
                files,
                bytes,
                warnings);
        manifest.write(target); // the commit point
        removeUnreferenced(target, manifest, storedNames);
        return new Result(runId, files, bytes, copied[0], copied[1], rows, warnings);
    }

    private BackupManifest.FileEntry keepRaw(
            Path root,
            Path target,
            String rel,
            String sha,
            long size,
            Map<String, BackupManifest.FileEntry> before,
            Set<String> storedNames,
            Set<Path> touchedDirs,
            List<String> warnings,
            long[] copied)
            throws IOException {
        if (!safeRelative(rel)) {
            warnings.add("skipped raw path with unsupported characters: " + rel);
            return null;
        }
        BackupManifest.FileEntry prev = before.get(rel);
        if (prev != null
                && prev.sha256().equals(sha)
                && prev.size() == size
                && sizeOf(target.resolve(prev.stored())) == size) {
            storedNames.add(prev.stored());
            return prev;
        }
        Optional<Path> localSource = store.localFile(rel);
        byte[] remote = null;
        if (localSource.isPresent() && !Files.isRegularFile(localSource.get())) {
            warnings.add("missing in the data directory (row without file): " + rel);
            return keepPreviousIfGood(prev, sha, storedNames);
        } else if (localSource.isEmpty()) {
            try {
                remote = store.read(rel);
            } catch (NoSuchFileException e) {
                warnings.add("missing in the object store (row without object): " + rel);
                return keepPreviousIfGood(prev, sha, storedNames);
            }
        }
        String stored = freshName(DATA + "/" + rel, before, prev);
        Path dest = target.resolve(stored);
        DurableFiles.Copied c = remote == null
                ? DurableFiles.copy(localSource.get(), dest, DirectoryForce.BY_CALLER)
                : writeCopy(dest, remote);
        touchedDirs.add(dest.getParent());
        if (!c.sha256().equals(sha)) {
            Files.deleteIfExists(dest);
            warnings.add("corrupt in the data directory (SHA-256 differs from the raw row): " + rel);
            return keepPreviousIfGood(prev, sha, storedNames);
        }
        copied[0]++;
        copied[1] += c.size();
        storedNames.add(stored);
        return new BackupManifest.FileEntry(rel, stored, c.size(), c.sha256());
    }

    /** Writes bytes read from the object store into the backup (durably) and says what was written. */
    private static DurableFiles.Copied writeCopy(Path dest, byte[] bytes) throws IOException {
        DurableFiles.write(dest, bytes);
        return new DurableFiles.Copied(
                bytes.length, Checksums.hex(Checksums.sha256().digest(bytes)));
    }

    /** Keeps one object of the store that has no row of its own (a model file), like {@link #keepOther}. */
    private BackupManifest.FileEntry keepObject(
            Path target,
            String key,
            Map<String, BackupManifest.FileEntry> before,
            Set<String> storedNames,
            Set<Path> touchedDirs,
            List<String> warnings,
            long[] copied)
            throws IOException {
        if (!safeRelative(key)) {
            warnings.add("skipped object with unsupported characters in its key: " + key);
            return null;
        }
        byte[] bytes;
        try {
            bytes = store.read(key);
        } catch (NoSuchFileException e) {
            return null; // deleted since it was listed
        }
        String sha = Checksums.hex(Checksums.sha256().digest(bytes));
        BackupManifest.FileEntry prev = before.get(key);
        if (prev != null && prev.sha256().equals(sha) && sizeOf(target.resolve(prev.stored())) == prev.size()) {
            storedNames.add(prev.stored());
            return prev;
        }
        String stored = freshName(DATA + "/" + key, before, prev);
        Path dest = target.resolve(stored);
        DurableFiles.Copied c = writeCopy(dest, bytes);
        touchedDirs.add(dest.getParent());
        copied[0]++;
        copied[1] += c.size();
        storedNames.add(stored);
        return new BackupManifest.FileEntry(key, stored, c.size(), c.sha256());
    }

    private static BackupManifest.FileEntry keepPreviousIfGood(
            BackupManifest.FileEntry prev, String sha, Set<String> storedNames) {
        if (prev != null && prev.sha256().equals(sha)) {
            storedNames.add(prev.stored());
            return prev; // the backup still has the good bytes
        }
        return null;
    }

    private BackupManifest.FileEntry keepOther(
            Path source,
            Path target,
            String rel,
            Map<String, BackupManifest.FileEntry> before,
            Set<String> storedNames,
            Set<Path> touchedDirs,
            List<String> warnings,
            long[] copied)
            throws IOException {
        if (!safeRelative(rel)) {
            warnings.add("skipped file with unsupported characters in its name: " + rel);
            return null;
        }
        BackupManifest.FileEntry prev = before.get(rel);
        String sha;
        try {
            sha = Checksums.of(source);
        } catch (IOException e) {
            warnings.add("cannot read " + rel + ": " + e.getMessage());
            return null;
        }
        if (prev != null && prev.sha256().equals(sha) && sizeOf(target.resolve(prev.stored())) == prev.size()) {
            storedNames.add(prev.stored());
            return prev;
        }
        String stored = freshName(DATA + "/" + rel, before, prev);
        Path dest = target.resolve(stored);
        DurableFiles.Copied c = DurableFiles.copy(source, dest, DirectoryForce.BY_CALLER);
        touchedDirs.add(dest.getParent());
        copied[0]++;
        copied[1] += c.size();
        storedNames.add(stored);
        // the file may have changed between hashing and copying: the copy's hash is what is kept
        return new BackupManifest.FileEntry(rel, stored, c.size(), c.sha256());
    }

    /** A backup-relative name no previous manifest entry uses, so an interrupted run never breaks it. */
    private static String freshName(
            String wanted, Map<String, BackupManifest.FileEntry> before, BackupManifest.FileEntry prev) {
        if (prev == null || !prev.stored().equals(wanted)) {
            // wanted may still be referenced by another entry only if paths collide, which they cannot
            return wanted;
        }
        return wanted + "~" + Long.toHexString(System.nanoTime());
    }

    /** Files of the data root worth keeping: everything outside raw/ and the caches, temp files excepted. */
    static List<Path> otherFiles(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            for (Path p : top) {
                String name = p.getFileName().toString();
                if (NOT_WALKED.contains(name) || isTemp(name)) {
                    continue;
                }
                if (Files.isRegularFile(p)) {
                    out.add(p);
                } else if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        walk.filter(Files::isRegularFile)
                                .filter(f -> !isTemp(f.getFileName().toString()))
                                .sorted()
                                .forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    static boolean isTemp(String name) {
        // ".part": the temp files of copies made before every copy went through DurableFiles
        return name.startsWith(".")
                && (DurableFiles.isTemporary(name) || name.endsWith(".part") || name.startsWith(".health-"));
    }

    private static boolean safeRelative(String rel) {
        return !rel.isEmpty()
                && rel.chars().noneMatch(ch -> ch == '\t' || ch == '\n' || ch == '\r')
                && !rel.startsWith("/")
                && !rel.contains("..");
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** After the commit: removes dumps, indexes and kept files the new manifest does not reference. */
    private void removeUnreferenced(Path target, BackupManifest manifest, Set<String> storedNames) throws IOException {
        Set<String> keepTop = new HashSet<>(Set.of(BackupManifest.FILE, manifest.index(), ".lock", DATA));
        manifest.tables().stream()
                .map(t -> t.file().substring(0, t.file().indexOf('/')))
                .forEach(keepTop::add);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(target)) {
            for (Path p : top) {
                String name = p.getFileName().toString();
                if (!keepTop.contains(name) && (name.startsWith("db-") || name.startsWith("index-") || isTemp(name))) {
                    deleteTree(p);
                }
            }
        }
        Path data = target.resolve(DATA);
        if (!Files.isDirectory(data)) {
            return;
        }
        long removed = 0;
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String stored = target.relativize(f).toString().replace('\\', '/');
                if (!storedNames.contains(stored)) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            out.printf("Removed %d file(s) no longer in the data directory from the backup%n", removed);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The highest successfully applied Flyway version (versions compared as Flyway does, not as text). */
    static String schemaVersion(Connection c) throws SQLException {
        org.flywaydb.core.api.MigrationVersion best = null;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version from " + DatabaseDump.FLYWAY_TABLE
                        + " where success and version is not null")) {
            while (rs.next()) {
                var v = org.flywaydb.core.api.MigrationVersion.fromVersion(rs.getString(1));
                if (best == null || v.compareTo(best) > 0) {
                    best = v;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("the database has no migrated schema; start the hub once first");
        }
        return best.getVersion();
    }

    static String hubVersion() {
        String v = BackupWriter.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
