package io.buddybork.hub.cluster;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.db.Sql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Messages between the hubs of one database over PostgreSQL {@code LISTEN}/{@code NOTIFY}: {@link
 * #publish} queues a small text message for every other hub and returns at once; a sending thread
 * writes queued messages in batches ({@code pg_notify} over an array, one round trip) through
 * {@link Sql} on the pool; a listening thread holds one connection of its own with {@code LISTEN} open, and hands
 * every message from another hub to the observers of {@link ClusterMessage}, in order. A hub hears
 * its own messages too and drops them by the node id each message starts with, so nothing is
 * delivered twice.
 *
 * <p>Why JDBC and not the reactive PostgreSQL client: the hub has no reactive datasource and would
 * need a second pool, its own settings and a second driver for one connection; pgjdbc's
 * {@link PGConnection#getNotifications(int)} blocks one dedicated thread, which is all a listener
 * needs.
 *
 * <p>Best effort by design, like the events it carries: a message sent while a hub's listening
 * connection is down is lost to that hub, so after every reconnection the bus fires {@link
 * Reconnected}, on which features re-read from the database whatever they keep in memory. A full
 * send queue drops messages (counted in {@code buddybork.cluster.dropped}) rather than slowing the
 * caller. Thread-safe.
 */
@ApplicationScoped
public class ClusterBus {
    private static final Logger LOG = Logger.getLogger(ClusterBus.class);
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes and more; the node id and topic take the rest. */
    public static final int MAX_PAYLOAD_BYTES = 7_800;

    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int BATCH = 200;
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    /** CDI event: the listening connection was opened again; messages may have been missed meanwhile. */
    public record Reconnected() {}

    private final String node = newNodeId();
    private final ClusterConfig config;
    private final ClusterConnections connections;
    private final Sql sql;
    private final Event<ClusterMessage> messages;
    private final Event<Reconnected> reconnected;
    private final BlockingQueue<String> outbox;
    private final Counter sent;
    private final Counter received;
    private final Counter dropped;
    private volatile boolean running;
    private volatile Connection listening;
    private Thread listener;
    private Thread sender;
    private long lastSendWarn = System.nanoTime() - WARN_EVERY_NANOS - 1;

    @Inject
    ClusterBus(
            ClusterConfig config,
            ClusterConnections connections,
            Sql sql,
            Event<ClusterMessage> messages,
            Event<Reconnected> reconnected,
            MeterRegistry registry) {
        if (!CHANNEL.matcher(config.channel()).matches()) {
            throw new IllegalArgumentException(
                    "buddybork.cluster.channel must be a lower-case identifier: " + config.channel());
        }
        this.config = config;
        this.connections = connections;
        this.sql = sql;
        this.messages = messages;
        this.reconnected = reconnected;
        this.outbox = new ArrayBlockingQueue<>(config.sendQueue());
        this.sent = Counter.builder("buddybork.cluster.sent")
                .description("messages sent to the other hubs")
                .register(registry);
        this.received = Counter.builder("buddybork.cluster.received")
                .description("messages received from other hubs")
                .register(registry);
        this.dropped = Counter.builder("buddybork.cluster.dropped")
                .description("messages not sent: the send queue was full or the database refused them")
                .register(registry);
    }

    /** This hub's id on the bus: random per process. */
    public String node() {
        return node;
    }

    /**
     * Queues {@code payload} under {@code topic} for every other hub; never blocks.
     *
     * @throws IllegalArgumentException when the topic is not a short lower-case name or the payload
     *     is longer than {@link #MAX_PAYLOAD_BYTES} in UTF-8 (callers send ids, not rows)
     */
    public void publish(String topic, String payload) {
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("bad topic " + topic);
        }
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + topic + " too long for NOTIFY");
        }
        if (!outbox.offer(node + " " + topic + " " + payload)) {
            dropped.increment();
        }
    }

    void onSchemaReady(@Observes SchemaReady ready) {
        running = true;
        try {
            listening = listen();
        } catch (SQLException e) {
            // the listener keeps trying; meanwhile this hub misses other hubs' events only
            LOG.warnf("Cannot listen for other hubs yet: %s", e.getMessage());
        }
        listener = Thread.ofPlatform().daemon().name("buddybork-cluster-listen").start(this::listenLoop);
        sender = Thread.ofPlatform().daemon().name("buddybork-cluster-send").start(this::sendLoop);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
        if (listener != null) {
            listener.interrupt();
        }
        closeQuietly(listening);
    }

    private Connection listen() throws SQLException {
        Connection c = connections.open("cluster listener");
        try (Statement s = c.createStatement()) {
            s.execute("listen " + config.channel());
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private void listenLoop() {
        boolean lost = listening == null;
        while (running) {
            try {
                if (listening == null) {
                    listening = listen();
                    if (lost) {
                        LOG.info("Listening for other hubs again");
                        reconnected.fire(new Reconnected());
                    }
                    lost = false;
                }
                PGNotification[] batch = listening.unwrap(PGConnection.class).getNotifications(1000);
                if (batch != null) {
                    for (PGNotification n : batch) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (!lost) {
                    LOG.warnf("Lost the connection that listens for other hubs (%s); reconnecting", e.getMessage());
                }
                lost = true;
                closeQuietly(listening);
                listening = null;
                try {
                    Thread.sleep(config.reconnectDelay());
                } catch (InterruptedException stop) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "A cluster message observer failed");
            }
        }
    }

    private void deliver(String raw) {
        int first = raw.indexOf(' ');
        int second = first < 0 ? -1 : raw.indexOf(' ', first + 1);
        if (second < 0) {
            return; // not ours
        }
        if (raw.regionMatches(0, node, 0, first) && first == node.length()) {
            return; // our own message, already delivered locally by its publisher
        }
        received.increment();
        ClusterMessage message = new ClusterMessage(raw.substring(first + 1, second), raw.substring(second + 1));
        try {
            messages.fire(message);
        } catch (RuntimeException e) {
            LOG.warnf(e, "An observer of cluster topic %s failed", message.topic());
        }
    }

    private void sendLoop() {
        List<String> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                String first = outbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<String> batch) {
        try {
            sql.list(
                    "select pg_notify(?, m) from unnest(cast(? as text[])) with ordinality as t(m, i) order by i",
                    rs -> Boolean.TRUE,
                    config.channel(),
                    batch.toArray(String[]::new));
            sent.increment(batch.size());
        } catch (SQLException e) {
            dropped.increment(batch.size());
            long now = System.nanoTime();
            if (now - lastSendWarn > WARN_EVERY_NANOS) { // one line a minute while the database is away
                lastSendWarn = now;
                LOG.warnf("Cannot send %d message(s) to the other hubs: %s", batch.size(), e.getMessage());
            }
        }
    }

    private static String newNodeId() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
    }
}
