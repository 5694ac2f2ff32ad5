package io.buddybork.hub.notify;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.episode.EpisodeEvent;
import io.buddybork.hub.episode.EpisodeEvent.Kind;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * MQTT against the real Mosquitto: retained availability, Home Assistant discovery for every
 * device and tag (checked against the documented schema), episode start/end with per-tag state and
 * counters, presence reports, and health while connected. A subscriber in the test sees what a
 * Home Assistant would.
 */
@QuarkusTest
@OwnStart
@TestProfile(WithMqtt.class)
class MqttNotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Event<EpisodeEvent> episodes;

    @Inject
    PresenceProbe presence;

    @Inject
    @Wellness
    NotifyHealthCheck health;

    @Test
    void availabilityIsRetainedOnlineWithOfflineAsLastWill() throws Exception {
        try (var sub = new MqttSubscriber(WithMqtt.PREFIX + "/status")) {
            await().atMost(WAIT).until(() -> "online".equals(sub.last(WithMqtt.PREFIX + "/status")));
            assertThat(sub.all()).anySatisfy(m -> assertThat(m.retained()).isTrue());
        }
    }

    @Test
    void everyDeviceAndTagGetsValidDiscoveryConfigsAndRevokedDevicesLoseThem() throws Exception {
        String n = Long.toString(System.nanoTime());
        HubApi.Device device = HubApi.createDevice("yard-" + n);
        long tag = createTag("bark-" + n);
        String node = WithMqtt.PREFIX + "_device_" + device.id();
        String binary = WithMqtt.DISCOVERY + "/binary_sensor/" + node + "/tag_" + tag + "_bark/config";
        String counter = WithMqtt.DISCOVERY + "/sensor/" + node + "/tag_" + tag + "_episodes/config";
        try (var sub = new MqttSubscriber(WithMqtt.DISCOVERY + "/#")) {
            await().atMost(WAIT).until(() -> sub.last(binary) != null && sub.last(counter) != null);
            Map<String, String> configs = new LinkedHashMap<>();
            sub.all().stream().filter(m -> !m.payload().isEmpty()).forEach(m -> configs.put(m.topic(), m.payload()));
            DiscoverySchema.validate(WithMqtt.DISCOVERY, WithMqtt.PREFIX, configs);

            JsonNode b = JSON.readTree(sub.last(binary));
            assertThat(b.get("name").asText()).isEqualTo("bark-" + n + " detected");
            assertThat(b.get("device").get("name").asText()).isEqualTo("yard-" + n);
            assertThat(b.get("state_topic").asText())
                    .isEqualTo(WithMqtt.PREFIX + "/device_" + device.id() + "/tag_" + tag + "/state");
            assertThat(JSON.readTree(sub.last(counter)).get("state_class").asText())
                    .isEqualTo("total_increasing");
            assertThat(sub.on(WithMqtt.DISCOVERY + "/binary_sensor/" + node + "/any_bark/config"))
                    .isNotEmpty();

            asAdmin().post("/api/v1/devices/" + device.id() + "/revoke").then().statusCode(200);
            await().atMost(WAIT).until(() -> "".equals(sub.last(binary)) && "".equals(sub.last(counter)));
        }
    }

    @Test
    void episodeStartAndEndPublishEventsStateAndACounterThatCountsEachEpisodeOnce() throws Exception {
        Watched w = Watched.create("porch", "woof");
        String base = w.base();
        String any = w.any();
        long id = Episodes.nextId();
        long now = System.currentTimeMillis();
        try (var sub = new MqttSubscriber(WithMqtt.PREFIX + "/#")) {
            // the hub announces new devices and tags with state OFF and count 0
            await().atMost(WAIT).until(() -> "0".equals(sub.last(base + "/episodes")));
            assertThat(sub.last(base + "/state")).isEqualTo("OFF");

            fire(w.event(Kind.STARTED, id, now, 3000, 0.91));
            await().atMost(WAIT).until(() -> "ON".equals(sub.last(base + "/state")));
            await().atMost(WAIT).until(() -> "1".equals(sub.last(base + "/episodes")));
            assertThat(sub.last(any + "/state")).isEqualTo("ON");
            assertThat(sub.last(any + "/episodes")).isEqualTo("1");

            fire(w.event(Kind.EXTENDED, id, now, 6000, 0.95));
            // a repeat after a restart must not count the episode twice
            fire(w.event(Kind.STARTED, id, now, 3000, 0.91));
            fire(w.event(Kind.ENDED, id, now, 9000, 0.95));
            await().atMost(WAIT).until(() -> "OFF".equals(sub.last(base + "/state")));
            assertThat(sub.last(any + "/state")).isEqualTo("OFF");
            assertThat(sub.on(base + "/episodes")).doesNotContain("2");

            var events = sub.on(WithMqtt.PREFIX + "/episode").stream()
                    .map(MqttNotificationTest::tree)
                    .filter(j -> j.get("episodeId").asLong() == id)
                    .toList();
            assertThat(events).extracting(j -> j.get("kind").asText()).contains("started", "ended");
            assertThat(events).extracting(j -> j.get("kind").asText()).doesNotContain("extended");
            JsonNode ended = events.stream()
                    .filter(j -> j.get("kind").asText().equals("ended"))
                    .findFirst()
                    .orElseThrow();
            assertThat(ended.get("durationMs").asLong()).isEqualTo(9000);
            assertThat(ended.get("tag").asText()).isEqualTo(w.tagName());
            assertThat(ended.get("peakScore").asDouble()).isEqualTo(0.95);
        }
    }

    @Test
    void anEpisodeScoredAfterANewerOneCountsAndLeavesTheTagOnUntilTheNewerOneEnds() throws Exception {
        Watched w = Watched.create("hall", "yap");
        String base = w.base();
        long newer = Episodes.nextId();
        long late = Episodes.nextId();
        long now = System.currentTimeMillis();
        try (var sub = new MqttSubscriber(WithMqtt.PREFIX + "/#")) {
            await().atMost(WAIT).until(() -> "0".equals(sub.last(base + "/episodes")));
            fire(w.event(Kind.STARTED, newer, now, 3000, 0.9));
            await().atMost(WAIT).until(() -> "ON".equals(sub.last(base + "/state")));

            // the tracker's announcement of an older bout scored after the open one: both at once
            fire(w.event(Kind.STARTED, late, now - 60_000, 3000, 0.8));
            fire(w.event(Kind.ENDED, late, now - 60_000, 6000, 0.8));
            await().atMost(WAIT)
                    .until(() -> sub.on(WithMqtt.PREFIX + "/episode").stream()
                            .map(MqttNotificationTest::tree)
                            .anyMatch(j -> j.get("episodeId").asLong() == late
                                    && j.get("kind").asText().equals("ended")));
            assertThat(sub.last(base + "/episodes")).isEqualTo("2");
            java.util.List<String> states = sub.on(base + "/state");
            assertThat(states.subList(states.indexOf("ON"), states.size()))
                    .as("the newer bout is still going on")
                    .doesNotContain("OFF");

            fire(w.event(Kind.ENDED, newer, now, 9000, 0.9));
            await().atMost(WAIT).until(() -> "OFF".equals(sub.last(base + "/state")));
        }
    }

    @Test
    void aBoutFoundLongAfterItsLastSoundIsAnnouncedAndCountedButTurnsTheStateOnOnlyWhenANewSoundExtendsIt()
            throws Exception {
        Watched w = Watched.create("shed", "howl");
        String base = w.base();
        String any = w.any();
        long over = Episodes.nextId();
        long goingOn = Episodes.nextId();
        // an edge back from an outage uploads its spool: bouts of three hours ago are found now
        long spooled = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
        long later = spooled + 600_000;
        try (var sub = new MqttSubscriber(WithMqtt.PREFIX + "/#")) {
            await().atMost(WAIT).until(() -> "0".equals(sub.last(base + "/episodes")));
            fire(w.event(Kind.STARTED, over, spooled, 3000, 0.9));
            fire(w.event(Kind.ENDED, over, spooled, 6000, 0.9));
            // a bout that was still going on when the spool ends, not yet heard again
            fire(w.event(Kind.STARTED, goingOn, later, 3000, 0.9));
            await().atMost(WAIT).until(() -> announced(sub, goingOn, "started"));
            assertThat(announced(sub, over, "started") && announced(sub, over, "ended"))
                    .isTrue();
            await().atMost(WAIT).until(() -> "2".equals(sub.last(base + "/episodes")));
            // the bridge publishes a state before the event that changed it: none of these was ON
            assertThat(sub.on(base + "/state"))
                    .as("bouts heard long before they were announced leave the state off")
                    .containsOnly("OFF");
            assertThat(sub.on(any + "/state")).containsOnly("OFF");

            // the bout goes on into the present: the state turns on, and off when it ends
            long toNow = System.currentTimeMillis() - later;
            fire(w.event(Kind.EXTENDED, goingOn, later, toNow, 0.9));
            await().atMost(WAIT).until(() -> "ON".equals(sub.last(base + "/state")));
            assertThat(sub.last(any + "/state")).isEqualTo("ON");
            fire(w.event(Kind.ENDED, goingOn, later, toNow, 0.9));
            await().atMost(WAIT).until(() -> "OFF".equals(sub.last(base + "/state")));
            assertThat(sub.last(base + "/episodes")).isEqualTo("2");
        }
    }

    private static boolean announced(MqttSubscriber sub, long episodeId, String kind) {
        return sub.on(WithMqtt.PREFIX + "/episode").stream()
                .map(MqttNotificationTest::tree)
                .anyMatch(j -> j.get("episodeId").asLong() == episodeId
                        && j.get("kind").asText().equals(kind));
    }

    @Test
    void presenceTopicReportsAwayAndHome() throws Exception {
        int before = presence.reports().size();
        try (var sub = new MqttSubscriber(WithMqtt.PREFIX + "/status")) {
            await().atMost(WAIT).until(() -> "online".equals(sub.last(WithMqtt.PREFIX + "/status")));
            sub.publish(WithMqtt.PRESENCE, "not_home");
            await().atMost(WAIT).until(() -> presence.reports().size() > before);
            sub.publish(WithMqtt.PRESENCE, "Home");
            await().atMost(WAIT).until(() -> presence.reports().size() > before + 1);
        }
        var last = presence.reports().subList(before, before + 2);
        assertThat(last.get(0).away()).isTrue();
        assertThat(last.get(0).source()).isEqualTo("mqtt:" + WithMqtt.PRESENCE);
        assertThat(last.get(1).away()).isFalse();
    }

    @Test
    void healthShowsTheBrokerConnectedWithItsUrl() {
        await().atMost(WAIT)
                .until(() ->
                        health.call().getData().orElseThrow().get("connected").equals(Boolean.TRUE));
        HealthCheckResponse r = health.call();
        assertThat(r.getName()).isEqualTo("notifications");
        assertThat(r.getData().orElseThrow()).containsEntry("mqtt", true).containsEntry("broker", WithMqtt.BROKER);
    }

    /** A new device and tag, their topics as Home Assistant reads them, and the tag's episode events there. */
    private record Watched(long device, long tag, String tagName) {
        static Watched create(String deviceName, String tagName) {
            String n = Long.toString(System.nanoTime());
            return new Watched(
                    HubApi.createDevice(deviceName + "-" + n).id(), createTag(tagName + "-" + n), tagName + "-" + n);
        }

        /** Topics of the tag on the device ({@code /state}, {@code /episodes} below it). */
        String base() {
            return WithMqtt.PREFIX + "/device_" + device + "/tag_" + tag;
        }

        /** Topics of any tag on the device. */
        String any() {
            return WithMqtt.PREFIX + "/device_" + device + "/any";
        }

        EpisodeEvent event(Kind kind, long id, long startMs, long durationMs, double peakScore) {
            return Episodes.event(kind, id, device, tag, tagName, startMs, durationMs, peakScore);
        }
    }

    /** Fires one event and waits until it was delivered, so that events arrive in order as the tracker fires them. */
    private void fire(EpisodeEvent e) {
        episodes.fireAsync(e).toCompletableFuture().join();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long createTag(String name) {
        return ((Number) asAdmin()
                        .contentType("application/json")
                        .body(Map.of("name", name))
                        .post("/api/v1/tags")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }
}
