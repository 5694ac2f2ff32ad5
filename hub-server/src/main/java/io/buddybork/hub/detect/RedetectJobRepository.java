package io.buddybork.hub.detect;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.job.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of table {@code redetect_job} through {@link Sql}, apart from the lease columns that
 * {@code job.JobLeaseRepository} runs: a new job, reading jobs, and a running job's progress and cursor.
 * Each call is one statement. Thread-safe.
 */
@ApplicationScoped
public class RedetectJobRepository {
    private static final String SELECT = """
            select id, model_id, from_ms, to_ms, device_id, state, total, done, stored, failed, message,
            created, finished, cursor_ms, cursor_id, cancel_requested from redetect_job""";

    /** A job's row: what the API shows, and where a run stopped (null: not started) and whether to stop. */
    public record JobRow(RedetectJobs.JobView view, Long cursorMs, Long cursorId, boolean cancelRequested) {}

    private final Sql sql;

    RedetectJobRepository(Sql sql) {
        this.sql = sql;
    }

    /** Inserts a queued job created at {@code created}; its id. */
    public long insert(long modelId, long fromMs, long toMs, Long deviceId, Instant created) throws SQLException {
        return sql.first("""
                        insert into redetect_job (model_id, from_ms, to_ms, device_id, state, created)
                        values (?, ?, ?, ?, 'queued', ?) returning id""", rs -> rs.getLong(1), modelId, fromMs, toMs, deviceId, created.atOffset(ZoneOffset.UTC))
                .orElseThrow();
    }

    /** Job {@code id}. */
    public Optional<JobRow> find(long id) throws SQLException {
        return sql.first(SELECT + " where id = ?", RedetectJobRepository::row, id);
    }

    /** The newest {@code limit} jobs, newest first. */
    public List<JobRow> newest(int limit) throws SQLException {
        return sql.list(SELECT + " order by id desc limit ?", RedetectJobRepository::row, limit);
    }

    /**
     * Writes job {@code id}'s counts and cursor while node {@code owner} holds it; a job another
     * node took over is left alone.
     */
    public void progress(
            long id, String owner, long total, long done, long stored, long failed, Long cursorMs, Long cursorId)
            throws SQLException {
        sql.update("""
                update redetect_job set total = ?, done = ?, stored = ?, failed = ?, cursor_ms = ?, cursor_id = ?
                where id = ? and owner = ?""", total, done, stored, failed, cursorMs, cursorId, id, owner);
    }

    private static JobRow row(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(13);
        JobState state = JobState.of(rs.getString(6));
        RedetectJobs.JobView view = new RedetectJobs.JobView(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getObject(5, Long.class),
                state == JobState.SUCCEEDED ? "done" : state.label(), // the API's word since jobs were in memory
                rs.getLong(7),
                rs.getLong(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getString(11),
                Sql.millis(rs, 12),
                finished == null ? null : finished.getTime());
        return new JobRow(view, rs.getObject(14, Long.class), rs.getObject(15, Long.class), rs.getBoolean(16));
    }
}
