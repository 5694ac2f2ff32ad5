package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.IngestNodeHub;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.health.api.Wellness;
import jakarta.inject.Inject;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** A broker with TLS and a password (its own Mosquitto): the hub connects with the trust store and credentials. */
@QuarkusTest
@OwnStart
@TestProfile(IngestNodeHub.class)
public class MqttTlsTest {

    /** The TLS broker's settings come from {@link TlsMosquitto}. */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsMosquitto.class));
        }
    }

    @Inject
    @Wellness
    NotifyHealthCheck health;

    @Test
    void theHubConnectsOverTlsWithUserAndPasswordAndAnnouncesItselfOnline() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(
                        health.call().getData().orElseThrow().get("connected")));
        assertThat(health.call().getData().orElseThrow())
                .containsEntry("broker", "ssl://127.0.0.1:" + TlsMosquitto.port());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(TlsMosquitto.trustStore().toFile())) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        List<String> status = new CopyOnWriteArrayList<>();
        try (MqttClient sub = new MqttClient(
                "ssl://127.0.0.1:" + TlsMosquitto.port(), "bbtest-tls-" + UUID.randomUUID(), new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(ssl.getSocketFactory());
            o.setUserName(TlsMosquitto.USER);
            o.setPassword(TlsMosquitto.PASSWORD.toCharArray());
            sub.connect(o);
            sub.subscribe("bbtls/status", 1, (t, m) -> status.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30)).until(() -> status.contains("online"));
            sub.disconnect();
        }
    }
}
