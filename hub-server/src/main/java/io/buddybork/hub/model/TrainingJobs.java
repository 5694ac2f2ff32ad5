package io.buddybork.hub.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.db.Sql;
import io.buddybork.hub.ingest.SegmentFiles;
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
import io.buddybork.model.storage.DurableFiles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs training jobs in the background, one at a time: a second request while one is queued or
 * running (on any node) is refused (409 {@code training-busy}). A job is a {@code model_job} row,
 * dispatched through the work queue ({@link JobRunner}) to a node with the {@code train} role: this
 * one in process, any one over a broker. The node running it keeps state and progress in memory
 * for fast polling and writes them to the row (state changes at once, progress at most once a
 * second, its lease every few seconds), so any node shows the job and can cancel it (through the
 * row). A finished model is written durably under {@code <data-dir>/models/} before its {@code
 * model} row (and its {@code model_training_segment} rows) commit in one transaction; a failure or
 * cancel leaves no file and no row. A training cannot resume half done: a job whose node stopped
 * or died while it ran (lease expired) is marked failed; a job still queued survives a restart and
 * runs. Model files without a row are removed at startup. Thread-safe.
 */
@ApplicationScoped
public class TrainingJobs {
    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);
    private static final long PROGRESS_WRITE_MILLIS = 1000;
    /** How long a running training stays with its node without a heartbeat. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a train node looks for queued jobs nobody runs. */
    static final Duration SCAN_EVERY = Duration.ofSeconds(5);
    /** How often a web node looks again at a job another node runs, while a client long-polls it. */
    private static final long REMOTE_POLL_MILLIS = 500;
    /** Reason given to jobs a previous process left unfinished. */
    public static final String RESTARTED =
            "the hub stopped during training; no model was saved, start the training again";

    private final ModelTrainer trainer;
    private final TrainingJobRepository jobs;
    private final ModelRepository modelRows;
    private final SegmentFiles files;
    private final ModelFiles modelFiles;
    private final ObjectMapper json;
    private final ModelService models;
    private final NodeRoles roles;
    private final JobLeaseRepository table;
    private final JobClock clock;
    private final JobRunner runner;
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-training-lease");
        t.setDaemon(true);
        return t;
    });
    /** Guards {@link #current}, a submit's check and insert, and a job's end; long-polls wait on the job's own phaser. */
    private final Object lock = new Object();
    /** The job queued or running, or the last one this process ran (guarded by {@link #lock}). */
    private Job current;

    TrainingJobs(
            ModelTrainer trainer,
            Sql sql,
            TrainingJobRepository jobs,
            ModelRepository modelRows,
            SegmentFiles files,
            ModelFiles modelFiles,
            ObjectMapper json,
            ModelService models,
            NodeRoles roles,
            WorkQueue work,
            JobClock clock,
            JobNode node) {
        this.trainer = trainer;
        this.jobs = jobs;
        this.modelRows = modelRows;
        this.files = files;
        this.modelFiles = modelFiles;
        this.json = json;
        this.models = models;
        this.roles = roles;
        this.clock = clock;
        this.table = new JobLeaseRepository(sql, clock, "model_job", "error", node.id(), LEASE, RESTARTED);
        this.runner = new JobRunner(
                "model-training", table, work, WorkQueue.Topic.TRAINING_JOBS, this::runClaimed, SCAN_EVERY);
    }

    /** In-memory state of a job of this process. */
    private final class Job implements JobControl {
        final long id;
        final String name;
        final Instant created = clock.now();
        volatile JobState state = JobState.QUEUED;
        volatile double progress;
        volatile String stage = "queued";
        volatile Long modelId;
        volatile String error;
        volatile Instant finished;
        volatile boolean cancelRequested;
        /**
         * Advances once per change; its phase + 1 is the job's version. A long-poll waits for the
         * phase it saw to end. One registered party (the job), so each arrive advances it.
         */
        private final Phaser changes = new Phaser(1);
        /** Whether this node holds the job's lease (so it renews it). */
        volatile boolean claimed;

        long lastWrite;

        Job(long id, String name) {
            this.id = id;
            this.name = name;
        }

        /** Called after the fields changed: a view with the new version shows at least them. */
        void changed() {
            changes.arrive();
        }

        long version() {
            return changes.getPhase() + 1L;
        }

        /** Returns once the version differs from {@code knownVersion} or the job ended, or after {@code waitMillis}. */
        void awaitChange(long knownVersion, long waitMillis) throws InterruptedException {
            int phase = changes.getPhase();
            if (phase + 1L != knownVersion || !active()) {
                return;
            }
            try {
                changes.awaitAdvanceInterruptibly(phase, waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // unchanged: the poll answers the same view
            }
        }

        boolean active() {
            return state.active();
        }

        @Override
        public void progress(String stage, double fraction) {
            boolean stageChanged = !stage.equals(this.stage);
            this.stage = stage;
            this.progress = Math.max(0, Math.min(1, fraction));
            changed();
            long now = System.currentTimeMillis();
            if (stageChanged || now - lastWrite >= PROGRESS_WRITE_MILLIS) {
                lastWrite = now;
                persist(this);
            }
        }

        @Override
        public boolean cancelled() {
            return cancelRequested;
        }

        ModelRequests.JobView view() {
            long version = version(); // before the fields: a view never pairs old fields with a new version
            return new ModelRequests.JobView(
                    id,
                    state.label(),
                    progress,
                    stage,
                    modelId,
                    error,
                    name,
                    created.toString(),
                    finished == null ? null : finished.toString(),
                    version);
        }
    }

    /**
     * Marks jobs whose node stopped while they ran failed, removes model files no row refers to,
     * and (on a train node) starts taking jobs.
     */
    void onSchemaReady(@Observes SchemaReady ready) {
        int failed = recoverAfterRestart();
        if (failed > 0) {
            LOG.warnf("Marked %d training job(s) failed: the hub stopped while they ran", failed);
        }
        removeOrphanFiles();
        if (roles.has(NodeRole.TRAIN)) {
            runner.start();
            long every = LEASE.toMillis() / 3;
            leases.scheduleWithFixedDelay(this::renewLease, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Marks running jobs failed whose node is gone (no heartbeat within the lease; a training cannot
     * resume half done); returns how many. Queued jobs stay: a train node runs them.
     */
    int recoverAfterRestart() {
        try {
            return table.failAbandoned(true);
        } catch (SQLException e) {
            LOG.warnf("Cannot check for abandoned training jobs: %s", e.getMessage());
            return 0;
        }
    }

    /** Renews the lease of the job this node runs, and picks up a cancel asked for on another node. */
    private void renewLease() {
        Job job;
        synchronized (lock) {
            job = current != null && current.active() && current.claimed ? current : null;
        }
        if (job == null) {
            return;
        }
        try {
            if (table.renew(job.id) && job.active() && !job.cancelRequested) {
                job.cancelRequested = true;
                job.stage = "cancelling";
                job.changed();
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot renew the lease of training job %d: %s", job.id, e.getMessage());
        }
    }

    /**
     * Deletes model files that no model row refers to (left by a crash). In a shared store (S3)
     * only those older than an hour: a younger one may be another hub's save whose row is not yet
     * committed.
     */
    int removeOrphanFiles() {
        Set<String> keep = new HashSet<>();
        try {
            for (String key : modelRows.filePaths()) {
                keep.add(key);
                keep.add(ModelFiles.metadataKey(key));
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot check for orphan model files: %s", e.getMessage());
            return 0;
        }
        int removed = 0;
        Instant youngest = modelFiles.shared() ? Instant.now().minus(Duration.ofHours(1)) : Instant.MAX;
        synchronized (lock) {
            if (current != null && current.active()) {
                return 0;
            }
            try {
                List<String> orphans = new ArrayList<>();
                modelFiles.forEach(o -> {
                    // only the models directory's own files, as before: not what sits in folders below it
                    if (o.key().indexOf('/', ModelFiles.PREFIX.length()) < 0
                            && !keep.contains(o.key())
                            && o.lastModified().isBefore(youngest)) {
                        orphans.add(o.key());
                    }
                });
                for (String key : orphans) {
                    modelFiles.deleteObject(key);
                    removed++;
                }
                removed += removeLocalTemporaries();
            } catch (IOException e) {
                LOG.warnf("Cannot clean the model files: %s", e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.infof("Removed %d model file(s) without a model row", removed);
        }
        return removed;
    }

    /**
     * Starts training {@code plan} in the background and returns the job id.
     *
     * @throws ProblemException 409 {@code training-busy} while another training is queued or running
     */
    public long submit(TrainingPlan plan, String user) {
        synchronized (lock) {
            requireIdle();
            long id;
            try {
                id = jobs.insert(json.writeValueAsString(plan.request()), user);
            } catch (SQLException e) {
                // 503 only when the database is unreachable; never the exception's text (it may quote SQL)
                throw DatabaseFailures.problem("record the training job", e);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the training request as JSON", e);
            }
            runner.dispatch(id);
            return id;
        }
    }

    /** Runs job {@code id}, claimed by this node: its plan is checked again from the stored request. */
    private void runClaimed(long id) throws SQLException {
        Optional<TrainingJobRepository.StoredRequest> stored = jobs.request(id);
        if (stored.isEmpty()) {
            return;
        }
        String request = stored.get().json();
        String name = stored.get().name();
        Job job = new Job(id, name == null ? "" : name);
        job.claimed = true;
        synchronized (lock) {
            current = job;
        }
        TrainingPlan plan;
        try {
            plan = models.plan(json.readValue(request, ModelRequests.Train.class));
        } catch (ProblemException e) {
            finish(job, JobState.FAILED, null, e.problem().detail()); // e.g. a tag deleted since the request
            return;
        } catch (IOException e) {
            finish(job, JobState.FAILED, null, "the stored training request cannot be read");
            return;
        }
        run(job, plan);
    }

    /** Asks job {@code id} to stop; a job that already ended is left as it is. */
    public ModelRequests.JobView cancel(long id) {
        try {
            table.requestCancel(id); // whichever node runs it reads this with its next heartbeat
        } catch (SQLException e) {
            throw DatabaseFailures.problem("cancel the training job", e);
        }
        Job job = live(id);
        if (job != null) {
            if (job.active()) {
                job.cancelRequested = true;
                if (job.state == JobState.QUEUED) {
                    finish(job, JobState.CANCELLED, null, null);
                } else {
                    job.stage = "cancelling";
                    job.changed();
                }
            }
            return job.view();
        }
        return status(id); // an old job: nothing runs
    }

    /** The state of job {@code id}. */
    public ModelRequests.JobView status(long id) {
        Job job = live(id);
        if (job != null) {
            return job.view();
        }
        return stored(id).orElseThrow(() -> ProblemException.notFound("unknown-job", "no training job with id " + id));
    }

    /**
     * The state of job {@code id} once its version differs from {@code knownVersion} (or at once
     * when it already does, or the job is not running here), waiting at most {@code waitMillis}.
     */
    public ModelRequests.JobView await(long id, long knownVersion, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        Job job = live(id);
        if (job != null) {
            job.awaitChange(knownVersion, waitMillis);
            return job.view();
        }
        // run by another node (or not at all yet): look at its row until it changes
        ModelRequests.JobView first = status(id);
        while (active(first) && System.currentTimeMillis() + REMOTE_POLL_MILLIS < deadline) {
            Thread.sleep(REMOTE_POLL_MILLIS);
            if (live(id) != null) {
                return status(id); // this node has just claimed it
            }
            ModelRequests.JobView now = status(id);
            if (!now.equals(first)) {
                return now;
            }
        }
        return status(id);
    }

    private static boolean active(ModelRequests.JobView v) {
        return JobState.of(v.state()).active();
    }

    /** The job queued or running now, or else the newest job, if any. */
    public Optional<ModelRequests.JobView> latest() {
        synchronized (lock) {
            if (current != null && current.active()) {
                return Optional.of(current.view());
            }
        }
        try {
            return jobs.newestId().map(this::status);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read training jobs", e);
        }
    }

    /** @throws ProblemException 409 {@code training-busy} while a training is queued or running */
    public void requireIdle() {
        synchronized (lock) {
            if (current != null && current.active()) {
                throw busyProblem(current.id, current.name);
            }
        }
        try {
            Optional<Long> pending = table.pending(); // queued for, or running on, a live node
            if (pending.isPresent()) {
                throw busyProblem(pending.get(), status(pending.get()).name());
            }
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read training jobs", e);
        }
    }

    private static ProblemException busyProblem(long id, String name) {
        return ProblemException.conflict(
                "training-busy",
                "a training is already running (job " + id + ", '" + name + "'); wait for it or cancel it first");
    }

    /** Whether a training is queued or running now (on any node). */
    public boolean busy() {
        try {
            requireIdle();
            return false;
        } catch (ProblemException e) {
            return e.problem().status() == 409;
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        Job job;
        synchronized (lock) {
            job = current;
        }
        if (job != null && job.active()) {
            job.cancelRequested = true;
            finish(job, JobState.FAILED, null, RESTARTED);
        }
        runner.close();
        leases.shutdownNow();
    }

    /** Temp files a killed save left in the local models directory (a listing of the store never shows them). */
    private int removeLocalTemporaries() throws IOException {
        Path dir = modelsDir();
        if (modelFiles.shared() || !Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p)
                        && DurableFiles.isTemporary(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The directory of model files. */
    public Path modelsDir() {
        return files.dataRoot().resolve("models");
    }

    private void run(Job job, TrainingPlan plan) {
        if (job.cancelRequested) {
            return;
        }
        job.state = JobState.RUNNING;
        job.stage = "collecting audio";
        job.changed();
        record(() -> jobs.markRunning(job.id, job.stage));
        String file = null;
        try {
            ModelTrainer.Outcome outcome = trainer.train(plan, job);
            job.checkCancelled();
            job.progress("saving", 0.99);
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            String relative = "models/" + stamp + "-job" + job.id + ".model";
            file = relative;
            modelFiles.save(relative, outcome.model(), outcome.metrics());
            long modelId = insertModel(job, plan, relative, outcome);
            finish(job, JobState.SUCCEEDED, modelId, null);
        } catch (JobControl.TrainingCancelled e) {
            deleteQuietly(file);
            finish(job, JobState.CANCELLED, null, null);
        } catch (ModelTrainer.TrainingRefused | IllegalArgumentException e) {
            deleteQuietly(file);
            finish(job, JobState.FAILED, null, e.getMessage());
        } catch (Exception | Error e) {
            deleteQuietly(file);
            // the job's error is shown to users: never the exception's text (it may quote SQL or paths)
            String ref = Long.toHexString(System.nanoTime() ^ job.id);
            LOG.errorf(e, "Training job %d failed (error %s)", job.id, ref);
            finish(
                    job,
                    JobState.FAILED,
                    null,
                    "training failed: a fault of the hub (error " + ref + " in the hub's log)");
        }
    }

    private long insertModel(Job job, TrainingPlan plan, String relative, ModelTrainer.Outcome outcome)
            throws JsonProcessingException {
        String tags = json.writeValueAsString(plan.tags());
        String metrics = json.writeValueAsString(outcome.metrics());
        String training = json.writeValueAsString(outcome.training());
        List<Long> raws = List.copyOf(outcome.trainingSegments());
        if (job.cancelRequested) {
            throw new JobControl.TrainingCancelled();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = modelRows.insert(new ModelRepository.NewModel(plan.name(), tags, metrics, training, relative));
            modelRows.addTrainingSegments(id, raws);
            jobs.setModel(job.id, id);
            return id;
        });
    }

    private void finish(Job job, JobState state, Long modelId, String error) {
        synchronized (lock) {
            if (!job.active()) {
                return;
            }
            job.state = state;
            job.modelId = modelId;
            job.error = error;
            job.finished = clock.now();
            if (state == JobState.SUCCEEDED) {
                job.progress = 1;
                job.stage = "done";
            } else {
                job.stage = state.label();
            }
            job.changed();
        }
        persist(job);
    }

    private void persist(Job job) {
        TrainingJobRepository.Progress p = new TrainingJobRepository.Progress(
                job.id, job.state.label(), job.progress, job.stage, job.modelId, job.error, job.finished);
        record(() -> jobs.write(p));
    }

    private Job live(long id) {
        synchronized (lock) {
            return current != null && current.id == id ? current : null;
        }
    }

    private Optional<ModelRequests.JobView> stored(long id) {
        try {
            return jobs.find(id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the training job", e);
        }
    }

    /** A write of a job's state to its row. */
    @FunctionalInterface
    private interface JobWrite {
        void run() throws SQLException;
    }

    /** Runs {@code write}; a failure is only logged: the job goes on, and polls on this node read its state from memory. */
    private static void record(JobWrite write) {
        try {
            write.run();
        } catch (SQLException e) {
            LOG.warnf("Cannot record training job state: %s", e.getMessage());
        }
    }

    private void deleteQuietly(String file) {
        if (file == null) {
            return;
        }
        try {
            modelFiles.delete(file);
        } catch (IOException e) {
            LOG.warnf("Cannot delete %s: %s", file, e.getMessage());
        }
    }
}
