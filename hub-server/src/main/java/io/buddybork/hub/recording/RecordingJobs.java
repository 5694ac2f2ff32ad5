package io.buddybork.hub.recording;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Import jobs for recordings too long to import while the request waits: one at a time on their
 * own thread, with progress to poll. They live in memory: a restart forgets a job (its uploaded
 * file is swept with {@code tmp/}), but every segment it stored stays, so importing the file again
 * stores only what is missing. The job deletes its uploaded file when it ends. Thread-safe.
 */
@ApplicationScoped
public class RecordingJobs {
    private static final Logger LOG = Logger.getLogger(RecordingJobs.class);
    private static final int KEEP_FINISHED = 50;

    /**
     * A job as clients poll it: state {@code queued}, {@code running}, {@code done} or
     * {@code failed} ({@code code} and {@code detail} then say why, as a problem would); the counts
     * grow while it runs. {@code totalSegments} is -1 while the length is unknown.
     */
    public record JobView(
            long id,
            String url,
            long deviceId,
            long startMs,
            String state,
            long totalSegments,
            long processedSegments,
            long stored,
            long silent,
            long overlapping,
            Long endMs,
            String code,
            String detail,
            long createdMs,
            Long finishedMs) {}

    private static final class Job {
        final long id;
        final long deviceId;
        final long startMs;
        final Path upload;
        final RecordingKind kind;
        final long totalSegments;
        final long createdMs = System.currentTimeMillis();
        volatile String state = "queued";
        volatile long processed;
        volatile long stored;
        volatile long silent;
        volatile long overlapping;
        volatile Long endMs;
        volatile String code;
        volatile String detail;
        volatile Long finishedMs;

        Job(long id, long deviceId, long startMs, Path upload, RecordingKind kind, long totalSegments) {
            this.id = id;
            this.deviceId = deviceId;
            this.startMs = startMs;
            this.upload = upload;
            this.kind = kind;
            this.totalSegments = totalSegments;
        }

        JobView view() {
            return new JobView(
                    id,
                    RecordingResource.jobUrl(deviceId, id),
                    deviceId,
                    startMs,
                    state,
                    totalSegments,
                    processed,
                    stored,
                    silent,
                    overlapping,
                    endMs,
                    code,
                    detail,
                    createdMs,
                    finishedMs);
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-import");
        t.setDaemon(true);
        return t;
    });

    @Inject
    RecordingImportService imports;

    /** Queues the import of {@code upload}; the job owns the file from now on. */
    JobView submit(long deviceId, long startMs, Path upload, RecordingKind kind, RecordingFormat format) {
        long total = format.frames() < 0 ? -1 : RecordingImportService.segmentsOf(format.frames());
        Job job = new Job(ids.incrementAndGet(), deviceId, startMs, upload, kind, total);
        jobs.put(job.id, job);
        forgetOld();
        runner.execute(() -> run(job));
        return job.view();
    }

    /** A job of {@code deviceId}, or a 404 problem. */
    public JobView get(long deviceId, long id) {
        Job job = jobs.get(id);
        if (job == null || job.deviceId != deviceId) {
            throw ProblemException.notFound("unknown-job", "no recording import job " + id + " for device " + deviceId);
        }
        return job.view();
    }

    private void run(Job job) {
        job.state = "running";
        try {
            // the temp sweeper deletes old files under tmp/: a job that waited in the queue is not old
            Files.setLastModifiedTime(
                    job.upload, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            RecordingImport done = imports.runJob(job.deviceId, job.startMs, job.upload, job.kind, (p, st, si, ov) -> {
                job.processed = p;
                job.stored = st;
                job.silent = si;
                job.overlapping = ov;
            });
            job.endMs = done.endMs();
            finish(job, "done", null, null);
            LOG.infof(
                    "Recording import job %d for device %d: %d segments, %d stored, %d silent, %d overlapping",
                    job.id, job.deviceId, done.segments(), done.stored(), done.silent(), done.overlapping());
        } catch (ProblemException e) {
            finish(job, "failed", e.problem().code(), e.problem().detail());
            LOG.infof("Recording import job %d failed: %s", job.id, e.getMessage());
        } catch (IOException | RuntimeException e) {
            finish(job, "failed", "import-failed", "the import stopped: " + e);
            LOG.warnf(e, "Recording import job %d failed", job.id);
        } finally {
            try {
                Files.deleteIfExists(job.upload);
            } catch (IOException e) {
                LOG.warnf("cannot delete %s: %s", job.upload, e.getMessage());
            }
        }
    }

    private static void finish(Job job, String state, String code, String detail) {
        job.code = code;
        job.detail = detail;
        job.finishedMs = System.currentTimeMillis();
        job.state = state;
    }

    private void forgetOld() {
        List<Job> finished = new ArrayList<>(
                jobs.values().stream().filter(j -> j.finishedMs != null).toList());
        finished.sort(Comparator.comparingLong(j -> j.id));
        for (int i = 0; i < finished.size() - KEEP_FINISHED; i++) {
            jobs.remove(finished.get(i).id);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        runner.shutdownNow();
    }
}
