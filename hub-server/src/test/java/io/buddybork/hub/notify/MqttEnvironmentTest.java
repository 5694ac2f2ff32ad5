package io.buddybork.hub.notify;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker set by the environment ({@code buddybork.mqtt.url}) wins over the web app's and is read-only there. */
@QuarkusTest
@OwnStart
@TestProfile(WithMqtt.class)
class MqttEnvironmentTest {

    @Inject
    NotifyRepository store;

    @Test
    void theEnvironmentBrokerIsShownReadOnlyAndWinsOverStoredSettings() {
        store.saveMqttSettings(new MqttSettings(
                MqttSettings.Source.DATABASE,
                "tcp://127.0.0.1:1",
                "stored",
                "stored-pw",
                "stored-prefix",
                false,
                "stored-ha"));
        asAdmin()
                .get("/api/v1/notifications/mqtt")
                .then()
                .statusCode(200)
                .body("source", equalTo("environment"))
                .body("editable", equalTo(false))
                .body("url", equalTo(WithMqtt.BROKER))
                .body("topicPrefix", equalTo(WithMqtt.PREFIX))
                .body("discoveryPrefix", equalTo(WithMqtt.DISCOVERY))
                .body("discoveryEnabled", equalTo(true));
    }

    @Test
    void changingAnEnvironmentBrokerIsAConflict() {
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", "tcp://127.0.0.1:1883", "topicPrefix", "other"))
                .put("/api/v1/notifications/mqtt")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("mqtt-from-environment"));
        asAdmin().get("/api/v1/notifications/mqtt").then().body("status.topicPrefix", equalTo(WithMqtt.PREFIX));
    }
}
