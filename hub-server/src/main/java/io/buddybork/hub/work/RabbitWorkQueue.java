package io.buddybork.hub.work;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The work queue over RabbitMQ: one durable direct exchange {@code <prefix>.work} and one durable
 * queue per topic ({@code <prefix>.segments}, ...), declared by every node so that messages wait
 * even before the first consumer starts. Messages are persistent and published with publisher
 * confirms from one background thread, so a publisher never waits for the broker; what the
 * broker did not confirm is counted as missed (the callers' catch-up reads the database for it).
 * Consumers use manual acks with a bounded prefetch. The client's automatic recovery reconnects
 * after the broker went away and re-declares queues and consumers; a broker that is away at
 * startup is retried every {@code reconnect-interval}. Thread-safe.
 */
final class RabbitWorkQueue implements WorkQueue, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RabbitWorkQueue.class);
    /** Messages waiting for the publisher thread; beyond this they are missed. */
    private static final int PUBLISH_BACKLOG = 10_000;

    private static final int PUBLISH_BATCH = 200;
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private record Outgoing(Topic topic, byte[] body) {}

    private record Subscription(Topic topic, int prefetch, Handler handler) {}

    private final String url;
    private final String prefix;
    private final long reconnectMillis;
    private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(PUBLISH_BACKLOG);
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread publisher;
    private volatile Connection connection;

    RabbitWorkQueue(String url, WorkConfig.Broker config) {
        this.url = url;
        this.prefix = config.prefix();
        this.reconnectMillis = Math.max(100, config.reconnectInterval().toMillis());
        this.publisher = Thread.ofPlatform().name("work-publisher").daemon().unstarted(this::publishLoop);
    }

    /** Connects (retrying in the background while the broker is away) and starts publishing. */
    void start() {
        Thread.ofPlatform().name("work-connect").daemon().start(this::connectLoop);
        publisher.start();
    }

    /** The exchange of all work. */
    String exchange() {
        return prefix + ".work";
    }

    /** The queue of {@code topic}. */
    String queue(Topic topic) {
        return prefix + "." + topic.key();
    }

    private void connectLoop() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            // the URL was checked at startup (WorkQueues); only a race with a bad value lands here
            LOG.errorf("Broker URL rejected: %s", e.getMessage());
            return;
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(reconnectMillis);
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout(5000);
        boolean warned = false;
        while (!closed.get()) {
            try {
                Connection c = factory.newConnection("buddybork-hub");
                declare(c);
                connection = c;
                synchronized (subscriptions) {
                    for (Subscription s : subscriptions) {
                        consume(c, s);
                    }
                }
                LOG.infof(
                        "Connected to the broker at %s:%d (queues %s.*)", factory.getHost(), factory.getPort(), prefix);
                return;
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                if (!warned) {
                    LOG.warnf(
                            "Cannot reach the broker at %s:%d (%s); retrying every %d ms",
                            factory.getHost(), factory.getPort(), e.getMessage(), reconnectMillis);
                    warned = true;
                }
                try {
                    Thread.sleep(reconnectMillis);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void declare(Connection c) throws IOException, java.util.concurrent.TimeoutException {
        try (Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange(), BuiltinExchangeType.DIRECT, true);
            for (Topic t : Topic.values()) {
                ch.queueDeclare(queue(t), true, false, false, null);
                ch.queueBind(queue(t), exchange(), t.key());
            }
        }
    }

    private void consume(Connection c, Subscription s) throws IOException {
        Channel ch = c.createChannel();
        ch.basicQos(Math.max(1, s.prefetch()));
        ch.basicConsume(queue(s.topic()), false, "buddybork-" + s.topic().key(), new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                s.handler().handle(new RabbitDelivery(ch, envelope.getDeliveryTag(), envelope.isRedeliver(), body));
            }
        }); // the client's recovery re-opens this channel and its consumer after a reconnect
    }

    @Override
    public void publish(Topic topic, byte[] body) {
        if (!outgoing.offer(new Outgoing(topic, body))) {
            missed.incrementAndGet();
        }
    }

    private void publishLoop() {
        Channel channel = null;
        List<Outgoing> batch = new ArrayList<>(PUBLISH_BATCH);
        while (!closed.get()) {
            try {
                Outgoing first = outgoing.poll(250, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                outgoing.drainTo(batch, PUBLISH_BATCH - 1);
                Connection c = connection;
                if (c == null || !c.isOpen()) {
                    missed.addAndGet(batch.size()); // away: the catch-up finds these in the database
                    continue;
                }
                if (channel == null || !channel.isOpen()) {
                    channel = c.createChannel();
                    channel.confirmSelect();
                }
                for (Outgoing o : batch) {
                    channel.basicPublish(
                            exchange(), o.topic().key(), true, MessageProperties.PERSISTENT_BASIC, o.body());
                }
                if (!channel.waitForConfirms(CONFIRM_TIMEOUT_MS)) {
                    missed.addAndGet(batch.size()); // some were refused; which ones does not matter
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | AlreadyClosedException | java.util.concurrent.TimeoutException e) {
                missed.addAndGet(batch.size());
                LOG.debugf("Publishing to the broker failed: %s", e.getMessage());
            } catch (RuntimeException e) {
                missed.addAndGet(batch.size());
                LOG.warnf("Publishing to the broker failed: %s", e.toString());
            }
        }
    }

    @Override
    public void subscribe(Topic topic, int prefetch, Handler handler) {
        Subscription s = new Subscription(topic, prefetch, handler);
        synchronized (subscriptions) {
            subscriptions.add(s);
            Connection c = connection;
            if (c != null) {
                try {
                    consume(c, s);
                } catch (IOException | AlreadyClosedException e) {
                    LOG.warnf(
                            "Cannot subscribe to %s now (%s); the client retries on recovery",
                            queue(topic), e.getMessage());
                }
            }
        }
    }

    @Override
    public boolean distributed() {
        return true;
    }

    @Override
    public boolean connected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public long missedSince(long mark) {
        return missed.get() - mark;
    }

    @Override
    public long missedMark() {
        return missed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publisher.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close(2000); // unacknowledged deliveries go back to their queues
            } catch (IOException | AlreadyClosedException e) {
                LOG.debugf("Closing the broker connection: %s", e.getMessage());
            }
        }
    }

    /** A message from RabbitMQ, settled at most once. */
    private static final class RabbitDelivery implements Delivery {
        private final Channel channel;
        private final long tag;
        private final boolean redelivered;
        private final byte[] body;
        private final AtomicBoolean settled = new AtomicBoolean();

        RabbitDelivery(Channel channel, long tag, boolean redelivered, byte[] body) {
            this.channel = channel;
            this.tag = tag;
            this.redelivered = redelivered;
            this.body = body;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public boolean redelivered() {
            return redelivered;
        }

        @Override
        public void ack() {
            if (settled.compareAndSet(false, true)) {
                try {
                    channel.basicAck(tag, false);
                } catch (IOException | AlreadyClosedException e) {
                    // the channel is gone: the broker delivers the message again, and the unique key makes that
                    // harmless
                    LOG.debugf("Ack lost (%s); the message comes again", e.getMessage());
                }
            }
        }

        @Override
        public void requeue() {
            if (settled.compareAndSet(false, true)) {
                try {
                    channel.basicNack(tag, false, true);
                } catch (IOException | AlreadyClosedException e) {
                    LOG.debugf("Nack lost (%s); the message comes again", e.getMessage());
                }
            }
        }
    }
}
