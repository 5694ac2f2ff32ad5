package io.buddybork.hub.model;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL of the training jobs (table {@code model_job}) apart from their lease columns, which
 * {@link io.buddybork.hub.job.JobLeaseRepository} keeps: the request, state, progress and outcome of each
 * job, through {@link Sql}. Every call is one statement, committed on its own unless a service's
 * transaction is open. Failures stay {@link SQLException}s: {@link TrainingJobs} decides which
 * become problems and which are only logged. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class TrainingJobRepository {

    /** A job's stored request: its JSON text and the name it asks for. */
    public record StoredRequest(String json, String name) {}

    /** What a job's row says of its progress: written at each change of state, and at most once a second in between. */
    public record Progress(
            long id, String state, double progress, String stage, Long modelId, String error, Instant finished) {}

    private final Sql sql;

    TrainingJobRepository(Sql sql) {
        this.sql = sql;
    }

    /** Inserts a queued job for {@code requestJson}, asked for by {@code user}; its id. */
    public long insert(String requestJson, String user) throws SQLException {
        return sql.first(
                        "insert into model_job (state, stage, request, created_by)"
                                + " values ('queued', 'queued', cast(? as jsonb), ?) returning id",
                        rs -> rs.getLong(1),
                        requestJson,
                        user)
                .orElseThrow();
    }

    /** The request of job {@code id}, if the job exists. */
    public Optional<StoredRequest> request(long id) throws SQLException {
        return sql.first(
                "select request::text, request->>'name' from model_job where id = ?",
                rs -> new StoredRequest(rs.getString(1), rs.getString(2)),
                id);
    }

    /** The newest job's id, if any. */
    public Optional<Long> newestId() throws SQLException {
        return sql.first("select id from model_job order by id desc limit 1", rs -> rs.getLong(1));
    }

    /** Job {@code id} as a client sees it (version 0: a stored row has no in-memory version), if it exists. */
    public Optional<ModelRequests.JobView> find(long id) throws SQLException {
        return sql.first(
                """
                select id, state, progress, stage, model_id, error, request->>'name', created, finished
                from model_job where id = ?""",
                rs -> {
                    Timestamp finished = rs.getTimestamp(9);
                    return new ModelRequests.JobView(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getDouble(3),
                            rs.getString(4),
                            rs.getObject(5, Long.class), // null without a model; getLong would answer 0
                            rs.getString(6),
                            rs.getString(7),
                            rs.getTimestamp(8).toInstant().toString(),
                            finished == null ? null : finished.toInstant().toString(),
                            0);
                },
                id);
    }

    /** Marks job {@code id} running at {@code stage}, started now. */
    public void markRunning(long id, String stage) throws SQLException {
        sql.update("update model_job set state = 'running', stage = ?, started = now() where id = ?", stage, id);
    }

    /** Writes a job's state, progress and outcome. */
    public void write(Progress p) throws SQLException {
        sql.update(
                """
                update model_job set state = ?, progress = ?, stage = ?, model_id = ?, error = ?, finished = ?
                where id = ?""",
                p.state(),
                p.progress(),
                p.stage(),
                p.modelId(),
                p.error(),
                p.finished() == null ? null : Timestamp.from(p.finished()),
                p.id());
    }

    /** Records the model job {@code id} made. */
    public void setModel(long id, long modelId) throws SQLException {
        sql.update("update model_job set model_id = ? where id = ?", modelId, id);
    }
}
