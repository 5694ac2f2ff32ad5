package io.buddybork.hub.it.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.it.HubClient;
import io.buddybork.hub.it.HubProcess;
import io.buddybork.hub.it.ItDatabases;
import io.buddybork.hub.it.ItWaits;
import io.buddybork.hub.notify.DiscoverySchema;
import io.buddybork.hub.notify.MqttSubscriber;
import io.buddybork.hub.notify.WebhookReceiver;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TrainingSet;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end: the packaged hub with MQTT on the real Mosquitto and an active model,
 * the packaged edge agent replaying a WAV with two bursts of barking far enough apart to be two
 * episodes. The episodes form with the right boundaries; MQTT carries each episode's start and end
 * once, the tag's state and counter, whichever order the segments are scored in; the webhook is
 * called once (the episode announced second falls in the tag's 10 minute cooldown); every Home
 * Assistant config validates against the documented schema.
 */
class NotificationsEndToEndIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SyntheticSounds.Kind B = SyntheticSounds.Kind.BARK;
    private static final SyntheticSounds.Kind R = SyntheticSounds.Kind.ROOM;
    /** Three barks, seven room sounds (21 s, longer than the 9 s bridge), three barks. */
    private static final SyntheticSounds.Kind[] LIVE = {B, B, B, R, R, R, R, R, R, R, B, B, B};

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void aReplayedWavBecomesTwoEpisodesWithOneMqttStartAndEndEachAndOnePushInTheCooldown() throws Exception {
        String jdbcUrl = ItDatabases.url("notify");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "bbit-" + run;
        String discovery = "hait-" + run;
        TestTls tls = TestTls.generate(tmp.resolve("tls"));
        Path data = tmp.resolve("data");
        try (MqttSubscriber sub = new MqttSubscriber(prefix + "/#", discovery + "/#");
                WebhookReceiver receiver = new WebhookReceiver();
                HubProcess hub = HubProcess.builder()
                        .dataDir(data)
                        .jdbcUrl(jdbcUrl)
                        .adminPassword(ADMIN_PASSWORD)
                        .tls(tls.certificate(), tls.key())
                        .env("BUDDYBORK_MQTT_URL", "tcp://127.0.0.1:1883")
                        .env("BUDDYBORK_MQTT_TOPIC_PREFIX", prefix)
                        .env("BUDDYBORK_MQTT_DISCOVERY_PREFIX", discovery)
                        .env("BUDDYBORK_MQTT_DISCOVERY_REFRESH", "1s")
                        .env("BUDDYBORK_DETECTION_CHECK_INTERVAL", "1s")
                        .env("BUDDYBORK_EPISODES_BRIDGE", "9s")
                        .env("BUDDYBORK_EPISODES_SWEEP_INTERVAL", "1s")
                        .start()) {
            HubClient admin = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
            installModel(data, jdbcUrl);
            await().atMost(ItWaits.GIVE_UP)
                    .until(() -> admin.get("/api/v1/detections/status").body().contains("\"ready\""));
            HttpResponse<String> target = admin.send(
                    "POST",
                    "/api/v1/notifications/targets",
                    "{\"name\":\"hook\",\"kind\":\"generic\",\"url\":\"" + receiver.url("/hook") + "\"}");
            assertThat(target.statusCode()).as(target.body()).isEqualTo(201);
            HubClient.Device mic = admin.createDevice("kitchen");
            long bark = tagId(admin, "bark");
            String node = prefix + "_device_" + mic.id();
            String barkConfig = discovery + "/binary_sensor/" + node + "/tag_" + bark + "_bark/config";
            await().atMost(ItWaits.GIVE_UP).until(() -> sub.last(barkConfig) != null);

            Path live = tmp.resolve("live.wav");
            short[] pcm = new short[LIVE.length * SegmentFormat.SEGMENT_FRAMES];
            for (int k = 0; k < LIVE.length; k++) {
                System.arraycopy(
                        SyntheticSounds.pcm(LIVE[k], 500 + k),
                        0,
                        pcm,
                        k * SegmentFormat.SEGMENT_FRAMES,
                        SegmentFormat.SEGMENT_FRAMES);
            }
            Files.write(live, WavCodec.encode(pcm, SegmentFormat.SAMPLE_RATE));
            try (EdgeProcess agent = EdgeProcess.start(
                    tmp.resolve("edge.log"),
                    "--hub",
                    hub.httpsUri().toString(),
                    "--token",
                    mic.token(),
                    "--trust-cert",
                    tls.certificate().toString(),
                    "--source",
                    "file:" + live,
                    "--speed",
                    "10",
                    "--spool",
                    tmp.resolve("spool").toString(),
                    "--status-port",
                    "0",
                    "--config",
                    "/dev/null")) {
                assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isZero();
            }

            // both episodes end: the second a bridge after its last detection
            List<JsonNode>[] events = new List[1];
            try {
                await().atMost(ItWaits.GIVE_UP).until(() -> {
                    events[0] = sub.on(prefix + "/episode").stream()
                            .map(NotificationsEndToEndIT::tree)
                            .filter(j -> j.get("deviceId").asLong() == mic.id())
                            .toList();
                    return events[0].stream()
                                    .filter(j -> j.get("kind").asText().equals("ended"))
                                    .count()
                            >= 2;
                });
            } catch (ConditionTimeoutException e) {
                // what the hub made of the segments, so that a failure says where the chain broke
                throw new AssertionError(
                        "two episodes did not end; the hub's episodes: "
                                + admin.get("/api/v1/episodes/latest?deviceId=" + mic.id())
                                        .body()
                                + "; detector: "
                                + admin.get("/api/v1/detections/status").body()
                                + "; MQTT episode events: " + sub.on(prefix + "/episode")
                                + "; subscriber's lost connections: " + sub.losses(),
                        e);
            }
            List<JsonNode> started = events[0].stream()
                    .filter(j -> j.get("kind").asText().equals("started"))
                    .toList();
            List<JsonNode> ended = events[0].stream()
                    .filter(j -> j.get("kind").asText().equals("ended"))
                    .toList();
            assertThat(started).hasSize(2);
            assertThat(ended).hasSize(2);
            assertThat(events[0])
                    .allSatisfy(j -> assertThat(j.get("tag").asText()).isEqualTo("bark"));

            // boundaries: three segments each, 30 s apart (the room sounds between them are no episode)
            JsonNode episodes = JSON.readTree(
                    admin.get("/api/v1/episodes/latest?deviceId=" + mic.id()).body());
            List<JsonNode> rows = new ArrayList<>();
            episodes.forEach(rows::add);
            rows.sort((a, b) ->
                    Long.compare(a.get("startMs").asLong(), b.get("startMs").asLong()));
            assertThat(rows).as(episodes.toString()).hasSize(2);
            long t0 = rows.get(0).get("startMs").asLong();
            assertThat(rows.get(0).get("endMs").asLong() - t0).isEqualTo(9000);
            assertThat(rows.get(1).get("startMs").asLong() - t0).isEqualTo(30_000);
            assertThat(rows.get(1).get("endMs").asLong() - t0).isEqualTo(39_000);
            // live detection scores the newest segment first, so an ENDED may tell an end that later
            // detections still extend (the row above has the final one); each episode ends once
            assertThat(ended)
                    .extracting(j -> j.get("episodeId").asLong())
                    .containsExactlyInAnyOrder(
                            rows.get(0).get("id").asLong(),
                            rows.get(1).get("id").asLong());
            assertThat(started)
                    .extracting(j -> j.get("episodeId").asLong())
                    .containsExactlyInAnyOrder(
                            rows.get(0).get("id").asLong(),
                            rows.get(1).get("id").asLong());

            String state = prefix + "/device_" + mic.id() + "/tag_" + bark + "/state";
            assertThat(sub.on(state)).contains("ON").last().isEqualTo("OFF");
            assertThat(sub.last(prefix + "/device_" + mic.id() + "/tag_" + bark + "/episodes"))
                    .isEqualTo("2");

            // one push: the episode announced second is within the tag's 10 minute cooldown (on a busy
            // hub the backlog is scored newest first, so that may be either)
            await().atMost(ItWaits.GIVE_UP).until(() -> !receiver.calls("/hook").isEmpty());
            JsonNode deliveries =
                    JSON.readTree(admin.get("/api/v1/notifications/deliveries").body());
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).get("status").asText()).isEqualTo("sent");
            assertThat(receiver.calls("/hook")).hasSize(1);
            assertThat(tree(receiver.calls("/hook").getFirst().body())
                            .get("episodeId")
                            .asLong())
                    .isIn(rows.get(0).get("id").asLong(), rows.get(1).get("id").asLong());

            Map<String, String> configs = new LinkedHashMap<>();
            sub.all().stream()
                    .filter(m -> m.topic().startsWith(discovery + "/")
                            && !m.payload().isEmpty())
                    .forEach(m -> configs.put(m.topic(), m.payload()));
            assertThat(configs).containsKey(barkConfig);
            DiscoverySchema.validate(discovery, prefix, configs);
        } finally {
            ItDatabases.drop(jdbcUrl);
        }
    }

    private static JsonNode tree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long tagId(HubClient admin, String name) throws Exception {
        for (JsonNode t : JSON.readTree(admin.get("/api/v1/tags").body())) {
            if (t.get("name").asText().equals(name)) {
                return t.get("id").asLong();
            }
        }
        throw new IllegalStateException("no tag " + name);
    }

    /** A bark/beep model on synthetic sounds, saved under the hub's data directory and made active. */
    private static void installModel(Path dataDir, String jdbcUrl) throws Exception {
        FeatureExtractor extractor = new FeatureExtractor(FeatureConfig.defaults());
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            features.add(extractor.extract(SyntheticSounds.pcm(B, 1000 + i), SegmentFormat.SAMPLE_RATE));
            labels.add(0);
            features.add(extractor.extract(
                    SyntheticSounds.pcm(SyntheticSounds.Kind.BEEP, 2000 + i), SegmentFormat.SAMPLE_RATE));
            labels.add(1);
            features.add(extractor.extract(SyntheticSounds.pcm(R, 3000 + i), SegmentFormat.SAMPLE_RATE));
            labels.add(TrainingSet.BACKGROUND);
        }
        OpenSetModel model = OpenSetModel.train(
                TrainingSet.of(
                        List.of("bark", "beep"),
                        features.toArray(float[][]::new),
                        labels.stream().mapToInt(Integer::intValue).toArray()),
                FeatureConfig.defaults(),
                ModelConfig.defaults(),
                42);
        String relative = "models/it-notify.model";
        Files.createDirectories(dataDir.resolve("models"));
        ModelStore.save(model, dataDir.resolve(relative));
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            c.setAutoCommit(false);
            long bark = tag(c, "bark");
            long beep = tag(c, "beep");
            try (PreparedStatement q =
                    c.prepareStatement("insert into model (name, tags, file_path, active, activated_at)"
                            + " values ('it', cast(? as jsonb), ?, true, now())")) {
                q.setString(1, "[{\"id\":" + bark + ",\"name\":\"bark\"},{\"id\":" + beep + ",\"name\":\"beep\"}]");
                q.setString(2, relative);
                q.executeUpdate();
            }
            c.commit();
        }
    }

    private static long tag(Connection c, String name) throws Exception {
        try (PreparedStatement q = c.prepareStatement(
                "insert into tag (name) values (?) on conflict (name) do update set name = excluded.name returning id")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
