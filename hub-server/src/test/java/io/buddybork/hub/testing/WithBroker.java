package io.buddybork.hub.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hub whose work goes over the real RabbitMQ on 127.0.0.1:5672, under exchange and queue names
 * of its own (a fresh prefix per application start, so runs and checkouts sharing the broker never
 * take each other's messages); the exchange and queues are deleted when the application stops.
 * The broker tests of {@code detect} run behind BrokerReconnectTest's proxy instead (one hub start
 * for both; the proxy passes everything through until a test cuts it) and use this class's
 * connection and queue names.
 */
public class WithBroker implements QuarkusTestProfile {
    /** The broker of the tests. */
    public static final String URL = "amqp://guest:guest@127.0.0.1:5672";

    /** The kinds of work, as the hub names its queues ({@code <prefix>.<key>}). */
    public static final List<String> QUEUE_KEYS = List.of("segments", "jobs.redetect", "jobs.training");

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Queues.class));
    }

    /** A connection to the test broker. */
    public static Connection connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URL);
        return f.newConnection("buddybork-test");
    }

    /** Gives the hub a prefix of its own and deletes its exchange and queues afterwards. */
    public static class Queues implements QuarkusTestResourceLifecycleManager {
        private String prefix;

        @Override
        public Map<String, String> start() {
            prefix = "bbtest-" + UUID.randomUUID().toString().substring(0, 8);
            return Map.of(
                    "buddybork.broker.url", URL,
                    "buddybork.broker.prefix", prefix,
                    "buddybork.broker.reconnect-interval", "200ms");
        }

        @Override
        public void stop() {
            try (Connection c = connect();
                    Channel ch = c.createChannel()) {
                for (String key : QUEUE_KEYS) {
                    ch.queueDelete(prefix + "." + key);
                }
                ch.exchangeDelete(prefix + ".work");
            } catch (Exception e) {
                System.err.println("could not delete the test queues " + prefix + ".*: " + e.getMessage());
            }
        }
    }
}
