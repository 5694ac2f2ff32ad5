package io.buddybork.hub.job;

import io.buddybork.hub.work.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the jobs of one job table, one at a time, on the nodes with the role for them. A new job is
 * dispatched through the work queue (its id as the message): in process to this node's runner, over
 * a broker to any node with the role, which acknowledges the message once the job ended. Whatever
 * a message does not bring (a broker that lost it, a node that died mid-job and whose lease ran
 * out, a restart) the periodic scan of the table claims. Thread-safe.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** The work of one claimed job; it renews the lease and ends the job in the table itself. */
    @FunctionalInterface
    public interface Body {
        /** Runs claimed job {@code id} to its end. */
        void run(long id) throws Exception;
    }

    private final String name;
    private final JobLeaseRepository table;
    private final WorkQueue work;
    private final WorkQueue.Topic topic;
    private final Body body;
    private final Duration scanEvery;
    private final ScheduledExecutorService runner;

    /**
     * @param name thread name and log prefix
     * @param scanEvery how often the table is scanned for claimable jobs
     */
    public JobRunner(
            String name,
            JobLeaseRepository table,
            WorkQueue work,
            WorkQueue.Topic topic,
            Body body,
            Duration scanEvery) {
        this.name = name;
        this.table = table;
        this.work = work;
        this.topic = topic;
        this.body = body;
        this.scanEvery = scanEvery;
        this.runner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** Starts taking jobs on this node: from the queue, and from the table at once and every {@code scanEvery}. */
    public void start() {
        work.subscribe(
                topic,
                1,
                delivery -> runner.execute(() -> {
                    try {
                        long id = Long.parseLong(new String(delivery.body(), StandardCharsets.US_ASCII).strip());
                        tryRun(id);
                    } catch (NumberFormatException e) {
                        LOG.warnf("%s: dropped a message that is not a job id", name);
                    } finally {
                        delivery.ack();
                    }
                }));
        long every = Math.max(1, scanEvery.toMillis());
        runner.scheduleWithFixedDelay(this::scan, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Hands job {@code id} (just stored, queued) to a node that runs it. */
    public void dispatch(long id) {
        work.publish(topic, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }

    private void scan() {
        try {
            int failed = table.failAbandoned(false);
            if (failed > 0) {
                LOG.warnf("%s: %d job(s) failed: their node stopped while they ran", name, failed);
            }
            List<Long> ids = table.claimable(10);
            for (long id : ids) {
                tryRun(id);
            }
        } catch (SQLException e) {
            LOG.warnf("%s: cannot look for jobs to run: %s (retried)", name, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: the job scan failed (retried)", name);
        }
    }

    private void tryRun(long id) {
        try {
            if (!table.claim(id)) {
                return; // ended, cancelled, or alive on another node
            }
            LOG.infof("%s: running job %d on %s", name, id, table.node());
            body.run(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "%s: job %d failed", name, id);
            try {
                table.finish(id, JobState.FAILED, "the job failed: a fault of the hub (see its log)");
            } catch (SQLException ignored) {
                // the lease runs out and another scan retries the job
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
