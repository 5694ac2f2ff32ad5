package io.buddybork.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The bus between hubs: what another hub sends reaches this hub's observers, what this hub sends
 * reaches the other hub, and this hub never hears its own messages back.
 */
@QuarkusTest
class ClusterBusTest {

    @Inject
    ClusterBus bus;

    @Inject
    ClusterMessages messages;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void messagesTravelBothWaysAndAHubNeverHearsItsOwn() throws Exception {
        String mine = "mine-" + UUID.randomUUID();
        String theirs = "theirs-" + UUID.randomUUID();
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            bus.publish("test-bus", mine);
            await("the other hub hears this hub")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> other.heard().contains(bus.node() + " test-bus " + mine));

            other.send("test-bus", theirs);
            await("this hub hears the other hub")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> messages.seen().contains(new ClusterMessage("test-bus", theirs)));
            // The own message was sent earlier on the same channel, so it would have been delivered first.
            assertThat(messages.seen()).doesNotContain(new ClusterMessage("test-bus", mine));
        }
    }

    @Test
    void aPayloadTooLongForNotifyIsRefusedAtOnce() {
        assertThatThrownBy(() -> bus.publish("test-bus", "x".repeat(ClusterBus.MAX_PAYLOAD_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.publish("Bad Topic", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
