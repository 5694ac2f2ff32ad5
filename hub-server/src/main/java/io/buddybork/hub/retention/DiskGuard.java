package io.buddybork.hub.retention;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.ingest.SpaceReclaimer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Keeps free space above a threshold (the smaller of
 * {@code buddybork.retention.guard.min-free-percent} of the space and {@code min-free-bytes}) by
 * deleting the oldest unprotected segments through {@link SegmentReaper}: on a schedule, and on
 * demand when an upload would break the ingest reserve ({@link SpaceReclaimer}). Protected audio is
 * never deleted; when nothing deletable is left it says so once in the log and in
 * {@code buddybork_storage_guard_exhausted}. The space is {@link AudioSpace}'s: the data volume
 * with the local store; with S3 the quota {@code buddybork.s3.quota-bytes} (none set: the guard has
 * nothing to keep and never deletes). One pass at a time (a lock); thread-safe.
 */
@ApplicationScoped
public class DiskGuard implements SpaceReclaimer {
    private static final Logger LOG = Logger.getLogger(DiskGuard.class);

    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean exhausted;

    @Inject
    RetentionConfig config;

    @Inject
    AudioSpace volume;

    @Inject
    SegmentReaper reaper;

    @Inject
    RetentionMetrics metrics;

    /** The free space the guard keeps. */
    public long thresholdBytes() throws IOException {
        long percent = (long) (volume.totalBytes() * config.guard().minFreePercent() / 100.0);
        return Math.min(percent, config.guard().minFreeBytes());
    }

    @Scheduled(
            every = "{buddybork.retention.guard.check-interval}",
            identity = "buddybork-disk-guard",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("disk-guard")
    void scheduledCheck() {
        check();
    }

    /** One pass: deletes until free space is at or above the threshold; returns the bytes freed. */
    public long check() {
        if (!config.guard().enabled() || !volume.bounded()) {
            return 0;
        }
        try {
            return freeUntil(thresholdBytes());
        } catch (IOException e) {
            LOG.warnf("Disk guard cannot read the data volume's free space: %s", e.getMessage());
            return 0;
        }
    }

    @Override
    public long reclaim(long neededBytes) {
        if (!config.guard().enabled() || !volume.bounded()) {
            return 0;
        }
        try {
            return freeUntil(Math.max(volume.usableBytes() + neededBytes, thresholdBytes()));
        } catch (IOException e) {
            LOG.warnf("Disk guard cannot read the data volume's free space: %s", e.getMessage());
            return 0;
        }
    }

    private long freeUntil(long wantFree) throws IOException {
        lock.lock();
        try {
            long startFree = volume.usableBytes();
            if (startFree >= wantFree) {
                setExhausted(false, startFree, wantFree);
                return 0;
            }
            long freed = 0;
            int segments = 0;
            SegmentReaper.Batch last = SegmentReaper.Batch.NONE;
            java.time.Instant oldest = null;
            long free = startFree;
            // bounded by the bytes needed: even if the volume does not report the space as free
            // (another writer, a lagging filesystem), the guard never deletes more than the shortfall
            while (free < wantFree && freed < wantFree - startFree) {
                try {
                    last = reaper.deleteOldest(SegmentReaper.Reason.DISK_GUARD, null, config.batchSize());
                } catch (SQLException e) {
                    LOG.warnf("Disk guard cannot delete segments now: %s", e.getMessage());
                    break;
                }
                if (last.heldOffByBackup()) {
                    LOG.infof("Disk guard waits: a backup is running (%d bytes free, %d wanted)", free, wantFree);
                    break;
                }
                if (last.segments() == 0) {
                    break;
                }
                if (oldest == null) {
                    oldest = last.oldest();
                }
                segments += last.segments();
                freed += last.bytes();
                free = volume.usableBytes();
            }
            if (segments > 0) {
                LOG.infof(
                        "Disk guard deleted %d unprotected segment(s) (%d bytes, started %s .. %s) to keep %d bytes free; %d bytes free now",
                        segments, freed, oldest, last.newest() == null ? oldest : last.newest(), wantFree, free);
            }
            setExhausted(free < wantFree && !last.heldOffByBackup() && last.segments() == 0, free, wantFree);
            return freed;
        } finally {
            lock.unlock();
        }
    }

    private void setExhausted(boolean now, long free, long wanted) {
        if (now && !exhausted) {
            LOG.warnf(
                    "Disk guard: %d bytes free, %d wanted, and every remaining segment is protected (annotated,"
                            + " reviewed or used for training). Add disk space or remove protection.",
                    free, wanted);
        } else if (!now && exhausted) {
            LOG.info("Disk guard: free space is back above the threshold");
        }
        exhausted = now;
        metrics.exhausted(now);
    }
}
