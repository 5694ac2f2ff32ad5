package io.buddybork.hub.retention;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.backup.BackupLock;
import io.buddybork.hub.ingest.SegmentFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes segments, oldest first, that nothing protects. Protected: overlapping an annotation of
 * the same device, having a reviewed detection, or being in a model's training set; the rule is
 * one SQL predicate, evaluated in the deleting statement itself.
 *
 * <p>Order of effects: one transaction deletes the rows and writes a {@code raw_tombstone} per
 * segment (the trigger keeps {@code raw_day_count} right; unreviewed detections go by cascade);
 * only after the commit are the files removed and the tombstones marked. A crash in between leaves
 * tombstones without {@code file_removed}, whose files {@link #finishPending} removes at the next
 * start: never a row without its file, never a file nobody will clean up. Deletions skip a round
 * while a backup holds {@link BackupLock}. Thread-safe (concurrent callers pick disjoint rows).
 */
@ApplicationScoped
public class SegmentReaper {
    private static final Logger LOG = Logger.getLogger(SegmentReaper.class);
    private static final OffsetDateTime NO_LIMIT = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** The SQL condition "segment r is protected". */
    static final String PROTECTED = """
            (exists (select 1 from annot a where a.device_id = r.device_id
                        and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                        and a.end_time > r.start_time)
             or exists (select 1 from detection d where d.raw_id = r.id and d.review is not null)
             or exists (select 1 from model_training_segment m where m.raw_id = r.id))""";

    private static final String DELETE_OLDEST = """
            with victims as (
                select r.id from raw r
                where r.start_time < ? and not %s
                order by r.start_time, r.id
                limit ?
                for update of r skip locked
            ), gone as (
                delete from raw r using victims v where r.id = v.id
                returning r.id, r.device_id, r.start_time, r.path, r.size_bytes
            )
            insert into raw_tombstone (raw_id, device_id, start_time, path, size_bytes, reason)
            select id, device_id, start_time, path, size_bytes, ? from gone
            returning raw_id, device_id, start_time, path, size_bytes""".formatted(PROTECTED);

    /** Why a segment was deleted (the tombstone's and the metric's reason). */
    public enum Reason {
        RETENTION("retention"),
        DISK_GUARD("disk-guard");

        final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One deletion round: what went, and whether a running backup held it off. */
    public record Batch(int segments, long bytes, Instant oldest, Instant newest, boolean heldOffByBackup) {
        static final Batch NONE = new Batch(0, 0, null, null, false);
    }

    private record Victim(long rawId, long deviceId, Instant start, String path, long size) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SegmentFiles files;

    @Inject
    RetentionMetrics metrics;

    /**
     * Deletes up to {@code limit} of the oldest unprotected segments that start before
     * {@code before} (null: any age).
     */
    public Batch deleteOldest(Reason reason, Instant before, int limit) throws SQLException {
        List<Victim> victims = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock_shared(?)")) {
                    lock.setLong(1, BackupLock.KEY);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return new Batch(0, 0, null, null, true);
                        }
                    }
                }
                try (PreparedStatement q = c.prepareStatement(DELETE_OLDEST)) {
                    q.setObject(1, before == null ? NO_LIMIT : before.atOffset(ZoneOffset.UTC));
                    q.setInt(2, limit);
                    q.setString(3, reason.code());
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            victims.add(new Victim(
                                    rs.getLong(1),
                                    rs.getLong(2),
                                    rs.getTimestamp(3).toInstant(),
                                    rs.getString(4),
                                    rs.getLong(5)));
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        if (victims.isEmpty()) {
            return Batch.NONE;
        }
        long bytes = 0;
        List<Long> removed = new ArrayList<>();
        for (Victim v : victims) {
            if (removeFile(v.deviceId(), v.start(), v.path())) {
                removed.add(v.rawId());
            }
            bytes += v.size();
        }
        markRemoved(removed);
        metrics.deleted(reason, victims.size(), bytes);
        return new Batch(
                victims.size(),
                bytes,
                victims.getFirst().start(),
                victims.getLast().start(),
                false);
    }

    /**
     * Removes the files of tombstones whose removal a crash interrupted; run at startup before
     * anything else deletes. Returns how many files were finished.
     */
    public int finishPending() throws SQLException {
        List<Victim> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select raw_id, device_id, start_time, path, size_bytes from raw_tombstone where file_removed is null");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                pending.add(new Victim(
                        rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getLong(5)));
            }
        }
        List<Long> removed = new ArrayList<>();
        for (Victim v : pending) {
            if (removeFile(v.deviceId(), v.start(), v.path())) {
                removed.add(v.rawId());
            }
        }
        markRemoved(removed);
        return removed.size();
    }

    /** Deletes tombstones (the deletion log) older than {@code before} whose files are gone. */
    public int pruneTombstones(Instant before) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "delete from raw_tombstone where file_removed is not null and deleted < ?")) {
            q.setTimestamp(1, Timestamp.from(before));
            return q.executeUpdate();
        }
    }

    private boolean removeFile(long deviceId, Instant start, String path) {
        try {
            if (rowExists(deviceId, start)) {
                // the device uploaded this segment again since; the file is the new row's now
                return true;
            }
            files.delete(path);
            return true;
        } catch (IOException | SQLException | IllegalArgumentException e) {
            LOG.warnf(
                    "Cannot remove the file %s of a deleted segment (retried at the next start): %s",
                    path, e.toString());
            return false;
        }
    }

    private boolean rowExists(long deviceId, Instant start) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select 1 from raw where device_id = ? and start_time = ?")) {
            q.setLong(1, deviceId);
            q.setObject(2, start.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void markRemoved(List<Long> rawIds) throws SQLException {
        if (rawIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("update raw_tombstone set file_removed = now() where raw_id = any(?)")) {
            q.setArray(1, c.createArrayOf("bigint", rawIds.toArray()));
            q.executeUpdate();
        }
    }
}
