package io.buddybork.hub.dashboard;

import io.buddybork.hub.device.DeviceActivity;
import io.buddybork.hub.device.DeviceService;
import io.buddybork.hub.device.DeviceView;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
    private final EntityManager em;
    private final DashboardConfig config;
    private final HubZone zone;

    DashboardService(
            DeviceService devices, DeviceActivity activity, EntityManager em, DashboardConfig config, HubZone zone) {
        this.devices = devices;
        this.activity = activity;
        this.em = em;
        this.config = config;
        this.zone = zone;
    }

    /** Every device, oldest first. */
    @Transactional
    public List<DeviceStatus> devices() {
        long now = System.currentTimeMillis();
        long hourAgo = now - 3_600_000L;
        long midnight = zone.startMs(zone.dayOf(now));
        // one pass over the index range since the earlier of midnight and an hour ago
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select device_id, count(*) filter (where start_time >= ?1), count(*) filter (where start_time >= ?2)"
                                + " from raw where start_time >= ?3 group by device_id")
                .setParameter(1, utc(hourAgo))
                .setParameter(2, utc(midnight))
                .setParameter(3, utc(Math.min(hourAgo, midnight)))
                .getResultList();
        Map<Long, long[]> counts = new HashMap<>();
        for (Object[] r : rows) {
            counts.put(
                    ((Number) r[0]).longValue(), new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()});
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select device_id, start_time, max_amp from raw where start_time >= ?1 order by start_time limit 20000")
                .setParameter(1, utc(since))
                .getResultList();
        return rows.stream()
                .map(r -> new RecentSegment(((Number) r[0]).longValue(), epochMs(r[1]), ((Number) r[2]).intValue()))
                .toList();
    }

    private DeviceStatus status(DeviceView d, long[] counts, long now, long onlineMs) {
        OptionalLong live = activity.lastSeenMs(d.id());
        Long seen = live.isPresent() ? Long.valueOf(live.getAsLong()) : toMs(d.lastSeen());
        boolean online = !d.revoked() && seen != null && now - seen <= onlineMs;
        return new DeviceStatus(d.id(), d.name(), d.captureEnabled(), d.revoked(), seen, online, counts[0], counts[1]);
    }

    private static OffsetDateTime utc(long ms) {
        return Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC);
    }

    private static long epochMs(Object time) {
        if (time instanceof OffsetDateTime t) {
            return t.toInstant().toEpochMilli();
        }
        if (time instanceof Instant i) {
            return i.toEpochMilli();
        }
        return ((java.sql.Timestamp) time).toInstant().toEpochMilli();
    }

    private static Long toMs(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toEpochMilli();
    }
}
