package io.buddybork.hub.detect;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.db.Sql;
import io.buddybork.hub.job.JobClock;
import io.buddybork.hub.job.JobNode;
import io.buddybork.hub.job.JobRunner;
import io.buddybork.hub.job.JobState;
import io.buddybork.hub.job.JobTable;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.work.NodeRole;
import io.buddybork.hub.work.NodeRoles;
import io.buddybork.hub.work.WorkQueue;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Re-detect jobs: score the stored segments of a time range (optionally one device) with a chosen
 * model, e.g. "score last week with model X", so users can compare models on their own data.
 * Segments that already have a detection of that model are skipped (unique (raw, model)). A job is
 * a {@code redetect_job} row: any node shows it, a node with the {@code detect} role runs it (one
 * at a time per node, beside live detection), writing its progress and where it got to at least
 * once a second. A job survives a restart: on a clean shutdown it goes back to the queue, after a
 * crash its lease runs out; either way a {@code detect} node resumes it where it stopped. Thread-safe.
 */
@ApplicationScoped
public class RedetectJobs {
    private static final Logger LOG = Logger.getLogger(RedetectJobs.class);
    private static final int PAGE = 500;
    private static final int KEEP_LISTED = 50;
    private static final long PROGRESS_WRITE_NANOS = 1_000_000_000L;
    /** How long a running job stays with its node without a heartbeat. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a detect node looks for jobs nobody runs (left by a restart, or a lost message). */
    static final Duration SCAN_EVERY = Duration.ofSeconds(5);

    private static final String COLUMNS = """
            select id, model_id, from_ms, to_ms, device_id, state, total, done, stored, failed, message,
            created, finished, cursor_ms, cursor_id, cancel_requested from redetect_job""";

    /** A job's progress: state queued, running, done, failed or cancelled. */
    public record JobView(
            long id,
            long modelId,
            long fromMs,
            long toMs,
            Long deviceId,
            String state,
            long total,
            long done,
            long stored,
            long failed,
            String message,
            long createdMs,
            Long finishedMs) {}

    /** A job's row. */
    private record Row(JobView view, Long cursorMs, Long cursorId, boolean cancelRequested) {}

    @Inject
    ActiveModels models;

    @Inject
    DetectionStore store;

    @Inject
    SegmentScorer scorer;

    @Inject
    DetectionService detections;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Sql sql;

    @Inject
    JobClock clock;

    @Inject
    JobNode node;

    @Inject
    WorkQueue work;

    @Inject
    NodeRoles roles;

    private JobTable table;
    private JobRunner runner;
    private volatile boolean stopping;

    @PostConstruct
    void init() {
        table = new JobTable(sql, clock, "redetect_job", "message", node.id(), LEASE, null);
        runner = new JobRunner("detect-redetect", table, work, WorkQueue.Topic.REDETECT_JOBS, this::run, SCAN_EVERY);
    }

    void onSchemaReady(@Observes SchemaReady ready) {
        if (roles.has(NodeRole.DETECT)) {
            runner.start();
        }
    }

    /** Queues a job; refuses unknown or unloadable models and bad ranges with a problem. */
    public JobView start(DetectionRequests.Redetect req) {
        DetectionService.Range range = detections.range(Long.toString(req.fromMs()), Long.toString(req.toMs()));
        LoadedModel model = models.byId(req.modelId());
        long id;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        insert into redetect_job (model_id, from_ms, to_ms, device_id, state, created)
                        values (?, ?, ?, ?, 'queued', ?) returning id""")) {
            ps.setLong(1, model.id());
            ps.setLong(2, range.fromMs());
            ps.setLong(3, range.toMs());
            ps.setObject(4, req.deviceId());
            ps.setTimestamp(5, Timestamp.from(clock.now()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw DatabaseFailures.problem("record the re-detect job", e);
        }
        runner.dispatch(id);
        return get(id);
    }

    /** A job's progress, or a 404 problem. */
    public JobView get(long id) {
        return row(id).map(Row::view)
                .orElseThrow(() -> ProblemException.notFound("unknown-job", "no re-detect job with id " + id));
    }

    /** The newest jobs, newest first. */
    public List<JobView> list() {
        List<JobView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(COLUMNS + " order by id desc limit " + KEEP_LISTED);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs).view());
            }
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read re-detect jobs", e);
        }
        return out;
    }

    /** Asks job {@code id} to stop after the segment it is scoring (whichever node runs it). */
    public JobView cancel(long id) {
        try {
            if (!table.requestCancel(id)) {
                throw ProblemException.notFound("unknown-job", "no re-detect job with id " + id);
            }
        } catch (SQLException e) {
            throw DatabaseFailures.problem("cancel the re-detect job", e);
        }
        return get(id);
    }

    private Optional<Row> row(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(COLUMNS + " where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the re-detect job", e);
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(13);
        JobState state = JobState.of(rs.getString(6));
        JobView view = new JobView(
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
                rs.getTimestamp(12).getTime(),
                finished == null ? null : finished.getTime());
        return new Row(view, rs.getObject(14, Long.class), rs.getObject(15, Long.class), rs.getBoolean(16));
    }

    /** Runs claimed job {@code id} from where it stopped last (its cursor) to the start of its range. */
    private void run(long id) throws SQLException {
        Optional<Row> found = row(id);
        if (found.isEmpty()) {
            return;
        }
        Row row = found.get();
        JobView job = row.view();
        LoadedModel model;
        try {
            model = models.byId(job.modelId());
        } catch (ProblemException e) {
            table.finish(id, JobState.FAILED, e.problem().detail());
            return;
        }
        long beforeMs = row.cursorMs() != null ? row.cursorMs() : job.toMs();
        long beforeId =
                row.cursorId() != null ? row.cursorId() : 0; // (start, id) < (to, 0): the range's end is exclusive
        long done = job.done();
        long stored = job.stored();
        long failed = job.failed();
        // resumed: what is left lies before the cursor (the segment at it was scored); new: the range's end is
        // exclusive
        long until = row.cursorMs() != null ? beforeMs + 1 : job.toMs();
        long total = done + store.countUnscored(model.id(), job.fromMs(), until, job.deviceId());
        progress(id, total, done, stored, failed, row.cursorMs(), row.cursorId());
        boolean stop = false;
        long lastWrite = System.nanoTime();
        while (!stop) {
            List<DetectionStore.Segment> page =
                    store.unscored(model.id(), job.fromMs(), beforeMs, beforeId, job.deviceId(), PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (DetectionStore.Segment s : page) {
                switch (scorer.score(s, model, 0)) {
                    case STORED -> stored++;
                    case ALREADY_SCORED -> {}
                    default -> failed++;
                }
                done++;
                beforeMs = s.startMs();
                beforeId = s.rawId();
                if (System.nanoTime() - lastWrite >= PROGRESS_WRITE_NANOS) {
                    lastWrite = System.nanoTime();
                    progress(id, Math.max(total, done), done, stored, failed, beforeMs, beforeId);
                    stop = table.renew(id) || stopping;
                    if (stop) {
                        break;
                    }
                }
            }
        }
        progress(id, Math.max(total, done), done, stored, failed, beforeMs, beforeId);
        if (stopping) {
            table.release(id); // a clean shutdown: the next detect node resumes from the cursor at once
            return;
        }
        if (!table.renew(id)) {
            table.finish(id, JobState.SUCCEEDED, null);
        } else if (row(id).map(Row::cancelRequested).orElse(false)) {
            table.finish(id, JobState.CANCELLED, null);
        } else {
            return; // the lease went to another node meanwhile: that one finishes the job
        }
        LOG.infof(
                "Re-detect job %d with model %d: %s, %d scored, %d failed",
                id, model.id(), get(id).state(), stored, failed);
    }

    private void progress(long id, long total, long done, long stored, long failed, Long cursorMs, Long cursorId)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        update redetect_job set total = ?, done = ?, stored = ?, failed = ?, cursor_ms = ?, cursor_id = ?
                        where id = ? and owner = ?""")) {
            ps.setLong(1, total);
            ps.setLong(2, done);
            ps.setLong(3, stored);
            ps.setLong(4, failed);
            ps.setObject(5, cursorMs);
            ps.setObject(6, cursorId);
            ps.setLong(7, id);
            ps.setString(8, node.id());
            ps.executeUpdate();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
        runner.close();
    }
}
