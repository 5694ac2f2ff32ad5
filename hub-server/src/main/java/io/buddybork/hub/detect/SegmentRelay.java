package io.buddybork.hub.detect;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.ingest.SegmentStored;
import io.buddybork.hub.work.NodeRole;
import io.buddybork.hub.work.NodeRoles;
import io.buddybork.hub.work.SegmentMessage;
import io.buddybork.hub.work.WorkQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Hands every stored segment (its ingest transaction committed) to the work queue of segments to
 * score: in process straight to {@link DetectionPipeline}, over a broker as a persistent message
 * for any {@code detect} node. Over a broker, segments the broker did not take (it was away, the
 * publish backlog was full) and segments whose message may have died with a previous process are
 * published again from the database index: the segments of the catch-up horizon without a
 * detection of the active model, at startup and after misses once the broker is back (on {@code
 * ingest} nodes). A segment
 * may so be published twice; the unique (raw, model) key makes that harmless. Thread-safe.
 */
@ApplicationScoped
public class SegmentRelay {
    private static final Logger LOG = Logger.getLogger(SegmentRelay.class);
    private static final int PAGE = 500;

    @Inject
    WorkQueue work;

    @Inject
    DetectionRepository store;

    @Inject
    ActiveModels models;

    @Inject
    DetectionConfig config;

    @Inject
    NodeRoles roles;

    private final AtomicLong missedMark = new AtomicLong();
    /** Set until the first republish after startup is done. */
    private final AtomicBoolean republishPending = new AtomicBoolean(true);

    /**
     * Observed synchronously on purpose (like the in-process queue before it): handing a message to
     * the queue costs microseconds and never waits for the broker.
     */
    void onStored(@Observes SegmentStored s) {
        work.publish(
                WorkQueue.Topic.SEGMENTS,
                new SegmentMessage(s.rawId(), s.deviceId(), s.startMs(), s.durationMs()).encode());
    }

    void onSchemaReady(@Observes SchemaReady ready) {
        missedMark.set(work.missedMark());
    }

    /** Over a broker: republishes what it may not have taken, once it is reachable. */
    @Scheduled(
            every = "${buddybork.broker.republish-check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!work.distributed() || !config.enabled() || !roles.has(NodeRole.INGEST) || !work.connected()) {
            return;
        }
        long mark = work.missedMark();
        if (!republishPending.get() && work.missedSince(missedMark.get()) == 0) {
            return;
        }
        try {
            int published = republish();
            missedMark.set(mark);
            republishPending.set(false);
            if (published > 0) {
                LOG.infof("Published %d segment(s) without a detection again from the index", published);
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot read unscored segments to publish again: %s (retried)", e.getMessage());
        }
    }

    /** Publishes the unscored segments of the catch-up horizon for the active model; returns how many. */
    int republish() throws SQLException {
        Optional<Long> model = models.activeId();
        if (model.isEmpty()) {
            return 0; // nothing to score; a model that becomes active catches up on the detect nodes
        }
        long now = System.currentTimeMillis();
        long since = now - config.catchUpHorizon().toMillis();
        long beforeMs = now + 86_400_000L; // device clock skew: segments may start a little in the future
        long beforeId = Long.MAX_VALUE;
        int published = 0;
        while (true) {
            List<DetectionRepository.Segment> page = store.unscored(model.get(), since, beforeMs, beforeId, null, PAGE);
            if (page.isEmpty()) {
                return published;
            }
            for (DetectionRepository.Segment s : page) {
                work.publish(
                        WorkQueue.Topic.SEGMENTS,
                        new SegmentMessage(s.rawId(), s.deviceId(), s.startMs(), s.durationMs()).encode());
                published++;
            }
            DetectionRepository.Segment last = page.get(page.size() - 1);
            beforeMs = last.startMs();
            beforeId = last.rawId();
        }
    }
}
