package io.buddybork.hub.retention;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.DataVolume;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes the {@link StorageOverview} from the audio's space ({@link AudioSpace}: the data volume,
 * or the S3 quota; an S3 store without a quota shows the data volume, which then holds only
 * working files), the {@code raw} table and the tombstones.
 */
@ApplicationScoped
public class StorageService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DataVolume volume;

    @Inject
    AudioSpace space;

    @Inject
    DiskGuard guard;

    @Inject
    RetentionConfig config;

    @Inject
    io.buddybork.hub.backup.ScheduledBackup backup;

    /** The current overview; reads a few aggregates (the protected sum scans the segments). */
    public StorageOverview overview() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            long total = space.bounded() ? space.totalBytes() : volume.totalBytes();
            long free = space.bounded() ? space.usableBytes() : volume.usableBytes();
            long threshold = guard.thresholdBytes();
            long segments;
            long bytes;
            Instant oldest;
            try (ResultSet rs =
                    s.executeQuery("select count(*), coalesce(sum(size_bytes), 0), min(start_time) from raw")) {
                rs.next();
                segments = rs.getLong(1);
                bytes = rs.getLong(2);
                oldest = instant(rs.getTimestamp(3));
            }
            long protectedSegments;
            long protectedBytes;
            try (ResultSet rs = s.executeQuery(
                    "select count(*), coalesce(sum(size_bytes), 0) from raw r where " + SegmentReaper.PROTECTED)) {
                rs.next();
                protectedSegments = rs.getLong(1);
                protectedBytes = rs.getLong(2);
            }
            long perDay;
            try (ResultSet rs = s.executeQuery(
                    "select coalesce(sum(size_bytes), 0) / 7 from raw where created > now() - interval '7 days'")) {
                rs.next();
                perDay = rs.getLong(1);
            }
            Map<String, StorageOverview.Deleted> deleted = new LinkedHashMap<>();
            for (SegmentReaper.Reason r : SegmentReaper.Reason.values()) {
                deleted.put(r.code(), new StorageOverview.Deleted(0, 0));
            }
            Instant lastDeletion = null;
            try (ResultSet rs = s.executeQuery("select reason, count(*), coalesce(sum(size_bytes), 0), max(deleted)"
                    + " from raw_tombstone where deleted > now() - interval '30 days' group by reason")) {
                while (rs.next()) {
                    deleted.put(rs.getString(1), new StorageOverview.Deleted(rs.getLong(2), rs.getLong(3)));
                    Instant t = instant(rs.getTimestamp(4));
                    if (lastDeletion == null || t.isAfter(lastDeletion)) {
                        lastDeletion = t;
                    }
                }
            }
            Double days = perDay > 0 ? Math.max(0, (free - threshold) / (double) perDay) : null;
            return new StorageOverview(
                    total,
                    free,
                    threshold,
                    config.keepDays().isPresent() ? config.keepDays().getAsInt() : null,
                    segments,
                    bytes,
                    oldest,
                    protectedSegments,
                    protectedBytes,
                    perDay,
                    days,
                    deleted,
                    lastDeletion,
                    backup.enabled() ? backup.status() : null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read storage figures: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
