package io.buddybork.hub.ingest;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.storage.DurableFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The segment files under {@code <data-dir>/raw/<device>/<yyyy>/<mm>/<dd>/<startMs>.wav}.
 * Durability is {@link DurableFiles}'s (temp file beside the target, fsync, atomic rename,
 * directory fsync; a failed directory fsync throws, so the upload is not acknowledged): after
 * {@link #writeDurably} returns the file survives a power cut, and a crash at any point leaves
 * either no final file or a complete one. Temp files left by an earlier process are recognised
 * by {@link #isStaleTemp} so that startup can remove them. Thread-safe.
 */
@ApplicationScoped
public class SegmentFiles {
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

    /**
     * Whether a failed write of {@code bytes} bytes is explained by a full data disk: the volume's
     * usable space is smaller than what was to be written (asked of the file system, not read from
     * an exception's message, whose wording depends on the platform and locale). False when the
     * space cannot be read either.
     */
    public boolean lacksRoomFor(long bytes) {
        try {
            return volume.usableBytes() < bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes {@code bytes} to {@code target} durably (see class comment), replacing any file there. */
    public void writeDurably(Path target, byte[] bytes) throws IOException {
        DurableFiles.write(target, bytes);
    }

    /** Whether a regular file exists at {@code path}. */
    public boolean exists(Path path) {
        return Files.isRegularFile(path);
    }

    /** Deletes {@code path} if present and makes the deletion durable. */
    public void delete(Path path) throws IOException {
        DurableFiles.delete(path);
    }

    /** Whether {@code fileName} is a temp file written by another (earlier) process. */
    static boolean isStaleTemp(String fileName) {
        return DurableFiles.isLeftoverTemporary(fileName);
    }
}
