package io.buddybork.hub.retention;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.DataVolume;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The space audio may fill, as the disk guard sees it. Local store: the data volume (its total and
 * usable bytes). S3 store: the quota {@code buddybork.s3.quota-bytes} is the "volume" and the
 * audio indexed in {@code raw} fills it (the bucket's own usage is not asked: S3 has no cheap
 * call for it, and the index knows every stored segment's size); without a quota the bucket is
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
    AgroalDataSource dataSource;

    /** Whether the space is limited, so the guard has a threshold to keep. */
    public boolean bounded() {
        return files.onDataDisk() || storage.s3().quotaBytes().isPresent();
    }

    /** Bytes audio may still take. */
    public long usableBytes() throws IOException {
        if (files.onDataDisk()) {
            return volume.usableBytes();
        }
        return Math.max(0, totalBytes() - storedBytes());
    }

    /** The size of the space: the data volume, or the S3 quota ({@link Long#MAX_VALUE} without one). */
    public long totalBytes() throws IOException {
        if (files.onDataDisk()) {
            return volume.totalBytes();
        }
        return storage.s3().quotaBytes().orElse(Long.MAX_VALUE);
    }

    private long storedBytes() throws IOException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select coalesce(sum(size_bytes), 0) from raw")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IOException("cannot sum the stored audio: " + e.getMessage(), e);
        }
    }
}
