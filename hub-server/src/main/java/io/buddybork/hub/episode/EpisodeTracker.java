package io.buddybork.hub.episode;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.detect.DetectionStored;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Writes episodes: merges each live, tagged detection ({@link DetectionStored}, observed
 * asynchronously so detection never waits) into the episode of its device and tag when the gap is
 * at most the bridge, else ends that episode and starts a new one; a scheduled sweep ends open
 * episodes a bridge after their last detection (hub clock), also those left open by a restart; and
 * rebuilds a range from the detection table. Every change is one transaction, and its
 * {@link EpisodeEvent}s are fired ({@code fireAsync}) after it committed. Detections are merged in
 * arrival order on a thread of the tracker's own; changes are serialised by one lock (detections
 * arrive a few a second at most). A detection older than the open episode
 * that reaches no episode within the bridge (a late arrival: scoring order is not time order) is
 * stored as an ended episode and announced as started and ended; one reaching an ended episode
 * joins it without events; a rebuild gives the exact picture.
 * Thread-safe.
 */
@ApplicationScoped
public class EpisodeTracker {
    private static final Logger LOG = Logger.getLogger(EpisodeTracker.class);

    /** Rebuilds of long ranges may take minutes on a Pi. */
    private static final int REBUILD_TIMEOUT_S = 1800;

    private final ReentrantLock lock = new ReentrantLock();
    /** The delivery of the last event fired; guarded by {@code this}. */
    private java.util.concurrent.CompletionStage<Object> delivered =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "episode-tracker");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;

    @Inject
    EpisodeRepository store;

    @Inject
    EpisodeConfig config;

    @Inject
    EpisodeClock clock;

    @Inject
    Event<EpisodeEvent> events;

    /** What a rebuild did: the range it covered (grown to whole episodes) and the rows it replaced. */
    public record Rebuilt(long fromMs, long toMs, int removed, int created) {}

    void onSchemaReady(@Observes SchemaReady schema) {
        ready = true;
    }

    /**
     * Hands a live, tagged detection to the tracker's own thread: merges wait for a running rebuild,
     * and must not hold the threads that deliver other asynchronous events meanwhile.
     */
    void onDetection(@ObservesAsync DetectionStored d) {
        if (!d.liveAndTagged()) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    merge(d);
                } catch (RuntimeException e) {
                    LOG.warnf(
                            e,
                            "Cannot add detection %d to an episode; a rebuild of its range adds it",
                            d.detectionId());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debugf("Stopping: detection %d is left to a rebuild", d.detectionId());
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }

    /** Adds one live, tagged detection to its episode; the events it caused (already fired). */
    List<EpisodeEvent> merge(DetectionStored d) {
        lock.lock();
        try {
            List<EpisodeEvent> out = QuarkusTransaction.requiringNew().call(() -> mergeNow(d));
            out.forEach(this::announce);
            return out;
        } finally {
            lock.unlock();
        }
    }

    private List<EpisodeEvent> mergeNow(DetectionStored d) throws SQLException {
        long bridge = config.bridge().toMillis();
        long now = clock.nowMs();
        long start = d.startMs();
        long end = start + d.durationMs();
        long tag = d.tagId();
        List<EpisodeView> near = store.near(d.deviceId(), tag, start - bridge, end + bridge);
        if (!near.isEmpty()) {
            EpisodeView joined = near.get(0); // the open one when it is near
            store.extend(joined.id(), start, end, d.score(), now);
            return joined.open()
                    ? List.of(store.find(joined.id()).orElseThrow().event(EpisodeEvent.Kind.EXTENDED))
                    : List.of();
        }
        EpisodeRepository.Draft draft = new EpisodeRepository.Draft(d.deviceId(), tag, start, end, 1, d.score());
        Optional<EpisodeView> open = store.open(d.deviceId(), tag);
        if (open.isPresent() && open.get().startMs() > end) {
            // Late: older than the open episode and apart from it. Scoring order is not time order
            // (a backlog is scored newest first; detect nodes score side by side), so this is an
            // episode heard live all the same: announced as started and, a newer one being open,
            // ended at once.
            EpisodeView late = store.find(store.insert(draft, false, now)).orElseThrow();
            return List.of(late.event(EpisodeEvent.Kind.STARTED), late.event(EpisodeEvent.Kind.ENDED));
        }
        List<EpisodeEvent> out = new ArrayList<>();
        if (open.isPresent()) {
            store.close(open.get().id());
            out.add(store.find(open.get().id()).orElseThrow().event(EpisodeEvent.Kind.ENDED));
        }
        long id = store.insert(draft, true, now);
        out.add(store.find(id).orElseThrow().event(EpisodeEvent.Kind.STARTED));
        return out;
    }

    /** Ends the open episodes whose last detection joined more than a bridge ago. */
    @Scheduled(
            every = "${buddybork.episodes.sweep-interval:5S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("episode-sweep")
    void sweep() {
        if (!ready) {
            return;
        }
        try {
            endIdle();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cannot end idle episodes; retrying in %s", config.sweepInterval());
        }
    }

    /** Ends the episodes idle for longer than the bridge; the events fired. */
    List<EpisodeEvent> endIdle() {
        lock.lock();
        try {
            List<EpisodeEvent> out = QuarkusTransaction.requiringNew().call(() -> {
                List<EpisodeEvent> ended = new ArrayList<>();
                for (EpisodeView e : store.idle(clock.nowMs() - config.bridge().toMillis())) {
                    store.close(e.id());
                    ended.add(store.find(e.id()).orElseThrow().event(EpisodeEvent.Kind.ENDED));
                }
                return ended;
            });
            out.forEach(this::announce);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recomputes the episodes of {@code [fromMs, toMs]} from the detection table in one transaction,
     * without events: the range grows until no episode crosses its edges within the bridge, its
     * episodes are deleted and the live detections in it chained again. Running it twice gives the
     * same episodes. A chain whose end is within the bridge of now stays open.
     */
    public Rebuilt rebuild(long fromMs, long toMs) {
        lock.lock();
        try {
            return QuarkusTransaction.requiringNew().timeout(REBUILD_TIMEOUT_S).call(() -> rebuildNow(fromMs, toMs));
        } finally {
            lock.unlock();
        }
    }

    private Rebuilt rebuildNow(long fromMs, long toMs) throws SQLException {
        long bridge = config.bridge().toMillis();
        long lo = fromMs;
        long hi = toMs;
        Set<Long> replaced = new HashSet<>();
        while (true) {
            boolean grew = false;
            for (EpisodeView e : store.overlapping(lo - bridge, hi + bridge)) {
                replaced.add(e.id());
                if (e.startMs() < lo) {
                    lo = e.startMs();
                    grew = true;
                }
                if (e.endMs() > hi) {
                    hi = e.endMs();
                    grew = true;
                }
            }
            if (!grew) {
                break;
            }
        }
        store.delete(List.copyOf(replaced));
        long now = clock.nowMs();
        List<EpisodeRepository.Heard> heard = store.heard(lo, hi);
        int created = 0;
        int i = 0;
        while (i < heard.size()) {
            EpisodeRepository.Heard first = heard.get(i);
            long start = first.startMs();
            long end = first.endMs();
            double peak = first.score();
            int segments = 1;
            int j = i + 1;
            while (j < heard.size()
                    && heard.get(j).deviceId() == first.deviceId()
                    && heard.get(j).tagId() == first.tagId()
                    && heard.get(j).startMs() - end <= bridge) {
                end = Math.max(end, heard.get(j).endMs());
                peak = Math.max(peak, heard.get(j).score());
                segments++;
                j++;
            }
            boolean last = j == heard.size()
                    || heard.get(j).deviceId() != first.deviceId()
                    || heard.get(j).tagId() != first.tagId();
            boolean open = last
                    && end + bridge > now
                    && store.open(first.deviceId(), first.tagId()).isEmpty();
            store.insert(
                    new EpisodeRepository.Draft(first.deviceId(), first.tagId(), start, end, segments, peak),
                    open,
                    open ? now : end);
            created++;
            i = j;
        }
        return new Rebuilt(lo, hi, replaced.size(), created);
    }

    /**
     * Fires {@code event} once every observer of the previous one has returned: asynchronous
     * observers see the events in the order they happened (CDI alone would not promise it).
     */
    private void announce(EpisodeEvent event) {
        synchronized (this) {
            delivered = delivered.thenCompose(previous -> events.fireAsync(event)
                    .exceptionally(e -> {
                        LOG.warnf(e, "An EpisodeEvent observer failed for episode %d", event.episodeId());
                        return event;
                    })
                    .thenApply(done -> null));
        }
    }
}
