package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.cluster.OtherHub;
import io.buddybork.hub.dashboard.LiveFeed;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A detection scored on another hub (or worker) reaches this hub's live feed: announced by id, read from the database. */
@QuarkusTest
class DetectionLiveSourceTest {

    @Inject
    LiveFeed feed;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aDetectionAnnouncedByAnotherHubIsShownWithItsStoredScores() throws Exception {
        HubApi.Device device = createDevice("detection-relay");
        long start = HubApi.nextStart();
        upload(device.token(), start, TestWavs.segment(3000, 12_000, 11)).then().statusCode(201);
        long modelId = TestModels.insertRow(dataSource, "relay model", "models/absent.model", List.of(), List.of());
        long rawId;
        long detectionId;
        // what the other hub's scorer commits
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("insert into detection (raw_id, model_id, start_time, score,"
                        + " scores, best_tag) select r.id, ?, r.start_time, 0.42, cast('{\"bark\": 0.42}' as jsonb),"
                        + " 'bark' from raw r where r.device_id = ? returning id, raw_id")) {
            q.setLong(1, modelId);
            q.setLong(2, device.id());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                detectionId = rs.getLong(1);
                rawId = rs.getLong(2);
            }
        }

        ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
        LiveFeed.Booked stream = feed.open("detection-relay-viewer", () -> {});
        Cancellable subscription = stream.events().subscribe().with(m -> received.add(json.valueToTree(m)));
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            other.send("live", "ref detection " + detectionId);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> received.stream().anyMatch(m -> m.path("id").asLong() == detectionId));
            JsonNode event = received.stream()
                    .filter(m -> m.path("id").asLong() == detectionId)
                    .findFirst()
                    .orElseThrow();
            assertThat(event.path("type").asText()).isEqualTo("detection");
            assertThat(event.path("rawId").asLong()).isEqualTo(rawId);
            assertThat(event.path("deviceId").asLong()).isEqualTo(device.id());
            assertThat(event.path("modelId").asLong()).isEqualTo(modelId);
            assertThat(event.path("startMs").asLong()).isEqualTo(start);
            assertThat(event.path("scores").path("bark").asDouble()).isEqualTo(0.42);
        } finally {
            subscription.cancel();
            stream.release().run();
        }
    }
}
