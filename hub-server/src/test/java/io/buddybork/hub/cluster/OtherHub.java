package io.buddybork.hub.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Plays a second hub on the test database with plain JDBC: sends bus messages under its own node
 * id, listens to what the hub under test sends, and holds advisory locks. Not thread-safe.
 */
public final class OtherHub implements AutoCloseable {
    /** The node id this fake hub signs its messages with. */
    public static final String NODE = "0therhub0000";

    private final Connection sending;
    private final Connection listening;
    private final ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();

    /** Connects to {@code jdbcUrl} as postgres and starts listening on the hubs' channel. */
    public OtherHub(String jdbcUrl) throws SQLException {
        sending = DriverManager.getConnection(jdbcUrl, "postgres", null);
        listening = DriverManager.getConnection(jdbcUrl, "postgres", null);
        try (Statement s = listening.createStatement()) {
            s.execute("listen buddybork");
        }
    }

    /** Sends {@code payload} under {@code topic} as this fake hub. */
    public void send(String topic, String payload) throws SQLException {
        try (PreparedStatement q = sending.prepareStatement("select pg_notify('buddybork', ?)")) {
            q.setString(1, NODE + " " + topic + " " + payload);
            q.execute();
        }
    }

    /** Every raw message heard so far (node, topic and payload), the hub under test's included. */
    public List<String> heard() throws SQLException {
        PGNotification[] batch = listening.unwrap(PGConnection.class).getNotifications(100);
        if (batch != null) {
            for (PGNotification n : batch) {
                heard.add(n.getParameter());
            }
        }
        return List.copyOf(heard);
    }

    /** Takes the session advisory lock of job {@code name}, as a hub running that job would. */
    public void lock(String name) throws SQLException {
        try (PreparedStatement q = sending.prepareStatement("select pg_advisory_lock(?)")) {
            q.setLong(1, AdvisoryLocks.key(name));
            q.execute();
        }
    }

    /** Releases the lock of job {@code name}. */
    public void unlock(String name) throws SQLException {
        try (PreparedStatement q = sending.prepareStatement("select pg_advisory_unlock(?)")) {
            q.setLong(1, AdvisoryLocks.key(name));
            q.execute();
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            sending.close();
        } finally {
            listening.close();
        }
    }
}
