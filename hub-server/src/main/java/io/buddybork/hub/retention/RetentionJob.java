package io.buddybork.hub.retention;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.time.HubZone;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The retention policy: at startup finishes deletions a crash interrupted; daily (cron
 * {@code buddybork.retention.cron}, a local time of the hub's zone) deletes unprotected segments
 * that started more than {@code buddybork.retention.keep-days} calendar days ago in the hub's zone
 * (nothing when unset) and prunes old tombstones.
 */
@ApplicationScoped
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    @Inject
    RetentionConfig config;

    @Inject
    SegmentReaper reaper;

    @Inject
    HubZone zone;

    private final Clock clock = Clock.systemUTC();

    void onSchemaReady(@Observes SchemaReady ready) throws SQLException {
        int finished = reaper.finishPending();
        if (finished > 0) {
            LOG.infof("Finished %d segment deletion(s) a crash had interrupted (files removed)", finished);
        }
    }

    @Scheduled(
            cron = "{buddybork.retention.cron}",
            timeZone = HubZone.SCHEDULER_ZONE,
            identity = "buddybork-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("retention")
    void scheduled() {
        try {
            apply();
        } catch (SQLException e) {
            LOG.warnf("Retention pass failed (retried at the next run): %s", e.getMessage());
        }
    }

    /** One retention pass; returns the segments deleted. */
    public int apply() throws SQLException {
        Instant now = clock.instant();
        int total = 0;
        long bytes = 0;
        if (config.keepDays().isPresent()) {
            Instant cutoff = zone.daysBefore(now, config.keepDays().getAsInt());
            while (true) {
                SegmentReaper.Batch b = reaper.deleteOldest(SegmentReaper.Reason.RETENTION, cutoff, config.batchSize());
                if (b.heldOffByBackup()) {
                    LOG.info("Retention pass stopped early: a backup is running; the next pass continues");
                    break;
                }
                if (b.segments() == 0) {
                    break;
                }
                total += b.segments();
                bytes += b.bytes();
            }
            if (total > 0) {
                LOG.infof(
                        "Retention deleted %d unprotected segment(s) (%d bytes) that started before %s (keep %d days)",
                        total, bytes, cutoff, config.keepDays().getAsInt());
            }
        }
        reaper.pruneTombstones(now.minus(config.tombstoneKeep()));
        return total;
    }
}
