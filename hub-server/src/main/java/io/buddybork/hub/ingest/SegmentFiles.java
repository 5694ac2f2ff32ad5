package io.buddybork.hub.ingest;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.model.SegmentNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segment files under {@code <data-dir>/raw/<device>/<yyyy>/<mm>/<dd>/<startMs>.wav}.
 * Durability: {@link #writeDurably} writes a temp file in the target directory, forces it to disk,
 * renames it atomically over the final name and forces the directory, so after it returns the
 * file survives a power cut, and a crash at any point leaves either no final file or a complete
 * one. Temp files are named {@code .<startMs>.<boot>-<n>.tmp}, {@code <boot>} identifying this
 * process, so that startup can remove those left by an earlier one. Thread-safe.
 */
@ApplicationScoped
public class SegmentFiles {
    /** Identifies this process in temp file names. */
    static final String BOOT_ID = UUID.randomUUID().toString().substring(0, 8);
    static final String TEMP_SUFFIX = ".tmp";

    private final AtomicLong tempCounter = new AtomicLong();
    @Inject
    HubConfig config;

    @Inject
    DataVolume volume;

    /** The data root, absolute. */
    public Path dataRoot() {
        return config.dataDir().toAbsolutePath().normalize();
    }

    /** Absolute path of a segment file. */
    public Path pathOf(long deviceId, long startMs) {
        return dataRoot().resolve(SegmentNames.relativePath(deviceId, startMs));
    }

    /** Resolves a stored relative path (as in {@code raw.path}), refusing anything outside the data root. */
    public Path resolveStored(String relativePath) {
        Path root = dataRoot();
        Path p = root.resolve(relativePath).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("stored path escapes the data root: " + relativePath);
        }
        return p;
    }

    /** Free bytes on the data disk for an unprivileged writer. */
    public long usableSpace() throws IOException {
        return volume.usableBytes();
    }

    /** Writes {@code bytes} to {@code target} durably (see class comment), replacing any file there. */
    public void writeDurably(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        createDirectoriesDurably(dir);
        Path temp = dir.resolve("." + stripExtension(target.getFileName().toString()) + "." + BOOT_ID + "-"
                + tempCounter.incrementAndGet() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false); // fdatasync: contents and size; the name is made durable below
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(dir);
    }

    /** Whether a regular file exists at {@code path}. */
    public boolean exists(Path path) {
        return Files.isRegularFile(path);
    }

    /** Deletes {@code path} if present and makes the deletion durable. */
    public void delete(Path path) throws IOException {
        if (Files.deleteIfExists(path)) {
            forceDirectory(path.getParent());
        }
    }

    /** Whether {@code fileName} is a temp file written by another (earlier) process. */
    static boolean isStaleTemp(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX) && !fileName.contains("." + BOOT_ID + "-");
    }

    private static void createDirectoriesDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // another upload created it concurrently; force the parent anyway, it is cheap
            }
            forceDirectory(p.getParent());
        }
    }

    /** fsync of a directory, so that entries created or renamed in it survive a crash. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
