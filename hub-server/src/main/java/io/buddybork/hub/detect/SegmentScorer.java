package io.buddybork.hub.detect;

import io.buddybork.hub.feature.SegmentFeatures;
import io.buddybork.recognition.model.OpenSetModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Scores one stored segment with one model: features through the hub's feature cache, the model's
 * per-tag scores, thresholds and time-of-day prior, then one {@code detection} row (a repeat for
 * the same segment and model is a no-op) and, for the active model, the detection published as
 * events: {@link DetectionEvent} to observers on the scoring thread, in scoring order (the live feed
 * and, through it, the other hubs: {@link DetectionLiveSource}), and {@link DetectionStored} to
 * asynchronous ones (the episode tracker, and through it notifications). The scorer knows none of
 * its consumers. Two threads
 * never score the same segment with the same model at once. Thread-safe.
 */
@ApplicationScoped
public class SegmentScorer {
    private static final Logger LOG = Logger.getLogger(SegmentScorer.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    /** How scoring one segment ended. */
    public enum Outcome {
        STORED,
        ALREADY_SCORED,
        UNREADABLE,
        DATABASE,
        MODEL_FAILED
    }

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> lastWarn = new ConcurrentHashMap<>();
    private final AtomicLong lastScoredMs = new AtomicLong();

    @Inject
    SegmentFeatures features;

    @Inject
    DetectionRepository store;

    @Inject
    DetectionMetrics metrics;

    @Inject
    ActiveModels models;

    @Inject
    Event<DetectionEvent> scoredEvents;

    @Inject
    Event<DetectionStored> storedEvents;

    /** Scores {@code segment} with {@code model}; {@code enqueuedNanos} (0: not live) feeds the delay histogram. */
    public Outcome score(DetectionRepository.Segment segment, LoadedModel model, long enqueuedNanos) {
        String key = segment.rawId() + ":" + model.id();
        if (!inFlight.add(key)) {
            return Outcome.ALREADY_SCORED;
        }
        long start = System.nanoTime();
        try {
            float[] vector = features.ofStored(segment.path(), model.model().featureConfig());
            OpenSetModel.Assessment assessed = model.assess(vector, Instant.ofEpochMilli(segment.startMs()));
            Optional<DetectionView> stored = store.insert(segment, model, assessed.prediction(), assessed.novelty());
            if (stored.isEmpty()) {
                return Outcome.ALREADY_SCORED;
            }
            DetectionView v = stored.get();
            metrics.scored(v.tag(), start);
            lastScoredMs.set(System.currentTimeMillis());
            if (models.active().map(a -> a.id() == model.id()).orElse(false)) {
                announce(v);
                if (enqueuedNanos != 0) {
                    metrics.delay(enqueuedNanos);
                }
            }
            return Outcome.STORED;
        } catch (IOException e) {
            warn("unreadable", "Cannot score segment " + segment.rawId() + ": " + e.getMessage());
            return Outcome.UNREADABLE;
        } catch (SQLException e) {
            warn("database", "Cannot store the detection of segment " + segment.rawId() + ": " + e.getMessage());
            return Outcome.DATABASE;
        } catch (RuntimeException e) {
            warn("model", "Model " + model.id() + " failed on segment " + segment.rawId() + ": " + e);
            return Outcome.MODEL_FAILED;
        } finally {
            inFlight.remove(key);
        }
    }

    /**
     * Publishes the stored detection {@code v} (the row is committed: auto-commit insert): first to
     * synchronous observers, so that the live feed sees detections in the order they were scored,
     * then to asynchronous ones, which must never slow scoring down.
     */
    private void announce(DetectionView v) {
        scoredEvents.fire(DetectionEvent.of(v));
        DetectionStored event = DetectionStored.of(v);
        storedEvents.fireAsync(event).exceptionally(e -> {
            LOG.warnf(e, "A DetectionStored observer failed for detection %d", event.detectionId());
            return event;
        });
    }

    /** When the last segment was scored (epoch ms), or null. */
    public Long lastScoredMs() {
        long v = lastScoredMs.get();
        return v == 0 ? null : v;
    }

    /** Counts a failure and logs it, at most once a minute per reason (a broken disk must not flood the log). */
    private void warn(String reason, String message) {
        metrics.failed(reason);
        long now = System.nanoTime();
        Long last = lastWarn.get(reason);
        if (last == null || now - last > WARN_EVERY_NANOS) {
            lastWarn.put(reason, now);
            LOG.warnf("%s (further '%s' failures within a minute are only counted)", message, reason);
        }
    }
}
