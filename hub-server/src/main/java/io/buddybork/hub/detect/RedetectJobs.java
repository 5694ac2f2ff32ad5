package io.buddybork.hub.detect;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Re-detect jobs: score the stored segments of a time range (optionally one device) with a chosen
 * model, e.g. "score last week with model X", so users can compare models on their own data.
 * Segments that already have a detection of that model are skipped (unique (raw, model)). Jobs
 * run one at a time on their own thread, beside live detection, and report progress; they live in
 * memory (a restart forgets them; rerunning one only scores what is still missing). Thread-safe.
 */
@ApplicationScoped
public class RedetectJobs {
    private static final Logger LOG = Logger.getLogger(RedetectJobs.class);
    private static final int PAGE = 500;
    private static final int KEEP_FINISHED = 50;

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

    private final class Job {
        final long id;
        final LoadedModel model;
        final DetectionService.Range range;
        final Long deviceId;
        final long createdMs = System.currentTimeMillis();
        volatile String state = "queued";
        volatile long total;
        final AtomicLong done = new AtomicLong();
        final AtomicLong stored = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile String message;
        volatile Long finishedMs;
        volatile boolean cancelled;

        Job(long id, LoadedModel model, DetectionService.Range range, Long deviceId) {
            this.id = id;
            this.model = model;
            this.range = range;
            this.deviceId = deviceId;
        }

        JobView view() {
            return new JobView(
                    id,
                    model.id(),
                    range.fromMs(),
                    range.toMs(),
                    deviceId,
                    state,
                    total,
                    done.get(),
                    stored.get(),
                    failed.get(),
                    message,
                    createdMs,
                    finishedMs);
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "detect-redetect");
        t.setDaemon(true);
        return t;
    });

    @Inject
    ActiveModels models;

    @Inject
    DetectionStore store;

    @Inject
    SegmentScorer scorer;

    @Inject
    DetectionService detections;

    /** Queues a job; refuses unknown or unloadable models and bad ranges with a problem. */
    public JobView start(DetectionRequests.Redetect req) {
        DetectionService.Range range = detections.range(Long.toString(req.fromMs()), Long.toString(req.toMs()));
        LoadedModel model = models.byId(req.modelId());
        Job job = new Job(ids.incrementAndGet(), model, range, req.deviceId());
        jobs.put(job.id, job);
        forgetOld();
        runner.execute(() -> run(job));
        return job.view();
    }

    /** A job's progress, or a 404 problem. */
    public JobView get(long id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ProblemException.notFound("unknown-job", "no re-detect job with id " + id);
        }
        return job.view();
    }

    /** All remembered jobs, newest first. */
    public List<JobView> list() {
        return jobs.values().stream()
                .sorted(Comparator.comparingLong((Job j) -> j.id).reversed())
                .map(Job::view)
                .toList();
    }

    /** Asks job {@code id} to stop after the segment it is scoring. */
    public JobView cancel(long id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ProblemException.notFound("unknown-job", "no re-detect job with id " + id);
        }
        job.cancelled = true;
        if (job.state.equals("queued")) {
            finish(job, "cancelled", null);
        }
        return job.view();
    }

    private void run(Job job) {
        if (job.cancelled) {
            return;
        }
        job.state = "running";
        try {
            job.total = store.countUnscored(job.model.id(), job.range.fromMs(), job.range.toMs(), job.deviceId);
            long beforeMs = job.range.toMs();
            long beforeId = 0; // (start, id) < (to, 0): the range's end is exclusive
            while (!job.cancelled) {
                List<DetectionStore.Segment> page =
                        store.unscored(job.model.id(), job.range.fromMs(), beforeMs, beforeId, job.deviceId, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (DetectionStore.Segment s : page) {
                    if (job.cancelled) {
                        break;
                    }
                    switch (scorer.score(s, job.model, 0)) {
                        case STORED -> job.stored.incrementAndGet();
                        case ALREADY_SCORED -> {}
                        default -> job.failed.incrementAndGet();
                    }
                    job.done.incrementAndGet();
                }
                DetectionStore.Segment last = page.get(page.size() - 1);
                beforeMs = last.startMs();
                beforeId = last.rawId();
            }
            finish(job, job.cancelled ? "cancelled" : "done", null);
            LOG.infof(
                    "Re-detect job %d with model %d: %s, %d scored, %d failed",
                    job.id, job.model.id(), job.state, job.stored.get(), job.failed.get());
        } catch (SQLException | RuntimeException e) {
            finish(job, "failed", e.getMessage());
            LOG.warnf("Re-detect job %d failed: %s", job.id, e.toString());
        }
    }

    private void finish(Job job, String state, String message) {
        job.state = state;
        job.message = message;
        job.finishedMs = System.currentTimeMillis();
    }

    private void forgetOld() {
        List<Job> finished = new ArrayList<>(
                jobs.values().stream().filter(j -> j.finishedMs != null).toList());
        finished.sort(Comparator.comparingLong(j -> j.id));
        for (int i = 0; i < finished.size() - KEEP_FINISHED; i++) {
            jobs.remove(finished.get(i).id);
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        jobs.values().forEach(j -> j.cancelled = true);
        runner.shutdownNow();
    }
}
