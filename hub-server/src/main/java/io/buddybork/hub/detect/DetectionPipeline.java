package io.buddybork.hub.detect;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.job.JobNode;
import io.buddybork.hub.work.NodeRole;
import io.buddybork.hub.work.NodeRoles;
import io.buddybork.hub.work.SegmentMessage;
import io.buddybork.hub.work.WorkConfig;
import io.buddybork.hub.work.WorkQueue;
import io.buddybork.model.SegmentNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Live detection: every newly stored segment is scored by the active model, without ever holding
 * up an upload. New segments (messages of {@link WorkQueue.Topic#SEGMENTS}, see {@link
 * SegmentRelay}) go into a bounded live queue that is
 * served newest first, so that when the detector falls behind (a burst, a slow machine) what just
 * happened still reaches the dashboard at once; when the queue is full its oldest segment is
 * dropped and counted, and catch-up scores it later. Catch-up (on start, when a
 * model becomes active, and after drops or database trouble) pages through the segments of the
 * last {@code catch-up-horizon} that have no detection of the active model, newest first, into a
 * small backlog. Worker threads (one per processor by default, at the lowest CPU priority) always
 * take live work before backlog work, and pause while ingest is busy ({@link ScoringGate}; at most
 * {@code max-yield} in one go, then they score one segment). The unique
 * (raw, model) key makes scoring idempotent, so a segment ends with exactly one detection per
 * model however often it is queued. In process, work is in memory only: after a crash, catch-up
 * finds what was missed. Over a broker, a message is acknowledged only once its detection row is
 * committed (or the segment cannot be scored at all); what this node held unacknowledged when it
 * died is delivered again, to it or another {@code detect} node. Every {@code detect} node runs
 * its own catch-up over the same unscored segments while deliveries go on, so over a broker a
 * node claims each segment, delivered or from its backlog ({@code detect_claim}, a lease of
 * minutes), before featurising it: N nodes score a backlog once between them rather than N
 * times, and a delivery meeting another node's catch-up is scored once. A delivery whose segment
 * another node holds is acknowledged and left to it (or, should it die, to a catch-up once the
 * lease ended). A segment whose message was lost (its ingest node died before the broker confirmed
 * it) is found by the periodic check: stored over {@code stranded-after} ago with neither a
 * detection nor a live claim, it starts a catch-up. The live {@link DetectionEvent} is published
 * only by the node whose insert stored the row, so it is sent once per (raw, model) even when two
 * nodes do score a segment (a claim that lapsed while its holder was still scoring). Only nodes
 * with the {@code detect} role score. Thread-safe.
 */
@ApplicationScoped
public class DetectionPipeline {
    private static final Logger LOG = Logger.getLogger(DetectionPipeline.class);
    /**
     * How long a detect node holds a catch-up segment it claimed (scoring takes milliseconds; a node
     * that dies with a claim leaves the segment to the next catch-up once the lease ended).
     */
    static final long CLAIM_LEASE_MS = 120_000;
    /** Stranded segments looked at per check: enough to see past those this node cannot score. */
    private static final int STRANDED_PAGE = 200;
    /** Segments remembered as unscoreable by this node, at most. */
    private static final int UNSCOREABLE_MEMORY = 10_000;
    /**
     * How long a segment this node failed to score keeps out of the stranded sweep: long enough that
     * a broken file costs a walk every half hour, not every check; short enough that a store that was
     * briefly unreadable (an S3 outage) does not leave its segments unscored until the next restart.
     */
    static final long UNSCOREABLE_RETRY_MS = 30 * 60_000L;
    /** How long a scoring thread waits before it looks at ingest's pressure again. */
    private static final long YIELD_PAUSE_MS = 20;

    /**
     * A segment to score: {@code modelId} null means "with whatever model is active then" (live
     * work); {@code delivery} the message to settle once done (live work only).
     */
    record Work(
            DetectionRepository.Segment segment,
            Long modelId,
            int generation,
            long enqueuedNanos,
            WorkQueue.Delivery delivery) {}

    @Inject
    DetectionConfig config;

    @Inject
    ActiveModels models;

    @Inject
    DetectionRepository store;

    @Inject
    SegmentScorer scorer;

    @Inject
    DetectionMetrics metrics;

    @Inject
    ScoringGate gate;

    @Inject
    WorkQueue work;

    @Inject
    WorkConfig workConfig;

    @Inject
    NodeRoles roles;

    @Inject
    JobNode node;

    @Inject
    DetectionClock clock;

    private java.util.concurrent.BlockingDeque<Work> live;
    private BlockingQueue<Work> backlog;
    private final AtomicLong backlogRemaining = new AtomicLong();
    /** Catch-ups requested and not yet through their walk. */
    private final AtomicInteger pendingCatchUps = new AtomicInteger();

    private final AtomicLong catchUpTotal = new AtomicLong();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicBoolean missed = new AtomicBoolean();
    /** Set when a catch-up segment was left to another node's claim. */
    private final AtomicBoolean claimRefused = new AtomicBoolean();
    /**
     * Segments this node failed to score (unreadable, model failed), with the time it failed: they
     * start no stranded sweep until {@link #UNSCOREABLE_RETRY_MS} later.
     */
    private final Map<Unscoreable, Long> unscoreable = new java.util.concurrent.ConcurrentHashMap<>();

    private record Unscoreable(long rawId, long modelId) {}

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger yielding = new AtomicInteger();
    private volatile boolean running;
    private volatile int threads;
    private ExecutorService workers;
    private ExecutorService catchUp;

    @PostConstruct
    void init() {
        live = new java.util.concurrent.LinkedBlockingDeque<>(Math.max(1, config.queueCapacity()));
        backlog = new LinkedBlockingQueue<>(Math.max(2, config.catchUpPage() * 2));
        metrics.gauges(live::size, backlogRemaining::get, () -> models.state().model() != null ? 1 : 0, yielding::get);
    }

    void onSchemaReady(@Observes SchemaReady ready) {
        start();
    }

    /** Starts the workers and a first catch-up (idempotent). */
    void start() {
        if (!config.enabled() || !roles.has(NodeRole.DETECT) || !started.compareAndSet(false, true)) {
            if (!config.enabled()) {
                LOG.info("Live detection is switched off (buddybork.detection.enabled=false)");
            } else if (!roles.has(NodeRole.DETECT)) {
                LOG.info("Live detection runs on other nodes: this one has no 'detect' role");
            }
            return;
        }
        running = true;
        threads = threadCount(config.threads(), Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "detect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            workers.execute(this::workLoop);
        }
        LOG.infof(
                "Live detection: %d scoring thread(s)%s, pausing while %s",
                threads, config.lowPriority() ? " at the lowest CPU priority" : "", yieldRule());
        catchUp = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "detect-catch-up");
            t.setDaemon(true);
            return t;
        });
        requestCatchUp(false);
        // at most what the live queue holds, so that a full queue never has to give a message back
        int prefetch = Math.max(1, Math.min(workConfig.broker().prefetch(), config.queueCapacity()));
        work.subscribe(WorkQueue.Topic.SEGMENTS, prefetch, this::onSegment);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        running = false;
        generation.incrementAndGet();
        if (workers != null) {
            workers.shutdownNow();
            catchUp.shutdownNow();
        }
    }

    /**
     * A new segment: queue it for the active model (never blocks: a full queue drops its oldest,
     * which goes back to the broker, or in process to catch-up). In process this runs on the
     * uploading thread, so it must cost microseconds.
     */
    void onSegment(WorkQueue.Delivery delivery) {
        if (!running || models.state().model() == null) {
            delivery.ack(); // no model: nothing to score; catch-up runs when one becomes active
            return;
        }
        SegmentMessage s;
        try {
            s = SegmentMessage.decode(delivery.body());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Dropped a message that is not a segment: %s", e.getMessage());
            delivery.ack();
            return;
        }
        String path = SegmentNames.relativePath(s.deviceId(), s.startMs());
        Work w = new Work(
                new DetectionRepository.Segment(s.rawId(), s.deviceId(), s.startMs(), s.durationMs(), path),
                null,
                generation.get(),
                System.nanoTime(),
                delivery);
        while (!live.offerFirst(w)) {
            Work oldest = live.pollLast();
            if (oldest != null) { // full: give up the oldest waiting segment, catch-up scores it later
                oldest.delivery().requeue();
                metrics.dropped();
                missed.set(true);
            }
        }
    }

    /** The active model changed (committed): use the new one from the next segment on, and catch up. */
    void onModelChanged(@Observes ActiveModelChanged changed) {
        if (running) {
            LOG.infof("Active model changed to %s", changed.modelId() == null ? "none" : changed.modelId());
            requestCatchUp(true);
        }
    }

    /** Re-checks the active model (row changed elsewhere, file gone) and catches up dropped work. */
    @Scheduled(
            every = "${buddybork.detection.check-interval:60s}",
            delayed = "${buddybork.detection.check-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!running) {
            return;
        }
        ActiveModels.State before = models.state();
        ActiveModels.State after = models.refresh(false);
        boolean switched = !Objects.equals(before.modelId(), after.modelId())
                || (before.model() == null) != (after.model() == null);
        if (switched || (after.model() != null && missed.getAndSet(false))) {
            requestCatchUp(false);
        } else if (after.model() != null && backlogRemaining.get() == 0 && claimRefused.getAndSet(false)) {
            // a node that claimed segments may have died with them: walk again (cheap once little is
            // left unscored) until their leases end and this node can take them
            requestCatchUp(false);
        } else if (after.model() != null && backlogRemaining.get() == 0 && work.distributed()) {
            sweepStranded(after.model());
        }
        if (work.distributed()) {
            try {
                store.dropExpiredClaims(CLAIM_LEASE_MS);
            } catch (SQLException e) {
                LOG.debugf("Expired catch-up claims not deleted: %s", e.getMessage());
            }
        }
    }

    /**
     * Walks the backlog when segments stored a while ago have neither a detection of {@code model}
     * nor a node on them. Over a broker a segment reaches the detect nodes only as a message: one
     * that an ingest node had committed but not yet seen confirmed when it died is published again
     * only by that node, at its next start, so without this sweep a node killed for good would leave
     * such segments unscored. Segments this node already failed to score (an unreadable file, a
     * failing model) start a sweep again only half an hour later, so a broken file costs one walk
     * every half hour, not one a minute, and a store that was unreadable for a while is tried again.
     */
    private void sweepStranded(LoadedModel model) {
        long now = clock.nowMs();
        long since = now - config.catchUpHorizon().toMillis();
        List<Long> stranded;
        try {
            stranded = store.stranded(model.id(), since, config.strandedAfter().toMillis(), STRANDED_PAGE);
        } catch (SQLException e) {
            LOG.debugf("Stranded segments not looked for: %s", e.getMessage());
            return;
        }
        unscoreable.values().removeIf(failedAt -> now - failedAt >= UNSCOREABLE_RETRY_MS);
        long fresh = stranded.stream()
                .filter(raw -> !unscoreable.containsKey(new Unscoreable(raw, model.id())))
                .count();
        if (fresh > 0) {
            LOG.infof(
                    "%d%s segment(s) stored over %d s ago have no detection of model %d and no node scoring them"
                            + " (a segment message lost with the node that sent it?): catching up",
                    fresh,
                    stranded.size() == STRANDED_PAGE ? " or more" : "",
                    config.strandedAfter().toSeconds(),
                    model.id());
            requestCatchUp(false);
            metrics.strandedSweep();
        }
    }

    /** Remembers that {@code rawId} cannot be scored by {@code modelId} here now (bounded: forgets all when full). */
    private void rememberUnscoreable(long rawId, long modelId) {
        if (unscoreable.size() >= UNSCOREABLE_MEMORY) {
            unscoreable.clear(); // at worst each forgotten segment starts one more sweep
        }
        unscoreable.put(new Unscoreable(rawId, modelId), clock.nowMs());
    }

    /** Starts a new catch-up (cancelling a running one); {@code reload}: re-read the model file first. */
    void requestCatchUp(boolean reload) {
        int gen = generation.incrementAndGet();
        pendingCatchUps.incrementAndGet();
        try {
            catchUp.execute(() -> {
                try {
                    catchUp(gen, reload);
                } finally {
                    pendingCatchUps.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pendingCatchUps.decrementAndGet(); // shutting down
        }
    }

    private void catchUp(int gen, boolean reload) {
        if (gen != generation.get() || !running) {
            return;
        }
        backlog.clear();
        backlogRemaining.set(0);
        catchUpTotal.set(0);
        ActiveModels.State state = models.refresh(reload);
        LoadedModel model = state.model();
        if (model == null) {
            return;
        }
        long now = clock.nowMs();
        long since = now - config.catchUpHorizon().toMillis();
        long until = now + 86_400_000L; // segments may start a little in the future (device clock skew)
        try {
            long total = store.countUnscored(model.id(), since, until, null);
            catchUpTotal.set(total);
            backlogRemaining.set(total);
            if (total == 0) {
                return;
            }
            LOG.infof(
                    "Catch-up: %d segment(s) since %s without a detection of model %d, newest first",
                    total, java.time.Instant.ofEpochMilli(since), model.id());
            long beforeMs = until;
            long beforeId = Long.MAX_VALUE;
            int queued = 0;
            while (true) {
                List<DetectionRepository.Segment> page =
                        store.unscored(model.id(), since, beforeMs, beforeId, null, Math.max(1, config.catchUpPage()));
                if (page.isEmpty()) {
                    break;
                }
                for (DetectionRepository.Segment s : page) {
                    Work w = new Work(s, model.id(), gen, 0, null);
                    while (!backlog.offer(w, 200, TimeUnit.MILLISECONDS)) {
                        if (gen != generation.get() || !running) {
                            return;
                        }
                    }
                    queued++;
                }
                DetectionRepository.Segment last = page.get(page.size() - 1);
                beforeMs = last.startMs();
                beforeId = last.rawId();
            }
            // Live scoring may have taken segments between the count and the pages (or new ones may
            // have arrived): what is left is what was queued, less what has been scored since.
            long correction = queued - total;
            if (gen == generation.get()) {
                backlogRemaining.updateAndGet(v -> Math.max(0, v + correction));
            }
            LOG.infof("Catch-up of model %d: all %d segment(s) queued", model.id(), queued);
        } catch (SQLException e) {
            LOG.warnf("Catch-up stopped by a database error: %s (retried at the next check)", e.getMessage());
            missed.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scoring threads for {@code configured} (0: one per processor) on {@code processors}. */
    static int threadCount(int configured, int processors) {
        return configured > 0 ? configured : Math.max(1, processors);
    }

    /** Whether a scoring thread that has paused for {@code pausedNanos} keeps pausing while ingest is busy. */
    static boolean keepsPausing(long pausedNanos, java.time.Duration maxYield) {
        return maxYield.isZero() || pausedNanos < maxYield.toNanos();
    }

    private String yieldRule() {
        List<String> rules = new java.util.ArrayList<>();
        if (config.yieldInFlight() > 0) {
            rules.add(config.yieldInFlight() + " or more uploads are in flight");
        }
        if (!config.yieldLatency().isZero()) {
            rules.add("uploads take over " + config.yieldLatency().toMillis() + " ms");
        }
        return rules.isEmpty()
                ? "never (no yield rule)"
                : String.join(" or ", rules)
                        + (config.maxYield().isZero()
                                ? ""
                                : " (at most " + config.maxYield().toSeconds() + " s, then one segment)");
    }

    private void workLoop() {
        if (config.lowPriority() && !LowPriority.lowerCurrentThread()) {
            LOG.debug("Scoring thread runs at normal priority (the OS refused a lower one)");
        }
        long pausingSince = 0; // 0: not pausing
        while (running) {
            try {
                long now = System.nanoTime();
                if (gate.ingestBusy()) {
                    pausingSince = pausingSince == 0 ? now : pausingSince;
                } else {
                    pausingSince = 0;
                }
                if (pausingSince != 0 && keepsPausing(now - pausingSince, config.maxYield())) {
                    // uploads first: wait and look again
                    yielding.incrementAndGet();
                    try {
                        metrics.yielded();
                        Thread.sleep(YIELD_PAUSE_MS);
                    } finally {
                        yielding.decrementAndGet();
                    }
                    continue;
                }
                Work w = live.pollFirst(); // the newest segment first
                if (w == null) {
                    w = backlog.poll();
                }
                if (w == null) {
                    w = live.pollFirst(250, TimeUnit.MILLISECONDS);
                    if (w != null && pausingSince == 0 && gate.ingestBusy()) {
                        // ingest got busy while this thread waited for work: uploads first after all
                        if (!live.offerFirst(w)) {
                            process(w); // the queue filled meanwhile: score rather than drop
                        }
                        continue;
                    }
                }
                if (w != null) {
                    process(w);
                    pausingSince = 0; // a segment scored after the longest pause: the next pause starts afresh
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Detection worker failed; continuing", e);
            }
        }
    }

    private void process(Work w) {
        boolean fromBacklog = w.modelId() != null;
        boolean retry = false;
        try {
            LoadedModel model = models.state().model();
            if (model == null || (fromBacklog && (w.generation() != generation.get() || w.modelId() != model.id()))) {
                return; // model gone or switched: the new model's catch-up covers this segment
            }
            // Over a broker every scoring starts with a claim, from the backlog and from the queue
            // alike: one statement that also checks for a detection (the look a redelivery needs
            // anyway), so a delivery costs no extra round trip, and a catch-up on one node and a
            // delivery on another never featurise the same segment together. A refused delivery is
            // acknowledged: the holder scores it, or its lease ends and a catch-up walks it again
            // (claimRefused). In process there is one scorer per segment and no claim at all.
            if (work.distributed() && !store.claim(w.segment().rawId(), model.id(), node.id(), CLAIM_LEASE_MS)) {
                metrics.repeated();
                claimRefused.set(true);
                return; // scored already, or another detect node is on it
            }
            SegmentScorer.Outcome outcome = scorer.score(w.segment(), model, fromBacklog ? 0 : w.enqueuedNanos());
            if (outcome == SegmentScorer.Outcome.DATABASE) {
                missed.set(true);
                retry = true;
            } else if (outcome == SegmentScorer.Outcome.ALREADY_SCORED && work.distributed()) {
                metrics.repeated(); // the unique (raw, model) key caught a copy the claim let through
            } else if (outcome == SegmentScorer.Outcome.UNREADABLE || outcome == SegmentScorer.Outcome.MODEL_FAILED) {
                rememberUnscoreable(w.segment().rawId(), model.id());
            }
        } catch (java.sql.SQLException e) {
            missed.set(true);
            retry = true;
        } finally {
            if (fromBacklog && w.generation() == generation.get()) { // an older catch-up's work counts for none
                backlogRemaining.updateAndGet(v -> Math.max(0, v - 1));
            }
            settle(w, retry);
        }
    }

    /**
     * Acknowledges live work once its detection row is committed (or it can never be scored: an
     * unreadable file, a failing model), and gives it back when the database failed.
     */
    private static void settle(Work w, boolean retry) {
        if (w.delivery() == null) {
            return;
        }
        if (retry) {
            w.delivery().requeue();
        } else {
            w.delivery().ack();
        }
    }

    /** Live segments waiting. */
    public int queueDepth() {
        return live == null ? 0 : live.size();
    }

    /** Catch-up work still to do. */
    public long backlog() {
        return backlogRemaining.get();
    }

    /** Whether a catch-up is waiting to start, walking, or has segments still to be scored. */
    public boolean catchingUp() {
        return pendingCatchUps.get() > 0 || backlogRemaining.get() > 0;
    }

    /** Segments the running (or last) catch-up set out to score; 0 before the first. */
    public long catchUpTotal() {
        return catchUpTotal.get();
    }

    /** Whether scoring runs. */
    public boolean running() {
        return running;
    }

    /** Scoring threads (0 before start or when detection is off). */
    public int threads() {
        return threads;
    }

    /** Whether scoring is paused now because ingest is busy. */
    public boolean yielding() {
        return yielding.get() > 0;
    }
}
