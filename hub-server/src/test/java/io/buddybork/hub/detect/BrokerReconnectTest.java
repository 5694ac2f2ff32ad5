package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.it.TcpProxy;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.WithBroker;
import io.buddybork.hub.work.WorkQueue;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker goes away and comes back: the hub reconnects by itself, and a segment stored while
 * the broker was away is not lost (published again from the index once it is back) and is scored.
 */
@QuarkusTest
@OwnStart
@TestProfile(BrokerReconnectTest.BehindProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** The hub reaches RabbitMQ through a proxy the test can cut. */
    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Proxy.class));
        }
    }

    /** Starts the proxy, gives the hub queues of its own, and removes both afterwards. */
    public static class Proxy implements QuarkusTestResourceLifecycleManager {
        static volatile TcpProxy proxy;
        private String prefix;

        @Override
        public Map<String, String> start() {
            try {
                proxy = new TcpProxy("127.0.0.1", 5672);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            prefix = "bbtest-" + UUID.randomUUID().toString().substring(0, 8);
            return Map.of(
                    "buddybork.broker.url",
                    "amqp://guest:guest@127.0.0.1:" + proxy.port(),
                    "buddybork.broker.prefix",
                    prefix,
                    "buddybork.broker.reconnect-interval",
                    "200ms",
                    "buddybork.broker.republish-check-interval",
                    "1s",
                    "buddybork.detection.stranded-after",
                    "1s");
        }

        @Override
        public void stop() {
            try (Connection c = WithBroker.connect();
                    Channel ch = c.createChannel()) {
                for (String key : WithBroker.QUEUE_KEYS) {
                    ch.queueDelete(prefix + "." + key);
                }
                ch.exchangeDelete(prefix + ".work");
            } catch (Exception e) {
                System.err.println("could not delete the test queues " + prefix + ".*: " + e.getMessage());
            }
            try {
                proxy.close();
            } catch (IOException e) {
                System.err.println("could not close the broker proxy: " + e.getMessage());
            }
        }
    }

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    WorkQueue work;

    @Inject
    io.buddybork.hub.model.ModelService library;

    @AfterAll
    void noModel() {
        library.activate(null);
    }

    @Test
    void aSegmentStoredWhileTheBrokerIsAwayIsScoredOnceItIsBack() throws Exception {
        long model = TestModels.insert(
                ds,
                files.dataRoot(),
                "reconnect",
                TestModels.barkBeepModel(),
                List.of(TestModels.tag("bark"), TestModels.tag("beep")));
        TestModels.activate(model);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("ready")));
        await().atMost(WAIT).until(work::connected);
        Device d = createDevice("broker-away");

        Proxy.proxy.cut();
        await().atMost(WAIT).until(() -> !work.connected());
        long start = (System.currentTimeMillis() - 1_800_000L) / 3000 * 3000;
        long raw = upload(d.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 77))
                .then()
                .statusCode(201) // ingest never waits for the broker
                .extract()
                .jsonPath()
                .getLong("id");

        Proxy.proxy.restore();
        await().atMost(WAIT).until(work::connected);
        await().atMost(WAIT)
                .until(() ->
                        Db.queryLong(ds, "select count(*) from detection where raw_id = ? and model_id = ?", raw, model)
                                == 1);
    }
}
