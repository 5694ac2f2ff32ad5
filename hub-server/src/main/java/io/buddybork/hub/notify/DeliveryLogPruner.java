package io.buddybork.hub.notify;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the delivery log from growing without end: once an hour, finished deliveries older than
 * {@code buddybork.notify.delivery-retention} are deleted in batches. Unfinished ones are never
 * touched, so a retry in progress survives. One hub at a time prunes.
 */
@ApplicationScoped
public class DeliveryLogPruner {
    private static final Logger LOG = Logger.getLogger(DeliveryLogPruner.class);
    /** Rows per delete statement: short transactions beside live deliveries. */
    static final int BATCH = 5_000;

    private final NotifyRepository store;
    private final NotifyConfig config;

    DeliveryLogPruner(NotifyRepository store, NotifyConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(
            every = "1h",
            delayed = "10m",
            identity = "buddybork-delivery-log-prune",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("delivery-log-prune")
    void scheduled() {
        try {
            int n = prune();
            if (n > 0) {
                LOG.infof("notification delivery log: removed %d finished deliveries", n);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pruning the delivery log failed (retried in an hour): %s", e.getMessage());
        }
    }

    /** Deletes every finished delivery older than the retention now; returns how many went. */
    public int prune() {
        Duration keep = config.deliveryRetention();
        if (keep.isZero() || keep.isNegative()) {
            return 0;
        }
        Instant before = Instant.now().minus(keep);
        int total = 0;
        int n;
        do {
            n = store.pruneFinishedDeliveries(before, BATCH);
            total += n;
        } while (n == BATCH);
        return total;
    }
}
