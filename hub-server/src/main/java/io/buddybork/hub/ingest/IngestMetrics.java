package io.buddybork.hub.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingest meters, as Prometheus sees them: {@code buddybork_segments_total{outcome,reason}}
 * (outcome stored, duplicate, rejected or unavailable; reason the refusal code or "none"),
 * {@code buddybork_segments_stored_bytes_total}, and the latency histogram
 * {@code buddybork_ingest_duration_seconds{outcome}}.
 */
@ApplicationScoped
@Startup // meters exist (at 0) from the start, so dashboards and alerts see them before the first upload
public class IngestMetrics {
    /** Outcome tag values. */
    public static final String STORED = "stored";

    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";
    public static final String UNAVAILABLE = "unavailable";

    @Inject
    MeterRegistry registry;

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private Counter bytesStored;

    @jakarta.annotation.PostConstruct
    void init() {
        bytesStored = Counter.builder("buddybork.segments.stored")
                .baseUnit("bytes")
                .description("Bytes of segment files stored")
                .register(registry);
        for (String outcome : new String[] {STORED, DUPLICATE}) {
            Counter.builder("buddybork.segments")
                    .description("Segment uploads by outcome")
                    .tag("outcome", outcome)
                    .tag("reason", "none")
                    .register(registry);
        }
    }

    /** Counts one upload's outcome and records how long it took ({@code startNanos} 0: not timed). */
    public void record(String outcome, String reason, long startNanos) {
        String why = reason == null ? "none" : reason;
        counters.computeIfAbsent(
                        outcome + '/' + why,
                        k -> Counter.builder("buddybork.segments")
                                .description("Segment uploads by outcome")
                                .tag("outcome", outcome)
                                .tag("reason", why)
                                .register(registry))
                .increment();
        if (startNanos != 0) {
            timers.computeIfAbsent(
                            outcome,
                            k -> Timer.builder("buddybork.ingest.duration")
                                    .description("Time to handle a segment upload, from the full body to the answer")
                                    .tag("outcome", outcome)
                                    .publishPercentileHistogram()
                                    .minimumExpectedValue(Duration.ofMillis(1))
                                    .maximumExpectedValue(Duration.ofSeconds(10))
                                    .register(registry))
                    .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Adds stored bytes. */
    public void stored(long bytes) {
        bytesStored.increment(bytes);
    }
}
