package io.buddybork.hub.detect;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.db.Sql;
import io.buddybork.hub.job.JobClock;
import io.buddybork.hub.job.JobLeaseRepository;
import io.buddybork.hub.job.JobNode;
import io.buddybork.hub.job.JobRunner;
import io.buddybork.hub.job.JobState;
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
import java.sql.SQLException;
import java.time.Duration;
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

    @Inject
    ActiveModels models;

    @Inject
    DetectionRepository store;

    @Inject
    SegmentScorer scorer;

    @Inject
    DetectionService detections;

    @Inject
    RedetectJobRepository jobs;

    @Inject
    Sql sql; // for the lease columns, which JobLeaseRepository runs

    @Inject
    JobClock clock;

    @Inject
    JobNode node;

    @Inject
    WorkQueue work;

    @Inject
    NodeRoles roles;

    private JobLeaseRepository table;
    private JobRunner runner;
    private volatile boolean stopping;

    @PostConstruct
    void init() {
        table = new JobLeaseRepository(sql, clock, "redetect_job", "message", node.id(), LEASE, null);
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
        try {
            id = jobs.insert(model.id(), range.fromMs(), range.toMs(), req.deviceId(), clock.now());
        } catch (SQLException e) {
            throw DatabaseFailures.problem("record the re-detect job", e);
        }
        runner.dispatch(id);
        return get(id);
    }

    /** A job's progress, or a 404 problem. */
    public JobView get(long id) {
        return row(id).map(RedetectJobRepository.JobRow::view)
                .orElseThrow(() -> ProblemException.notFound("unknown-job", "no re-detect job with id " + id));
    }

    /** The newest jobs, newest first. */
    public List<JobView> list() {
        try {
            return jobs.newest(KEEP_LISTED).stream()
                    .map(RedetectJobRepository.JobRow::view)
                    .toList();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read re-detect jobs", e);
        }
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

    private Optional<RedetectJobRepository.JobRow> row(long id) {
        try {
            return jobs.find(id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the re-detect job", e);
        }
    }

    /** Runs claimed job {@code id} from where it stopped last (its cursor) to the start of its range. */
    private void run(long id) throws SQLException {
        Optional<RedetectJobRepository.JobRow> found = row(id);
        if (found.isEmpty()) {
            return;
        }
        RedetectJobRepository.JobRow row = found.get();
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
            List<DetectionRepository.Segment> page =
                    store.unscored(model.id(), job.fromMs(), beforeMs, beforeId, job.deviceId(), PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (DetectionRepository.Segment s : page) {
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
        } else if (row(id).map(RedetectJobRepository.JobRow::cancelRequested).orElse(false)) {
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
        jobs.progress(id, node.id(), total, done, stored, failed, cursorMs, cursorId);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
        runner.close();
    }
}
