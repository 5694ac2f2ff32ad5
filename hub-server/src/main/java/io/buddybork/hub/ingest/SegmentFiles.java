package io.buddybork.hub.ingest;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StorageConfig;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.storage.DurableFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The segment audio, stored in the {@link ObjectStore} under {@code raw/<device>/<yyyy>/<mm>/<dd>/<startMs>.wav}
 * (the key {@code raw.path} keeps): in the data directory by default, in an S3 bucket with
 * {@code BUDDYBORK_STORAGE=s3}. Durability is the store's: after {@link #writeDurably} returns the
 * segment survives a power cut (local: {@link io.buddybork.model.storage.DurableFiles}' temp file,
 * fsync, atomic rename, directory fsync; S3: the acknowledged PUT), and a crash at any point leaves
 * either no object or a complete one. Temp files left by an earlier process are recognised by
 * {@link #isStaleTemp} so that startup can remove them. Thread-safe.
 */
@ApplicationScoped
public class SegmentFiles {
    @Inject
    HubConfig config;

    @Inject
    DataVolume volume;

    @Inject
    ObjectStore store;

    /** The data root, absolute: local working files (temp uploads, feature cache, secrets) live here whatever the store. */
    public Path dataRoot() {
        return config.dataDir().toAbsolutePath().normalize();
    }

    /** The store segments and model files live in. */
    public ObjectStore store() {
        return store;
    }

    /** Whether segments are files on the data disk (the local store), so its free space limits ingest. */
    public boolean onDataDisk() {
        return store.backend() == StorageConfig.Backend.LOCAL;
    }

    /** Absolute path of a segment file in the local store. */
    public Path pathOf(long deviceId, long startMs) {
        return dataRoot().resolve(SegmentNames.relativePath(deviceId, startMs));
    }

    /**
     * The local file of a stored relative path (as in {@code raw.path}), refusing anything outside
     * the data root; only for the local store (see {@link ObjectStore#localFile}).
     */
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
     * Whether a failed write of {@code bytes} bytes to the data disk is explained by its being
     * full: the volume's usable space is smaller than what was to be written (asked of the file
     * system, not read from an exception's message, whose wording depends on the platform and
     * locale). False when the space cannot be read either.
     */
    public boolean lacksRoomFor(long bytes) {
        try {
            return volume.usableBytes() < bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stores {@code bytes} under {@code key} durably (see class comment), replacing any object there. */
    public void writeDurably(String key, byte[] bytes) throws IOException {
        store.put(key, bytes);
    }

    /**
     * Prepares {@code bytes} for {@code key} without making them visible there (local: a temp file,
     * forced; S3: nothing yet); {@link ObjectStore.Staged#publish} stores them durably under the key.
     */
    public ObjectStore.Staged stage(String key, byte[] bytes) throws IOException {
        return store.stage(key, bytes);
    }

    /** The bytes of the segment stored under {@code key}; {@link java.nio.file.NoSuchFileException} when absent. */
    public byte[] read(String key) throws IOException {
        return store.read(key);
    }

    /** Whether a segment is stored under {@code key}. */
    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    /** Deletes the segment under {@code key} if present and makes the deletion durable. */
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    /** Whether {@code fileName} is a temp file written by another (earlier) process. */
    static boolean isStaleTemp(String fileName) {
        return DurableFiles.isLeftoverTemporary(fileName);
    }
}
