package io.buddybork.hub.dashboard;

import io.buddybork.hub.device.DeviceActivity;
import io.buddybork.hub.device.DeviceService;
import io.buddybork.hub.device.DeviceView;
import io.buddybork.hub.security.WebConfig;
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
 * activity not yet flushed to the database), online state and segments stored in the last hour.
 */
@ApplicationScoped
public class DashboardService {

    private final DeviceService devices;
    private final DeviceActivity activity;
    private final EntityManager em;
    private final WebConfig config;

    DashboardService(DeviceService devices, DeviceActivity activity, EntityManager em, WebConfig config) {
        this.devices = devices;
        this.activity = activity;
        this.em = em;
        this.config = config;
    }

    /** Every device, oldest first. */
    @Transactional
    public List<DeviceStatus> devices() {
        long now = System.currentTimeMillis();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select device_id, count(*) from raw where start_time >= ?1 group by device_id")
                .setParameter(1, Instant.ofEpochMilli(now - 3_600_000L).atOffset(ZoneOffset.UTC)).getResultList();
        Map<Long, Long> lastHour = new HashMap<>();
        for (Object[] r : rows) {
            lastHour.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue());
        }
        long onlineMs = config.onlineWindow().toMillis();
        return devices.list().stream().map(d -> status(d, lastHour.getOrDefault(d.id(), 0L), now, onlineMs)).toList();
    }

    private DeviceStatus status(DeviceView d, long lastHour, long now, long onlineMs) {
        OptionalLong live = activity.lastSeenMs(d.id());
        Long seen = live.isPresent() ? Long.valueOf(live.getAsLong()) : toMs(d.lastSeen());
        boolean online = !d.revoked() && seen != null && now - seen <= onlineMs;
        return new DeviceStatus(d.id(), d.name(), d.captureEnabled(), d.revoked(), seen, online, lastHour);
    }

    private static Long toMs(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toEpochMilli();
    }
}
