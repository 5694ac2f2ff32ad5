package io.buddybork.hub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.cluster.ClusterBus;
import io.buddybork.hub.cluster.OtherHub;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live feed between hubs: another hub's events reach this hub's streams (whole, or loaded by
 * id for types that travel by id), and this hub's events reach the other hub once, never coming
 * back to this hub's streams a second time.
 */
@QuarkusTest
class LiveRelayTest {

    @Inject
    LiveFeed feed;

    @Inject
    ClusterBus bus;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private final ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
    private LiveFeed.Booked stream;
    private Cancellable subscription;

    @BeforeEach
    void openStream() {
        stream = feed.open("relay-test-" + ThreadLocalRandom.current().nextInt(), () -> {});
        subscription = stream.events().subscribe().with(m -> received.add(json.valueToTree(m)));
    }

    @AfterEach
    void closeStream() {
        subscription.cancel();
        stream.release().run();
    }

    @Test
    void anEventOfAnotherHubReachesThisHubsStreamsAsItWasSent() throws Exception {
        long device = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000);
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            other.send(
                    "live",
                    "msg {\"type\":\"capture\",\"deviceId\":" + device + ",\"captureEnabled\":false,\"sentMs\":7}");
            await().atMost(Duration.ofSeconds(30)).until(() -> ofDevice(device).size() == 1);
            JsonNode event = ofDevice(device).get(0);
            assertThat(event.path("type").asText()).isEqualTo("capture");
            assertThat(event.path("captureEnabled").asBoolean(true)).isFalse();
            assertThat(event.path("sentMs").asLong()).isEqualTo(7);
        }
    }

    @Test
    void aMessageThatTravelsByIdIsLoadedByTheReceivingHub() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            other.send("live", "ref test-ref " + id);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> received.stream()
                            .anyMatch(m -> m.path("id").asLong() == id
                                    && m.path("note").asText().equals("loaded")));
        }
    }

    @Test
    void thisHubsEventsReachTheOtherHubOnceAndItsStreamsOnce() throws Exception {
        long device = ThreadLocalRandom.current().nextLong(2_000_000, 3_000_000);
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            feed.publish(LiveEvent.capture(device, true));
            feed.publish(new TestRefSource.Loaded("test-ref", id, "local"));
            String prefix = bus.node() + " live ";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.heard().stream().anyMatch(p -> p.equals(prefix + "ref test-ref " + id)));
            List<String> sent = other.heard().stream()
                    .filter(p -> p.startsWith(prefix + "msg ") && p.contains("\"deviceId\":" + device))
                    .toList();
            assertThat(sent).hasSize(1);

            // A later message of the other hub arrives after this hub's own echoes would have.
            other.send("live", "msg {\"type\":\"capture\",\"deviceId\":" + (device + 1) + ",\"captureEnabled\":true}");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofDevice(device + 1).size() == 1);
            assertThat(ofDevice(device)).hasSize(1);
            assertThat(received.stream().filter(m -> m.path("id").asLong() == id))
                    .hasSize(1);
        }
    }

    private List<JsonNode> ofDevice(long device) {
        return received.stream()
                .filter(m -> m.path("deviceId").asLong() == device)
                .toList();
    }
}
