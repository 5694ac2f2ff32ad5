package io.buddybork.hub.notify;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.SharedHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hub with more discovery configs than its in-flight window (two messages here, as a hub with
 * thousands of devices x tags meets the default 1000): every config is announced, and switching
 * prefixes still says "offline" on the old one and revokes every old config.
 */
@QuarkusTest
@OwnStart
@TestProfile(SharedHub.class)
public class MqttSmallWindowTest {
    /**
     * Two messages in flight at a time: every config is one broker round trip, and a full run's
     * database holds hundreds of devices x tags, so on a loaded CI machine this takes minutes.
     */
    private static final Duration WAIT = Duration.ofMinutes(4);

    /** The broker set by an admin, two unacknowledged messages at most. */
    public static class SmallWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.mqtt.max-inflight", "2", "buddybork.mqtt.discovery-refresh", "300ms");
        }
    }

    @Inject
    NotifyRepository store;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void turnMqttOff() {
        put(Map.of("url", "", "password", "")).then().statusCode(200);
    }

    @Test
    void everyConfigIsAnnouncedAndTheOldPrefixSaysOfflineThoughTheWindowIsFull() throws Exception {
        double refusedBefore = refusedPublishes();
        for (int i = 0; i < 4; i++) {
            HubApi.createDevice("window-" + i + "-" + System.nanoTime());
        }
        String first = "bbwin-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "bbwin-" + UUID.randomUUID().toString().substring(0, 8);
        try (var sub =
                new MqttSubscriber(first + "/status", second + "/status", "ha" + first + "/#", "ha" + second + "/#")) {
            put(Map.of("url", WithMqtt.BROKER, "topicPrefix", first, "discoveryPrefix", "ha" + first))
                    .then()
                    .statusCode(200);
            await().atMost(WAIT).until(() -> "online".equals(sub.last(first + "/status")));
            Set<String> firstConfigs = configs(first);
            assertThat(firstConfigs.size())
                    .as("more configs than the window of two")
                    .isGreaterThan(4);
            await().atMost(WAIT).until(() -> announced(sub).containsAll(firstConfigs));

            put(Map.of("url", WithMqtt.BROKER, "topicPrefix", second, "discoveryPrefix", "ha" + second))
                    .then()
                    .statusCode(200);
            await().atMost(WAIT).until(() -> "offline".equals(sub.last(first + "/status")));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(firstConfigs)
                            .allSatisfy(topic -> assertThat(sub.last(topic))
                                    .as("%s, received %s", topic, sub.on(topic))
                                    .isEmpty()));
            Set<String> secondConfigs = configs(second);
            await().atMost(WAIT).until(() -> announced(sub).containsAll(secondConfigs));
        }
        // a full window makes a publish wait for room, never drop the message
        assertThat(refusedPublishes()).as("MQTT publishes refused").isEqualTo(refusedBefore);
    }

    private double refusedPublishes() {
        Counter c = registry.find("buddybork.notifications.failed")
                .tag("channel", NotifyMetrics.MQTT)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** The config topics the hub owes under discovery prefix {@code "ha" + prefix} for today's devices and tags. */
    private Set<String> configs(String prefix) {
        return new HomeAssistant(prefix, "ha" + prefix)
                .configs(store.devices(), store.tags())
                .keySet();
    }

    /** Config topics whose last message is a non-empty config. */
    private static Set<String> announced(MqttSubscriber sub) {
        return sub.all().stream()
                .map(MqttSubscriber.Received::topic)
                .distinct()
                .filter(t -> {
                    String last = sub.last(t);
                    return last != null && !last.isEmpty();
                })
                .collect(Collectors.toSet());
    }

    private static io.restassured.response.Response put(Map<String, ?> body) {
        return asAdmin().contentType("application/json").body(body).put("/api/v1/notifications/mqtt");
    }
}
