package io.buddybork.hub.retention;

import io.buddybork.hub.ingest.DataVolume;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;

/**
 * The space audio may fill, as the disk guard sees it. Local store: the data volume (its total and
 * usable bytes). S3 store: the quota {@code buddybork.s3.quota-bytes} is the "volume" and the
 * audio indexed in {@code raw} fills it (the bucket's own usage is not asked: S3 has no cheap
 * call for it, and the index knows every stored segment's size). That total is not summed over
 * {@code raw} on each check: triggers keep it in {@code raw_bytes} (16 rows) in the same
 * transaction as every insert and delete of any hub, so a check reads 16 rows whatever the size of
 * the index, and the total survives restarts exactly; without a quota the bucket is
 * unbounded and the guard has nothing to keep ({@link #bounded()} false), leaving the age policy
 * ({@code buddybork.retention.keep-days}) as the only deleter. Thread-safe.
 */
@ApplicationScoped
public class AudioSpace {

    @Inject
    DataVolume volume;

    @Inject
    SegmentFiles files;

    @Inject
    StorageConfig storage;

    @Inject
    SegmentRepository segments;

    /** Whether the space is limited, so the guard has a threshold to keep. */
    public boolean bounded() {
        return files.onDataDisk() || storage.s3().quotaBytes().isPresent();
    }

    /** Bytes audio may still take. */
    public long usableBytes() throws IOException {
        if (files.onDataDisk()) {
            return volume.usableBytes();
        }
        return Math.max(0, totalBytes() - indexedBytes());
    }

    /** The size of the space: the data volume, or the S3 quota ({@link Long#MAX_VALUE} without one). */
    public long totalBytes() throws IOException {
        if (files.onDataDisk()) {
            return volume.totalBytes();
        }
        return storage.s3().quotaBytes().orElse(Long.MAX_VALUE);
    }

    /** The bytes of audio the index holds (the sum of {@code raw.size_bytes}), from the running total. */
    public long indexedBytes() throws IOException {
        try {
            return segments.indexedBytes();
        } catch (SQLException e) {
            throw new IOException("cannot sum the stored audio: " + e.getMessage(), e);
        }
    }
}
