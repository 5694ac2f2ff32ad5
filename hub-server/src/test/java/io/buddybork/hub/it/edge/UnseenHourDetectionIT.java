package io.buddybork.hub.it.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.it.HubClient;
import io.buddybork.hub.it.HubProcess;
import io.buddybork.hub.it.ItDatabases;
import io.buddybork.hub.it.ItWaits;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.model.wav.WavCodec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's first model through the packaged hub and the packaged edge agent: barks and beeps
 * labelled at one hour of two past days, a model trained with the defaults through the API and
 * activated, then the agent replays new barks and beeps "now", 12 hours of the day after every
 * label. A correctly scored sound dropped at the unseen hour (as the time-of-day prior once did)
 * fails the test.
 */
class UnseenHourDetectionIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SyntheticSounds.Kind[] LIVE = {
        SyntheticSounds.Kind.BARK,
        SyntheticSounds.Kind.ROOM,
        SyntheticSounds.Kind.BEEP,
        SyntheticSounds.Kind.ROOM,
        SyntheticSounds.Kind.BARK,
        SyntheticSounds.Kind.BEEP
    };

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void theAgentsSoundsAreDetectedTwelveHoursAfterEveryLabel() throws Exception {
        String jdbcUrl = ItDatabases.url("hours");
        TestTls tls = TestTls.generate(tmp.resolve("tls"));
        try (HubProcess hub = HubProcess.builder()
                .dataDir(tmp.resolve("data"))
                .jdbcUrl(jdbcUrl)
                .adminPassword(ADMIN_PASSWORD)
                .tls(tls.certificate(), tls.key())
                .fullJit() // it trains the model
                .start()) {
            HubClient admin = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
            long bark = id(admin.send("POST", "/api/v1/tags", "{\"name\":\"bark\"}"));
            long beep = id(admin.send("POST", "/api/v1/tags", "{\"name\":\"beep\"}"));

            // history: two days, all of it at the hour 12 hours before now
            HubClient.Device history = admin.createDevice("history");
            Instant labelHour = Instant.now().minus(Duration.ofHours(12));
            List<String> days = new ArrayList<>();
            long seed = 1;
            for (int d = 2; d <= 3; d++) {
                long t = labelHour.minus(Duration.ofDays(d)).toEpochMilli() / 3000 * 3000;
                days.add(Instant.ofEpochMilli(t)
                        .atOffset(ZoneOffset.UTC)
                        .toLocalDate()
                        .toString());
                for (int i = 0; i < 5; i++) {
                    for (SyntheticSounds.Kind kind : SyntheticSounds.Kind.values()) {
                        HttpResponse<String> r = admin.upload(history.token(), t, SyntheticSounds.wav(kind, seed++));
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                        if (kind != SyntheticSounds.Kind.ROOM) {
                            long tag = kind == SyntheticSounds.Kind.BARK ? bark : beep;
                            HttpResponse<String> a = admin.send(
                                    "POST",
                                    "/api/v1/annotations",
                                    "{\"deviceId\":%d,\"startMs\":%d,\"endMs\":%d,\"tagId\":%d}"
                                            .formatted(history.id(), t, t + 3000, tag));
                            assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
                        }
                        t += 30_000;
                    }
                }
            }
            // trained with the defaults, as the page sends them (no options)
            String daysJson = JSON.writeValueAsString(new LinkedHashSet<>(days));
            HttpResponse<String> started = admin.send(
                    "POST",
                    "/api/v1/models",
                    "{\"name\":\"first\",\"tagIds\":[%d,%d],\"train\":{\"days\":%s,\"backgroundDays\":%s}}"
                            .formatted(bark, beep, daysJson, daysJson));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long job = JSON.readTree(started.body()).path("jobId").asLong();
            JsonNode[] last = new JsonNode[1];
            await().atMost(ItWaits.GIVE_UP).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = JSON.readTree(admin.get("/api/v1/models/jobs/" + job).body());
                String state = last[0].path("state").asText();
                return !state.equals("queued") && !state.equals("running");
            });
            assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo("succeeded");
            long modelId = last[0].path("modelId").asLong();
            HttpResponse<String> activated =
                    admin.send("PUT", "/api/v1/models/active", "{\"modelId\":" + modelId + "}");
            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
            await().atMost(ItWaits.GIVE_UP)
                    .until(() -> admin.get("/api/v1/detections/status").body().contains("\"ready\""));

            // live: the packaged agent replays new barks and beeps, timestamped now
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
            HubClient.Device mic = admin.createDevice("kitchen");
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
            long now = System.currentTimeMillis();
            Map<Long, String> tags = new TreeMap<>();
            await().atMost(ItWaits.GIVE_UP).until(() -> {
                tags.clear();
                JsonNode rows = JSON.readTree(admin.get("/api/v1/detections?from=" + (now - 3_600_000L) + "&to="
                                + (now + 60_000L) + "&deviceId=" + mic.id() + "&modelId=" + modelId)
                        .body());
                rows.forEach(r -> tags.put(
                        r.path("startMs").asLong(),
                        r.path("tag").isNull() ? "unknown" : r.path("tag").asText()));
                return tags.size() == LIVE.length;
            });
            List<String> inOrder = new ArrayList<>(tags.values());
            assertThat(inOrder)
                    .as("detections in time order, 12 h after every label")
                    .containsExactly("bark", "unknown", "beep", "unknown", "bark", "beep");
            Set<Integer> hours = new java.util.TreeSet<>();
            tags.keySet()
                    .forEach(ms -> hours.add(
                            Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC).getHour()));
            assertThat(hours).doesNotContain(labelHour.atOffset(ZoneOffset.UTC).getHour());
        } finally {
            ItDatabases.drop(jdbcUrl);
        }
    }

    private static long id(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body()).path("id").asLong();
    }
}
