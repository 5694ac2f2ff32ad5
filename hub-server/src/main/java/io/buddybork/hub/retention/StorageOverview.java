package io.buddybork.hub.retention;

import java.time.Instant;
import java.util.Map;

/**
 * The admin's storage panel: the data volume, the audio on it, what is protected, what retention
 * and the guard deleted recently, and how long until the guard must start deleting.
 *
 * @param projectedDaysUntilThreshold days until free space reaches the guard threshold at the
 *        ingest rate of the last 7 days; null when nothing was ingested
 * @param backup the last scheduled backup; null when no schedule is set
 */
public record StorageOverview(
        long totalBytes,
        long freeBytes,
        long guardThresholdBytes,
        Integer keepDays,
        long segments,
        long audioBytes,
        Instant oldestSegment,
        long protectedSegments,
        long protectedBytes,
        long ingestBytesPerDay,
        Double projectedDaysUntilThreshold,
        Map<String, Deleted> deletedLast30Days,
        Instant lastDeletion,
        io.buddybork.hub.backup.BackupStatus backup) {

    /** Deletions of one reason. */
    public record Deleted(long segments, long bytes) {}
}
