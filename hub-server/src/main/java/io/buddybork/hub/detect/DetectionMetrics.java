package io.buddybork.hub.detect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Live detection meters, as Prometheus sees them: {@code buddybork_detection_segments_scored_total},
 * {@code buddybork_detections_total{tag}} (known tags), {@code buddybork_detection_unknown_total},
 * {@code buddybork_detection_dropped_total} (queue full: caught up later),
 * {@code buddybork_detection_failures_total{reason}}, the gauges {@code buddybork_detection_queue_depth},
 * {@code buddybork_detection_backlog} (catch-up still to do), {@code buddybork_detection_model_ready} and
 * {@code buddybork_detection_yielding_threads} (scoring threads pausing for ingest), the counter
 * {@code buddybork_detection_yields_total} (such pauses, 20 ms each),
 * and the histograms {@code buddybork_detection_scoring_seconds} (features, model and insert of one
 * segment) and {@code buddybork_detection_delay_seconds} (segment stored to detection published). Thread-safe.
 */
@ApplicationScoped
public class DetectionMetrics {

    @Inject
    MeterRegistry registry;

    private final ConcurrentHashMap<String, Counter> perTag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> failures = new ConcurrentHashMap<>();
    private Counter scored;
    private Counter unknown;
    private Counter dropped;
    private Counter yields;
    private Counter repeats;
    private Counter strandedSweeps;
    private Timer scoring;
    private Timer delay;

    @PostConstruct
    void init() {
        scored = Counter.builder("buddybork.detection.segments.scored")
                .description("Segments scored by a model")
                .register(registry);
        unknown = Counter.builder("buddybork.detection.unknown")
                .description("Scored segments that matched no known tag")
                .register(registry);
        dropped = Counter.builder("buddybork.detection.dropped")
                .description("Live segments not queued because the queue was full (caught up later)")
                .register(registry);
        yields = Counter.builder("buddybork.detection.yields")
                .description("Pauses of a scoring thread because ingest was busy")
                .register(registry);
        repeats = Counter.builder("buddybork.detection.repeats")
                .description("Segments handed over again (broker redelivery, republished from the index) "
                        + "that already had a detection: skipped")
                .register(registry);
        strandedSweeps = Counter.builder("buddybork.detection.stranded.sweeps")
                .description("Catch-ups started because segments stored a while ago had neither a detection "
                        + "nor a node scoring them (a segment message lost with the ingest node that sent it)")
                .register(registry);
        scoring = Timer.builder("buddybork.detection.scoring")
                .description("Time to score one segment and store the result")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        delay = Timer.builder("buddybork.detection.delay")
                .description("From a live segment's commit to its detection being published")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    /** Registers the gauges over the pipeline's live state. */
    void gauges(
            Supplier<Number> queueDepth,
            Supplier<Number> backlog,
            Supplier<Number> modelReady,
            Supplier<Number> yieldingThreads) {
        Gauge.builder("buddybork.detection.yielding.threads", yieldingThreads)
                .description("Scoring threads pausing now because ingest is busy")
                .register(registry);
        Gauge.builder("buddybork.detection.queue.depth", queueDepth)
                .description("Live segments waiting to be scored")
                .register(registry);
        Gauge.builder("buddybork.detection.backlog", backlog)
                .description("Segments within the catch-up horizon still to be scored by catch-up")
                .register(registry);
        Gauge.builder("buddybork.detection.model.ready", modelReady)
                .description("1 when an active model is loaded and scoring, else 0")
                .register(registry);
    }

    /** Counts one scored segment and how long it took. */
    void scored(String tag, long startNanos) {
        scored.increment();
        if (tag == null) {
            unknown.increment();
        } else {
            perTag.computeIfAbsent(
                            tag,
                            t -> Counter.builder("buddybork.detections")
                                    .description("Detections per tag")
                                    .tag("tag", t)
                                    .register(registry))
                    .increment();
        }
        scoring.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Records the delay of a live segment from its commit to its detection's publication. */
    void delay(long enqueuedNanos) {
        delay.record(System.nanoTime() - enqueuedNanos, TimeUnit.NANOSECONDS);
    }

    void yielded() {
        yields.increment();
    }

    void repeated() {
        repeats.increment();
    }

    void strandedSweep() {
        strandedSweeps.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void failed(String reason) {
        failures.computeIfAbsent(
                        reason,
                        r -> Counter.builder("buddybork.detection.failures")
                                .description("Segments that could not be scored")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    /** Catch-ups started for stranded segments, since start. */
    public long strandedSweepCount() {
        return (long) strandedSweeps.count();
    }

    /** Segments handed over again that already had a detection, since start. */
    public long repeatCount() {
        return (long) repeats.count();
    }

    /** Segments scored since start. */
    public long scoredCount() {
        return (long) scored.count();
    }
}
