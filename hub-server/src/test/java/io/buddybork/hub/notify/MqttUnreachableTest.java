package io.buddybork.hub.notify;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.episode.EpisodeEvent;
import io.buddybork.hub.episode.EpisodeEvent.Kind;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.S3Hub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * A broker that cannot be reached: notifications report degraded, the hub stays ready, uploads are
 * stored and pushes still go out.
 */
@QuarkusTest
@OwnStart
@TestProfile(S3Hub.class)
public class MqttUnreachableTest {

    /** MQTT pointed at a closed port. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.mqtt.url", "tcp://127.0.0.1:1",
                    "buddybork.mqtt.reconnect-delay", "200ms",
                    "buddybork.mqtt.max-reconnect-delay", "1s",
                    "buddybork.notify.retry-backoff", "100ms");
        }
    }

    @Inject
    @Wellness
    NotifyHealthCheck health;

    @Inject
    Event<EpisodeEvent> episodes;

    @Inject
    DataSource ds;

    @Test
    void anUnreachableBrokerIsDegradedButNeverTakesTheHubOutOfRotation() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> health.call().getData().orElseThrow().containsKey("error"));
        HealthCheckResponse r = health.call();
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(r.getData().orElseThrow())
                .containsEntry("state", "degraded")
                .containsEntry("connected", false)
                .containsEntry("broker", "tcp://127.0.0.1:1");
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);

        // uploads and pushes carry on
        HubApi.Device device = HubApi.createDevice("offline-broker-" + System.nanoTime());
        HubApi.upload(device.token(), HubApi.nextStart(), io.buddybork.hub.testing.TestWavs.segment(System.nanoTime()))
                .then()
                .statusCode(201);
        Db.update(ds, "delete from notify_target");
        try (var receiver = new WebhookReceiver()) {
            asAdmin()
                    .contentType("application/json")
                    .body(Map.of("name", "hook", "url", receiver.url("/still")))
                    .post("/api/v1/notifications/targets")
                    .then()
                    .statusCode(201);
            long tag = MqttNotificationTest.createTag("offline-" + System.nanoTime());
            long id = Episodes.nextId();
            episodes.fireAsync(Episodes.event(Kind.STARTED, id, device.id(), tag, "offline", 3000, 0.9));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.calls("/still").isEmpty());
        } finally {
            Db.update(ds, "delete from notify_target");
        }
    }
}
