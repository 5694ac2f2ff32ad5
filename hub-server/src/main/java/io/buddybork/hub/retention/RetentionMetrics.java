package io.buddybork.hub.retention;

import io.buddybork.hub.ingest.DataVolume;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Storage meters, as Prometheus sees them: {@code buddybork_retention_deleted_segments_total{reason}}
 * and {@code buddybork_retention_deleted_bytes_total{reason}} (reason retention or disk-guard),
 * {@code buddybork_storage_free_bytes} (data volume), and {@code buddybork_storage_guard_exhausted}
 * (1 while free space is under the guard's threshold and nothing deletable is left: alert on it).
 */
@ApplicationScoped
@Startup
public class RetentionMetrics {
    @Inject
    MeterRegistry registry;

    @Inject
    DataVolume volume;

    private final Map<SegmentReaper.Reason, Counter> segments = new EnumMap<>(SegmentReaper.Reason.class);
    private final Map<SegmentReaper.Reason, Counter> bytes = new EnumMap<>(SegmentReaper.Reason.class);
    private final AtomicInteger exhausted = new AtomicInteger();

    @PostConstruct
    void init() {
        for (SegmentReaper.Reason r : SegmentReaper.Reason.values()) {
            segments.put(
                    r,
                    Counter.builder("buddybork.retention.deleted.segments")
                            .tag("reason", r.code())
                            .description("Segments deleted by retention or the disk guard")
                            .register(registry));
            bytes.put(
                    r,
                    Counter.builder("buddybork.retention.deleted")
                            .baseUnit("bytes")
                            .tag("reason", r.code())
                            .description("Bytes of segment files deleted by retention or the disk guard")
                            .register(registry));
        }
        Gauge.builder("buddybork.storage.free", volume, v -> {
                    try {
                        return v.usableBytes();
                    } catch (IOException e) {
                        return Double.NaN;
                    }
                })
                .baseUnit("bytes")
                .description("Free space on the data volume")
                .register(registry);
        Gauge.builder("buddybork.storage.guard.exhausted", exhausted, AtomicInteger::get)
                .description("1 while free space is under the guard threshold and nothing deletable is left")
                .register(registry);
    }

    void deleted(SegmentReaper.Reason reason, int count, long byteCount) {
        segments.get(reason).increment(count);
        bytes.get(reason).increment(byteCount);
    }

    void exhausted(boolean value) {
        exhausted.set(value ? 1 : 0);
    }
}
