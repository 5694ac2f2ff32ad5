package io.buddybork.hub.job;

import io.buddybork.hub.db.Sql;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The lease columns of one job table ({@code id, state, owner, heartbeat, cancel_requested,
 * finished}): which node runs a job, and whether it is still alive. A job is claimable while it
 * is queued, or (for jobs that can resume) running under a heartbeat older than the lease: its node
 * died. A claim is one conditional update, so of two nodes only one wins. The SQL of the lease
 * columns of every job table, through {@link Sql}; the table name is a constant of the calling
 * code. Thread-safe (every call is one statement, committed on its own outside a transaction).
 */
public final class JobLeaseRepository {
    private final Sql sql;
    private final JobClock clock;
    private final String table;
    private final String messageColumn;
    private final String node;
    private final Duration lease;
    private final String abandoned;

    /**
     * @param table the table's name (a constant of the code, never user input)
     * @param messageColumn the column of the text shown for a failed job
     * @param node this process' owner id
     * @param lease how long a heartbeat keeps a running job with its node
     * @param abandoned null for jobs that resume where they stopped (any node claims a running job
     *     whose lease expired); else the message with which such a job is failed instead
     */
    public JobLeaseRepository(
            Sql sql,
            JobClock clock,
            String table,
            String messageColumn,
            String node,
            Duration lease,
            String abandoned) {
        this.abandoned = abandoned;
        this.sql = sql;
        this.clock = clock;
        this.table = table;
        this.messageColumn = messageColumn;
        this.node = node;
        this.lease = lease;
    }

    /** This process' owner id. */
    public String node() {
        return node;
    }

    private Timestamp now() {
        return Timestamp.from(clock.now());
    }

    private Timestamp expired() {
        return Timestamp.from(clock.now().minus(lease));
    }

    /** Takes job {@code id} for this node when it is claimable; true when this node now runs it. */
    public boolean claim(long id) throws SQLException {
        return update(
                        "update " + table + " set state = 'running', owner = ?, heartbeat = ? where id = ?"
                                + " and not cancel_requested and " + claimable(),
                        node,
                        now(),
                        id,
                        abandoned == null,
                        expired())
                == 1;
    }

    /** The condition of a claimable job; parameters: whether jobs resume, the expiry time of leases. */
    private static String claimable() {
        return "(state = 'queued' or (? and state = 'running' and (heartbeat is null or heartbeat < ?)))";
    }

    /** Claimable jobs, oldest first (queued ones and those whose node died). */
    public List<Long> claimable(int limit) throws SQLException {
        return sql.list(
                "select id from " + table + " where not cancel_requested and " + claimable() + " order by id limit ?",
                rs -> rs.getLong(1),
                abandoned == null,
                expired(),
                limit);
    }

    /**
     * Renews this node's lease of job {@code id}.
     *
     * @return whether the job should stop: cancel was requested, or the job is no longer this node's
     */
    public boolean renew(long id) throws SQLException {
        return sql.first(
                        "update " + table + " set heartbeat = ? where id = ? and owner = ? and state = 'running'"
                                + " returning cancel_requested",
                        rs -> rs.getBoolean(1),
                        now(),
                        id,
                        node)
                .orElse(true); // no longer this node's
    }

    /** Asks job {@code id} to stop; a queued one is cancelled at once. Returns whether the job exists. */
    public boolean requestCancel(long id) throws SQLException {
        int n = update(
                "update " + table + " set cancel_requested = true,"
                        + " state = case when state = 'queued' then 'cancelled' else state end,"
                        + " finished = case when state = 'queued' then ? else finished end where id = ?",
                now(),
                id);
        return n == 1;
    }

    /** Ends this node's job {@code id} in {@code state} (never over a job another node took over). */
    public void finish(long id, JobState state, String message) throws SQLException {
        update(
                "update " + table + " set state = ?, " + messageColumn + " = ?, finished = ?, heartbeat = ?"
                        + " where id = ? and owner = ? and state = 'running'",
                state.label(),
                message,
                now(),
                now(),
                id,
                node);
    }

    /** Gives this node's running job {@code id} back to the queue (a clean shutdown): any node resumes it at once. */
    public void release(long id) throws SQLException {
        update(
                "update " + table + " set state = 'queued', owner = null, heartbeat = null"
                        + " where id = ? and owner = ? and state = 'running'",
                id,
                node);
    }

    /**
     * For jobs that cannot resume: fails the running jobs whose node stopped or died (no heartbeat
     * within the lease); returns how many (0 for jobs that resume). {@code includeUnowned}: also
     * running rows without an owner (left by a hub from before leases), which only a starting
     * node should judge.
     */
    public int failAbandoned(boolean includeUnowned) throws SQLException {
        if (abandoned == null) {
            return 0;
        }
        return update(
                "update " + table + " set state = 'failed', " + messageColumn + " = ?, finished = ?"
                        + " where state = 'running' and (" + (includeUnowned ? "owner is null or " : "")
                        + "owner <> ?) and (heartbeat is null or heartbeat < ?)",
                abandoned,
                now(),
                node,
                expired());
    }

    /** Whether a job is queued, or running on a node that is alive; returns its id. */
    public Optional<Long> pending() throws SQLException {
        return sql.first(
                "select id from " + table
                        + " where state = 'queued' or (state = 'running' and heartbeat >= ?) order by id limit 1",
                rs -> rs.getLong(1),
                expired());
    }

    private int update(String statement, Object... args) throws SQLException {
        return sql.update(statement, args);
    }
}
