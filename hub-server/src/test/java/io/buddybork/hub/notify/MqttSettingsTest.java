package io.buddybork.hub.notify;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MQTT broker set by an admin (no environment broker in this profile): the password only
 * masked and kept when omitted, validation as problem+json, admins only, and a saved broker used at
 * once against the real Mosquitto on 127.0.0.1:1883.
 */
@QuarkusTest
class MqttSettingsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    NotifyRepository store;

    @AfterEach
    void turnMqttOff() {
        put(Map.of("url", "", "password", "")).then().statusCode(200);
    }

    @Test
    void withoutEnvironmentTheBrokerIsEditableAndOffByDefault() {
        turnMqttOff();
        asAdmin()
                .get("/api/v1/notifications/mqtt")
                .then()
                .statusCode(200)
                .body("source", equalTo("database"))
                .body("editable", equalTo(true))
                .body("url", nullValue())
                .body("topicPrefix", equalTo("buddybork"))
                .body("discoveryEnabled", equalTo(true))
                .body("discoveryPrefix", equalTo("homeassistant"))
                .body("status.configured", equalTo(false));
    }

    @Test
    void thePasswordIsOnlyShownMaskedAndKeptWhenAPutOmitsIt() {
        String prefix = prefix();
        Map<String, Object> body = new HashMap<>(Map.of(
                "url", "tcp://127.0.0.1:1883",
                "username", "hub",
                "password", "s3cret-broker-pw",
                "topicPrefix", prefix));
        String saved = put(body)
                .then()
                .statusCode(200)
                .body("password", equalTo("****"))
                .body("hasPassword", equalTo(true))
                .body("username", equalTo("hub"))
                .extract()
                .asString();
        assertThat(saved).doesNotContain("s3cret-broker-pw");
        assertThat(asAdmin().get("/api/v1/notifications/mqtt").asString()).doesNotContain("s3cret-broker-pw");

        body.remove("password");
        body.put("topicPrefix", prefix + "b");
        put(body).then().statusCode(200).body("hasPassword", equalTo(true));
        assertThat(store.mqttSettings().orElseThrow().password()).isEqualTo("s3cret-broker-pw");
        assertThat(store.mqttSettings().orElseThrow().topicPrefix()).isEqualTo(prefix + "b");

        body.put("password", "");
        put(body).then().statusCode(200).body("hasPassword", equalTo(false)).body("password", nullValue());
        assertThat(store.mqttSettings().orElseThrow().password()).isNull();
    }

    @Test
    void badUrlsAndPrefixesAreRefusedAsProblems() {
        Map<String, Map<String, Object>> bad = Map.of(
                "invalid-mqtt-url", Map.of("url", "http://127.0.0.1:1883"),
                "invalid-mqtt-url ", Map.of("url", "tcp://user:pw@127.0.0.1:1883"),
                "invalid-mqtt-url  ", Map.of("url", "not a url"),
                "invalid-topic-prefix", Map.of("url", "tcp://127.0.0.1:1883", "topicPrefix", "a/b"),
                "invalid-topic-prefix ", Map.of("url", "tcp://127.0.0.1:1883", "topicPrefix", "hub+"),
                "invalid-topic-prefix  ", Map.of("url", "tcp://127.0.0.1:1883", "topicPrefix", "#"),
                "invalid-discovery-prefix", Map.of("url", "tcp://127.0.0.1:1883", "discoveryPrefix", " "));
        bad.forEach((code, body) -> put(body)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo(code.strip())));
        asAdmin()
                .contentType("application/json")
                .put("/api/v1/notifications/mqtt")
                .then()
                .statusCode(400)
                .body("code", equalTo("missing-body"));
    }

    @Test
    void onlyAdminsSeeOrChangeTheBroker() {
        String name = "mqttviewer" + System.nanoTime() % 1_000_000;
        asAdmin()
                .contentType("application/json")
                .body(Map.of("username", name, "password", "viewer-password-1", "role", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        RestAssured.given()
                .auth()
                .preemptive()
                .basic(name, "viewer-password-1")
                .get("/api/v1/notifications/mqtt")
                .then()
                .statusCode(403);
        RestAssured.given()
                .auth()
                .preemptive()
                .basic(name, "viewer-password-1")
                .contentType("application/json")
                .body(Map.of("url", "tcp://127.0.0.1:1883"))
                .put("/api/v1/notifications/mqtt")
                .then()
                .statusCode(403);
        RestAssured.given()
                .contentType("application/json")
                .body(Map.of("url", "tcp://127.0.0.1:1883"))
                .put("/api/v1/notifications/mqtt")
                .then()
                .statusCode(401);
    }

    @Test
    void aSavedBrokerIsUsedAtOnceAndANewPrefixMovesStatusAndDiscoveryAndAnEmptyUrlDisconnects() throws Exception {
        HubApi.createDevice("mqtt-settings-" + System.nanoTime());
        String first = prefix();
        String second = prefix();
        String firstHa = "ha" + first;
        String secondHa = "ha" + second;
        try (var sub = new MqttSubscriber(first + "/status", second + "/status", firstHa + "/#", secondHa + "/#")) {
            put(Map.of("url", WithMqtt.BROKER, "topicPrefix", first, "discoveryPrefix", firstHa))
                    .then()
                    .statusCode(200);
            await().atMost(WAIT).until(() -> "online".equals(sub.last(first + "/status")));
            await().atMost(WAIT)
                    .until(() -> sub.all().stream()
                            .anyMatch(m -> m.topic().startsWith(firstHa + "/")
                                    && !m.payload().isEmpty()));
            await().atMost(WAIT)
                    .untilAsserted(() -> asAdmin()
                            .get("/api/v1/notifications/mqtt")
                            .then()
                            .body("status.connected", equalTo(true))
                            .body("status.topicPrefix", equalTo(first)));

            put(Map.of("url", WithMqtt.BROKER, "topicPrefix", second, "discoveryPrefix", secondHa))
                    .then()
                    .statusCode(200);
            await().atMost(WAIT).until(() -> "online".equals(sub.last(second + "/status")));
            // the goodbye on the old prefix may reach the subscriber after the new hello on a busy machine
            await().atMost(WAIT).until(() -> "offline".equals(sub.last(first + "/status")));
            await().atMost(WAIT)
                    .until(() -> sub.all().stream()
                            .anyMatch(m -> m.topic().startsWith(secondHa + "/")
                                    && !m.payload().isEmpty()));
            // the entities under the old discovery prefix were removed (empty retained configs)
            String oldConfig = sub.all().stream()
                    .filter(m ->
                            m.topic().startsWith(firstHa + "/") && !m.payload().isEmpty())
                    .findFirst()
                    .orElseThrow()
                    .topic();
            assertThat(sub.last(oldConfig)).isEmpty();

            // an empty URL turns MQTT off with a clean goodbye
            turnMqttOff();
            await().atMost(WAIT).until(() -> "offline".equals(sub.last(second + "/status")));
            await().atMost(WAIT)
                    .untilAsserted(() -> asAdmin()
                            .get("/api/v1/notifications/mqtt")
                            .then()
                            .body("status.configured", equalTo(false))
                            .body("status.connected", equalTo(false)));
        }
    }

    @Test
    void testConnectionReportsWhetherTheBrokerAcceptsWithoutSavingAnything() {
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", WithMqtt.BROKER))
                .post("/api/v1/notifications/mqtt/test")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true))
                .body("error", nullValue());
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", "tcp://127.0.0.1:1"))
                .post("/api/v1/notifications/mqtt/test")
                .then()
                .statusCode(200)
                .body("ok", equalTo(false))
                .body("error", org.hamcrest.Matchers.notNullValue());
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", "ws://127.0.0.1:1883"))
                .post("/api/v1/notifications/mqtt/test")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-mqtt-url"));
        asAdmin().get("/api/v1/notifications/mqtt").then().body("status.configured", equalTo(false));
    }

    private static String prefix() {
        return "bbset-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static io.restassured.response.Response put(Map<String, ?> body) {
        return asAdmin().contentType("application/json").body(body).put("/api/v1/notifications/mqtt");
    }
}
