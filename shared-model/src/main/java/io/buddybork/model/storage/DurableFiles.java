package io.buddybork.model.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way Buddybork writes a file that must survive a crash or power cut: segment files on the
 * edge spool and the hub, capture state, model files and reports, the hub's session key.
 *
 * <h2>Guarantees</h2>
 * {@link #write} puts the bytes in a new temporary file in the target's own directory (so the
 * rename below never crosses file systems), forces its contents and size to disk ({@code fdatasync}:
 * what is needed to read them back; the name is made durable by the directory force, and the hub's
 * ingest throughput was measured this way), renames it over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} and then forces the directory, so that:
 * <ul>
 *   <li>a reader, or the process after a crash, sees either the previous file (or none) or the
 *       complete new content at the target, never a torn or empty file;</li>
 *   <li>once {@code write} returns normally, the new content and its name survive a power cut;</li>
 *   <li>when {@code write} throws, no temporary file of that call is left behind (unless the process
 *       dies in the middle: see {@link #isLeftoverTemporary});</li>
 *   <li>with {@link Access#OWNER_ONLY} the file is <em>created</em> readable and writable by its owner
 *       only (mode 0600 as a creation attribute), so a secret is never readable by others, not even
 *       for the instant between creating and restricting it.</li>
 * </ul>
 * Missing parent directories are created, and each new directory is itself made durable in its
 * parent. {@link #copy} gives a file copied from another (backups, restores) the same guarantees,
 * streaming it instead of holding it in memory, and reports the SHA-256 of exactly the bytes it wrote.
 * {@link #move} and {@link #delete} give renames and deletions the same durability.
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li><b>Directory fsync failure is an error.</b> If the directory cannot be forced after the
 *       rename, the target already holds the new content, but whether its <em>name</em> survives a
 *       power cut is unknown, so the call throws {@link IOException}: callers treat the write as
 *       failed (the hub answers with an error instead of acknowledging, so the device sends the
 *       segment again). The one
 *       exception is a platform that cannot open directories at all (Windows; Buddybork's
 *       supported hosts are Linux): there the rename is the best the platform offers, and this is
 *       logged once as a warning, never silently.</li>
 *   <li>Timestamps (mtime) are not forced: after a power cut a file can have the right content and an
 *       older modification time.</li>
 *   <li>Durability is only what the disk honours: a drive that acknowledges flushes it has not done
 *       (some SD cards, USB bridges without power-loss protection) can still lose the last writes.</li>
 *   <li>Whole-file writes only: {@link #write} holds the content in memory ({@link #copy} streams it);
 *       there is no append or partial update.</li>
 *   <li>{@link #copy} with {@link DirectoryForce#BY_CALLER} leaves the directory force to the caller
 *       (one force for many files of one directory): until the caller has called
 *       {@link #fsyncDirectory}, the new name may not survive a power cut, though the content and
 *       the atomicity of the rename are as above.</li>
 *   <li>Concurrent writers of one path each write a complete file; the last rename wins. Nothing
 *       here locks across processes.</li>
 *   <li>{@link Access#OWNER_ONLY} needs a POSIX file system; elsewhere the file gets the
 *       directory's default ACL (a warning is logged once).</li>
 *   <li>A crash between creating and renaming the temporary file leaves it behind, named
 *       {@code .<target name>.<process>-<n>.tmp}; startup code removes such leftovers with
 *       {@link #isLeftoverTemporary}.</li>
 * </ul>
 * Stateless apart from a per-process temp-name counter; thread-safe. Framework-free, Java 17.
 */
public final class DurableFiles {
    /** Suffix of every temporary file this class creates. */
    public static final String TEMP_SUFFIX = ".tmp";

    /** Who may read a file written by {@link #write(Path, byte[], Access)}. */
    public enum Access {
        /** The process's usual creation mode (umask applies; typically 0644). */
        DEFAULT,
        /** Owner read/write only (0600) from the moment the file exists: for secrets. */
        OWNER_ONLY
    }

    /** Who forces the directory after {@link #copy} renamed the new file into it. */
    public enum DirectoryForce {
        /** {@code copy} forces it before it returns, like {@link #write}. */
        NOW,
        /**
         * The caller does, with {@link #fsyncDirectory}, once for all the files it copied into that
         * directory and before anything (an index, a manifest) names them.
         */
        BY_CALLER
    }

    /** What {@link #copy} wrote: its size in bytes and the SHA-256 of those bytes, as lower-case hex. */
    public record Copied(long size, String sha256) {}

    /** Identifies temp files of this process, so that startup clean-up never removes a write in progress. */
    private static final String PROCESS_TOKEN = UUID.randomUUID().toString().substring(0, 8);

    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final System.Logger LOG = System.getLogger(DurableFiles.class.getName());
    private static final AtomicBoolean WARNED_NO_DIRECTORY_SYNC = new AtomicBoolean();
    private static final AtomicBoolean WARNED_NO_POSIX = new AtomicBoolean();

    private DurableFiles() {}

    /** Atomically and durably replaces {@code target} with {@code data} (see the class comment). */
    public static void write(Path target, byte[] data) throws IOException {
        write(target, data, Access.DEFAULT);
    }

    /** Atomically and durably replaces {@code target} with {@code data}, created with the given access. */
    public static void write(Path target, byte[] data, Access access) throws IOException {
        replace(target, access, DirectoryForce.NOW, out -> writeFully(out, ByteBuffer.wrap(data)));
    }

    /**
     * Atomically and durably replaces {@code target} with what {@code content} writes to a new temp
     * file beside it: for files too large to hold in memory at once. If {@code content} throws, the
     * temp file is deleted and {@code target} is untouched.
     */
    public static void write(Path target, Content content) throws IOException {
        replace(target, Access.DEFAULT, DirectoryForce.NOW, content);
    }

    /**
     * Atomically replaces {@code target} with {@code data} without forcing anything to disk: readers
     * never see a partial file, but after a power cut the entry may be empty or garbled. Only for
     * files whose reader verifies a checksum and can recompute them (caches): it spares the disk
     * a synchronous flush that durable data, such as uploads, is waiting for.
     */
    public static void writeReplaceable(Path target, byte[] data) throws IOException {
        replace(target, Access.DEFAULT, null, out -> writeFully(out, ByteBuffer.wrap(data)));
    }

    /**
     * Atomically replaces {@code target} with the content of {@code source}, streamed through a small
     * buffer, with the guarantees of {@link #write} (the directory forced as {@code directoryForce}
     * says). The returned hash is of the bytes written, so a source that changes while it is read
     * yields a copy and a hash that still agree with each other.
     */
    public static Copied copy(Path source, Path target, DirectoryForce directoryForce) throws IOException {
        MessageDigest sha256 = sha256();
        long[] size = {0};
        replace(target, Access.DEFAULT, directoryForce, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                    writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                    size[0] += n;
                }
            }
        });
        return new Copied(size[0], HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * Writes what {@code content} puts into a new temp file beside {@code target}, forced, then renamed
     * over it; with {@code directoryForce} null nothing is forced (see {@link #writeReplaceable}).
     */
    private static void replace(Path target, Access access, DirectoryForce directoryForce, Content content)
            throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        createDirectories(dir);
        Path temp = temporaryFor(file);
        try {
            try (FileChannel out = openNew(temp, access)) {
                content.writeTo(out);
                if (directoryForce != null) { // null: neither the file nor its directory is forced
                    out.force(false);
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (directoryForce == DirectoryForce.NOW) {
            fsyncDirectory(dir);
        }
    }

    /** The bytes of a new file, written into its temp file's channel from its start. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out}; the caller forces and renames it afterwards. */
        void writeTo(FileChannel out) throws IOException;
    }

    /** Writes all of {@code buffer} to {@code out}: one {@code write} may take only part of it. */
    public static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Atomically renames {@code from} to {@code to} (replacing it) and forces both directories.
     * Both must be on one file system: a move that cannot be atomic fails instead of copying.
     */
    public static void move(Path from, Path to) throws IOException {
        Path source = from.toAbsolutePath();
        Path target = to.toAbsolutePath();
        createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
        if (!source.getParent().equals(target.getParent())) {
            fsyncDirectory(source.getParent());
        }
    }

    /** Deletes {@code file} if present and makes the deletion durable; whether there was one. */
    public static boolean delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            fsyncDirectory(file.toAbsolutePath().getParent());
            return true;
        }
        return false;
    }

    /** Creates {@code dir} and any missing parents, each new entry made durable in its parent. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // created concurrently by another writer: forcing the parent again is cheap and harmless
            }
            fsyncDirectory(p.getParent());
        }
    }

    /**
     * Forces a directory, so that entries created, renamed or deleted in it survive a crash. Throws
     * when the directory exists but cannot be forced; on a platform that cannot open directories at
     * all it logs a warning once and returns (see the class comment).
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            if (isWindows()) {
                warnOnce(
                        WARNED_NO_DIRECTORY_SYNC,
                        "This platform cannot open directories to force them (" + e
                                + "); file renames are atomic but their durability after a power cut is the file system's");
                return;
            }
            throw e instanceof IOException io
                    ? io
                    : new IOException("cannot open directory " + dir + " to force it", e);
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Whether {@code fileName} is a temporary file of {@link #write} (this process's or an earlier one's). */
    public static boolean isTemporary(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
    }

    /**
     * Whether {@code fileName} is a temporary file left by an earlier process (it crashed between
     * creating and renaming it), which is safe to delete: never one of this process's writes in progress.
     */
    public static boolean isLeftoverTemporary(String fileName) {
        return isTemporary(fileName) && !fileName.contains("." + PROCESS_TOKEN + "-");
    }

    /**
     * Writes {@code data} to a new temp file beside {@code target} and forces it to disk, without
     * renaming it: the caller publishes it with {@link #move} (after, say, a database row decided
     * that this write owns the target) or deletes it. Named as {@link #write}'s temp files, so a
     * later process's startup clean-up knows it ({@link #isLeftoverTemporary}). Returns the file.
     */
    public static Path writeTemporary(Path target, byte[] data) throws IOException {
        Path file = target.toAbsolutePath();
        createDirectories(file.getParent());
        Path temp = temporaryFor(file);
        try (FileChannel out = openNew(temp, Access.DEFAULT)) {
            writeFully(out, ByteBuffer.wrap(data));
            out.force(false);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return temp;
    }

    /** A fresh temporary name beside {@code file}, unique within this process. */
    static Path temporaryFor(Path file) {
        return file.resolveSibling(
                "." + file.getFileName() + "." + PROCESS_TOKEN + "-" + TEMP_COUNTER.incrementAndGet() + TEMP_SUFFIX);
    }

    private static FileChannel openNew(Path temp, Access access) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (access == Access.OWNER_ONLY) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
            try {
                return FileChannel.open(temp, options, ownerOnly);
            } catch (UnsupportedOperationException notPosix) {
                warnOnce(
                        WARNED_NO_POSIX,
                        "File system of " + temp.getParent() + " has no POSIX permissions;"
                                + " owner-only files get the directory's default access control");
            }
        }
        return FileChannel.open(temp, options);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("windows");
    }

    private static void warnOnce(AtomicBoolean flag, String message) {
        if (flag.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
