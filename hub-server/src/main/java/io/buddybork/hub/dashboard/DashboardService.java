package io.buddybork.hub.dashboard;

import io.buddybork.hub.device.DeviceActivity;
import io.buddybork.hub.device.DeviceService;
import io.buddybork.hub.device.DeviceView;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Gathers the dashboard's device overview: each device with its live last-seen time (including
 * activity not yet flushed to the database), online state and segments stored in the last hour and
 * today (since midnight in the hub's time zone).
 */
@ApplicationScoped
public class DashboardService {

    private final DeviceService devices;
    private final DeviceActivity activity;
    private final SegmentRepository segments;
    private final DashboardConfig config;
    private final HubZone zone;

    DashboardService(
            DeviceService devices,
            DeviceActivity activity,
            SegmentRepository segments,
            DashboardConfig config,
            HubZone zone) {
        this.devices = devices;
        this.activity = activity;
        this.segments = segments;
        this.config = config;
        this.zone = zone;
    }

    /** Every device, oldest first. */
    @Transactional
    public List<DeviceStatus> devices() {
        long now = System.currentTimeMillis();
        long hourAgo = now - 3_600_000L;
        long midnight = zone.startMs(zone.dayOf(now));
        Map<Long, long[]> counts = new HashMap<>();
        for (SegmentRepository.DeviceCounts c : read(() -> segments.countsSince(hourAgo, midnight))) {
            counts.put(c.deviceId(), new long[] {c.sinceFirst(), c.sinceSecond()});
        }
        long onlineMs = config.onlineWindow().toMillis();
        return devices.list().stream()
                .map(d -> status(d, counts.getOrDefault(d.id(), new long[2]), now, onlineMs))
                .toList();
    }

    /**
     * Segments of every device that started in the last {@code seconds} (at most a day), oldest
     * first, so a freshly opened dashboard shows the same window the live feed then extends.
     */
    @Transactional
    public List<RecentSegment> recentSegments(int seconds) {
        long since = System.currentTimeMillis() - Math.max(1, Math.min(seconds, 86_400)) * 1000L;
        return read(() -> segments.startedSince(since)).stream()
                .map(r -> new RecentSegment(r.deviceId(), r.startMs(), r.maxAmp()))
                .toList();
    }

    /** A segment read; a failure reaches the exception mappers as before (503 when unreachable). */
    private static <T> T read(SegmentRead<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read segments", e);
        }
    }

    @FunctionalInterface
    private interface SegmentRead<T> {
        T run() throws SQLException;
    }

    private DeviceStatus status(DeviceView d, long[] counts, long now, long onlineMs) {
        OptionalLong live = activity.lastSeenMs(d.id());
        Long seen = live.isPresent() ? Long.valueOf(live.getAsLong()) : toMs(d.lastSeen());
        boolean online = !d.revoked() && seen != null && now - seen <= onlineMs;
        return new DeviceStatus(d.id(), d.name(), d.captureEnabled(), d.revoked(), seen, online, counts[0], counts[1]);
    }

    private static Long toMs(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toEpochMilli();
    }
}
