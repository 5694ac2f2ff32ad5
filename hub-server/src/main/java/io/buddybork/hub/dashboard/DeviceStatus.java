package io.buddybork.hub.dashboard;

/**
 * One device's row on the dashboard. Times are UTC epoch milliseconds (null: never);
 * {@code segmentsToday} counts segments starting since midnight in the hub's time zone.
 */
public record DeviceStatus(
        long id,
        String name,
        boolean captureEnabled,
        boolean revoked,
        Long lastSeenMs,
        boolean online,
        long segmentsLastHour,
        long segmentsToday) {}
