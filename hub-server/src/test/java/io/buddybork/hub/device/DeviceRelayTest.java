package io.buddybork.hub.device;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.asDevice;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.cluster.ClusterBus;
import io.buddybork.hub.cluster.OtherHub;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.model.wire.CaptureState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Devices across hubs: a capture switch made on another hub wakes a device long-polling this one,
 * a switch made here reaches the other hub, and a revocation made elsewhere ends the token here
 * although this hub had it cached.
 */
@QuarkusTest
class DeviceRelayTest {

    @Inject
    CaptureStateBroker broker;

    @Inject
    ClusterBus bus;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aCaptureSwitchOnAnotherHubWakesADeviceWaitingHere() throws Exception {
        Device d = createDevice("relay-capture-in");
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            CompletableFuture<CaptureState> poll =
                    broker.await(d.id(), 1L, Duration.ofSeconds(55)).subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.waitingCount() > 0);
            other.send("capture", d.id() + " 2 false");
            CaptureState state = poll.get(30, TimeUnit.SECONDS);
            assertThat(state).isEqualTo(new CaptureState(false, 2));
        }
    }

    @Test
    void aDeviceCreatedOnAnotherHubWaitsHereForItsFirstSwitch() throws Exception {
        long id;
        // created by the other hub: this hub has never heard of it
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
                PreparedStatement q = c.prepareStatement(
                        "insert into device (name, token_hash) values ('made elsewhere', ?) returning id")) {
            q.setString(1, DeviceTokens.hash(DeviceTokens.newToken()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            int before = broker.waitingCount();
            CompletableFuture<CaptureState> poll =
                    broker.await(id, 1L, Duration.ofSeconds(55)).subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.waitingCount() > before);
            assertThat(poll).isNotDone();
            other.send("capture", id + " 2 false");
            assertThat(poll.get(30, TimeUnit.SECONDS)).isEqualTo(new CaptureState(false, 2));
        }
    }

    @Test
    void aCaptureSwitchHereReachesTheOtherHub() throws Exception {
        Device d = createDevice("relay-capture-out");
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            asAdmin()
                    .contentType("application/json")
                    .body(Map.of("enabled", false))
                    .put("/api/v1/devices/" + d.id() + "/capture")
                    .then()
                    .statusCode(200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.heard().contains(bus.node() + " capture " + d.id() + " 2 false"));
        }
    }

    @Test
    void aRevocationOnAnotherHubEndsTheCachedTokenHere() throws Exception {
        Device d = createDevice("relay-revoke");
        asDevice(d.token()).get("/api/v1/capture-state?wait=0").then().statusCode(200); // now cached
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            // the other hub commits the revocation, then tells the hubs
            try (var c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", null);
                    var q = c.prepareStatement("update device set revoked = now() where id = ?")) {
                q.setLong(1, d.id());
                q.executeUpdate();
            }
            other.send("device-revoked", Long.toString(d.id()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> asDevice(d.token())
                                    .get("/api/v1/capture-state?wait=0")
                                    .statusCode()
                            == 401);
        }
    }
}
