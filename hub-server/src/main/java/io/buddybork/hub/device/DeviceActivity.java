package io.buddybork.hub.device;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tracks when each device was last heard from. Requests only touch memory; a scheduled job writes
 * the times that moved to {@code device.last_seen} (at most one batch every
 * {@code buddybork.ingest.last-seen-flush-interval}), so a busy device costs no extra database
 * write per upload. Also publishes {@code buddybork_device_last_seen_age_seconds{device}}.
 * Thread-safe.
 */
@ApplicationScoped
public class DeviceActivity {
    private static final Logger LOG = Logger.getLogger(DeviceActivity.class);

    private final ConcurrentHashMap<Long, Long> lastSeenMs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> flushedMs = new ConcurrentHashMap<>();

    @Inject
    DeviceRepository devices;

    @Inject
    MeterRegistry registry;

    void onSchemaReady(@Observes SchemaReady ready) {
        try {
            for (DeviceRepository.LastSeen stored : devices.lastSeen()) {
                flushedMs.put(stored.deviceId(), stored.ms());
                record(stored.deviceId(), stored.ms());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load device last-seen times: " + e.getMessage(), e);
        }
    }

    /** Notes that {@code deviceId} made an authenticated request now. Cheap; never blocks. */
    public void seen(long deviceId) {
        record(deviceId, System.currentTimeMillis());
    }

    /** When the device was last heard from, including times not yet written to the database. */
    public OptionalLong lastSeenMs(long deviceId) {
        Long ms = lastSeenMs.get(deviceId);
        return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
    }

    private void record(long deviceId, long ms) {
        Long previous = lastSeenMs.put(deviceId, ms);
        if (previous == null) {
            Gauge.builder("buddybork.device.last.seen.age", this, a -> a.ageSeconds(deviceId))
                    .description("Seconds since the device was last heard from")
                    .baseUnit("seconds")
                    .tag("device", Long.toString(deviceId))
                    .register(registry);
        }
    }

    private double ageSeconds(long deviceId) {
        Long ms = lastSeenMs.get(deviceId);
        return ms == null ? Double.NaN : (System.currentTimeMillis() - ms) / 1000.0;
    }

    /** Writes last-seen times that changed since the previous flush. */
    @Scheduled(
            every = "${buddybork.ingest.last-seen-flush-interval:15S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        Map<Long, Long> changed = new java.util.HashMap<>();
        lastSeenMs.forEach((id, ms) -> {
            Long done = flushedMs.get(id);
            if (done == null || done < ms) {
                changed.put(id, ms);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        try {
            devices.writeLastSeen(changed);
            flushedMs.putAll(changed);
        } catch (SQLException e) {
            LOG.warnf("Could not write device last-seen times (will retry): %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        flush();
    }
}
