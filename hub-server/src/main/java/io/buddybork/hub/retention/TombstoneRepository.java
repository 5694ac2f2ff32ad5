package io.buddybork.hub.retention;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.ingest.SegmentRepository.Deleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SQL of the deletion log, table {@code raw_tombstone}, through {@link Sql} (its rows are
 * written by the deleting statement, {@code ingest.SegmentRepository#deleteOldestUnprotected}):
 * tombstones whose file is still to be removed, marking files removed, pruning, and the recent
 * deletions per reason. Each call is one statement. Thread-safe.
 */
@ApplicationScoped
public class TombstoneRepository {

    /** Deletions of one reason: how many segments, their bytes, and the latest. */
    public record Deletions(String reason, long segments, long bytes, Instant last) {}

    private final Sql sql;

    TombstoneRepository(Sql sql) {
        this.sql = sql;
    }

    /** Tombstones whose file was not removed yet (a crash came between the commit and the removal). */
    public List<Deleted> fileNotRemoved() throws SQLException {
        return sql.list(
                "select raw_id, device_id, start_time, path, size_bytes from raw_tombstone where file_removed is null",
                Deleted::read);
    }

    /** Records that the files of these segments are gone. */
    public void markFileRemoved(List<Long> rawIds) throws SQLException {
        if (rawIds.isEmpty()) {
            return;
        }
        sql.update("update raw_tombstone set file_removed = now() where raw_id = any(?)", (Object)
                rawIds.toArray(Long[]::new));
    }

    /** Deletes tombstones older than {@code before} whose files are gone; how many. */
    public int prune(Instant before) throws SQLException {
        return sql.update(
                "delete from raw_tombstone where file_removed is not null and deleted < ?",
                before.atOffset(ZoneOffset.UTC));
    }

    /** Per reason, the deletions of the last 30 days. */
    public List<Deletions> lastMonth() throws SQLException {
        return sql.list(
                "select reason, count(*), coalesce(sum(size_bytes), 0), max(deleted)"
                        + " from raw_tombstone where deleted > now() - interval '30 days' group by reason",
                rs -> new Deletions(rs.getString(1), rs.getLong(2), rs.getLong(3), instant(rs.getTimestamp(4))));
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
