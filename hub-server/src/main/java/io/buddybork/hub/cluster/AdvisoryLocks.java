package io.buddybork.hub.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One runner at a time for jobs of all hubs on one database: {@link #runExclusively} takes the
 * job's PostgreSQL session advisory lock without waiting ({@code pg_try_advisory_lock}) on a
 * connection of its own, runs the job while holding it and then closes that connection. Closing,
 * not unlocking, is what releases the lock, so it cannot outlive the job in a pooled session, and a
 * hub that dies mid-job loses its lock with its connection. A job whose lock is held elsewhere is
 * skipped (counted in {@code buddybork.cluster.jobs.skipped}): each job here is a periodic pass
 * that the next run completes. Thread-safe.
 */
@ApplicationScoped
public class AdvisoryLocks {
    private static final Logger LOG = Logger.getLogger(AdvisoryLocks.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    /** A job's body. */
    @FunctionalInterface
    public interface Work {
        /** Runs the job. */
        void run() throws Exception;
    }

    private final ClusterConnections connections;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Long> lastWarn = new ConcurrentHashMap<>();

    AdvisoryLocks(ClusterConnections connections, MeterRegistry registry) {
        this.connections = connections;
        this.registry = registry;
    }

    /**
     * Runs {@code work} if no other hub (nor another thread here) runs the job {@code name} now.
     *
     * @return whether it ran; false when the lock was held elsewhere or the database could not be
     *     asked (the job is then skipped with a warning: it cannot know it is alone)
     * @throws Exception whatever {@code work} threw
     */
    public boolean runExclusively(String name, Work work) throws Exception {
        Connection c;
        try {
            c = connections.open("job " + name);
        } catch (SQLException e) {
            skipped(name, "database");
            warn(name, "Skipping job " + name + ": cannot reach the database for its lock (" + e.getMessage() + ")");
            return false;
        }
        try {
            boolean locked;
            try {
                locked = tryLock(c, key(name));
            } catch (SQLException e) {
                skipped(name, "database");
                warn(name, "Skipping job " + name + ": cannot take its lock (" + e.getMessage() + ")");
                return false;
            }
            if (!locked) {
                skipped(name, "held");
                LOG.debugf("Skipping job %s: another hub runs it", name);
                return false;
            }
            work.run();
            return true;
        } finally {
            try {
                c.close(); // ends the session, and so the lock
            } catch (SQLException e) {
                LOG.debugf("Closing the lock connection of job %s: %s", name, e.getMessage());
            }
        }
    }

    /** The 64-bit advisory lock key of job {@code name}: the first 8 bytes of SHA-256("buddybork job " + name). */
    public static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("buddybork job " + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            q.setLong(1, key);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void skipped(String name, String reason) {
        registry.counter("buddybork.cluster.jobs.skipped", "job", name, "reason", reason)
                .increment();
    }

    private void warn(String name, String message) {
        long now = System.nanoTime();
        Long last = lastWarn.get(name);
        if (last == null || now - last > WARN_EVERY_NANOS) {
            lastWarn.put(name, now);
            LOG.warn(message);
        }
    }
}
