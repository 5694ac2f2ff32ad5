package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.buddybork.hub.it.edge.EdgeProcess;
import io.buddybork.hub.storage.S3ProxyServer;
import io.buddybork.hub.testing.FreshDatabase;
import io.buddybork.hub.testing.WithBroker;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out proof of issue 22: two packaged web/ingest hubs (A, B) behind a round-robin proxy
 * and two packaged detect/train workers (C, D), all on one fresh database, one S3 bucket (S3Proxy)
 * and the machine's RabbitMQ under a prefix of this run. A model is trained through A (on a train
 * worker) and activated; the packaged edge agent replays the demo audio through the proxy; capture
 * is switched off on A and on again on B; B and D are killed with SIGKILL mid-stream. Every
 * segment the agent got acknowledged is then in the bucket and the index with exactly one
 * detection of the active model, and A's live feed shows detections that only C can have scored.
 */
class ScaleOutIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The agent's last words: what it got acknowledged, what was refused, what stays in its spool. */
    private static final Pattern SUMMARY =
            Pattern.compile("stopped: \\d+ segments captured, \\d+ silent, (\\d+) uploaded, (\\d+) left in the spool");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final HttpClient http = ItHttp.client(Duration.ofSeconds(5));

    @Test
    void acknowledgedSegmentsSurviveAHubAndAWorkerKilledMidStream() throws Exception {
        long testStart = System.nanoTime();
        String database =
                FreshDatabase.runScoped("scaleout" + Integer.toString(new SecureRandom().nextInt(1 << 20), 36));
        String jdbcUrl = FreshDatabase.SERVER + database;
        String prefix = "bbtest-" + UUID.randomUUID().toString().substring(0, 8);
        String bucket = "bb-scaleout-" + UUID.randomUUID().toString().substring(0, 8);
        List<HubProcess> nodes = new ArrayList<>();
        CompletableFuture<Void> sse = null;
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            Map<String, String> shared = new LinkedHashMap<>();
            shared.put("BUDDYBORK_STORAGE", "s3");
            shared.put("BUDDYBORK_S3_ENDPOINT", s3.endpoint().toString());
            shared.put("BUDDYBORK_S3_BUCKET", bucket);
            shared.put("BUDDYBORK_S3_REGION", "us-east-1");
            shared.put("BUDDYBORK_S3_ACCESS_KEY", s3.accessKey);
            shared.put("BUDDYBORK_S3_SECRET_KEY", s3.secretKey);
            shared.put("BUDDYBORK_BROKER_URL", WithBroker.URL);
            shared.put("BUDDYBORK_BROKER_PREFIX", prefix);
            HubProcess hubA = node("a", "web,ingest", jdbcUrl, shared);
            HubProcess hubB = node("b", "web,ingest", jdbcUrl, shared);
            HubProcess workerC = node("c", "detect,train", jdbcUrl, shared);
            HubProcess workerD = node("d", "detect,train", jdbcUrl, shared);
            nodes.addAll(List.of(hubA, hubB, workerC, workerD));
            // Started together: all four race to create the schema, the admin and the bucket.
            List<CompletableFuture<HubProcess>> starting = nodes.stream()
                    .map(n -> CompletableFuture.supplyAsync(() -> started(n)))
                    .toList();
            for (CompletableFuture<HubProcess> s : starting) {
                s.get(5, TimeUnit.MINUTES);
            }
            System.out.printf("ScaleOutIT: four nodes ready after %d s%n", seconds(testStart));

            HubClient adminA = new HubClient(hubA.baseUri(), "admin", ADMIN_PASSWORD);
            HubClient adminB = new HubClient(hubB.baseUri(), "admin", ADMIN_PASSWORD);
            long modelId = trainAndActivate(adminA);
            List<String> trainedBy = new ArrayList<>();
            query(
                    jdbcUrl,
                    "select owner from model_job where model_id = " + modelId,
                    rs -> trainedBy.add(rs.getString(1)));
            assertThat(trainedBy)
                    .as("trained on a train worker (owner host/pid/uuid), asked through A")
                    .singleElement()
                    .satisfies(owner ->
                            assertThat(owner).containsAnyOf("/" + workerC.pid() + "/", "/" + workerD.pid() + "/"));
            System.out.printf("ScaleOutIT: model %d trained and active after %d s%n", modelId, seconds(testStart));

            // A's live feed, for the whole stream.
            ConcurrentLinkedQueue<JsonNode> events = new ConcurrentLinkedQueue<>();
            Map<Long, Long> detectionArrivedNanos = new ConcurrentHashMap<>();
            HttpResponse<java.util.stream.Stream<String>> stream = http.send(
                    HttpRequest.newBuilder(hubA.baseUri().resolve("/api/v1/live"))
                            .header("Authorization", basic())
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            sse = CompletableFuture.runAsync(() -> stream.body()
                    .filter(l -> l.startsWith("data:"))
                    .forEach(l -> {
                        try {
                            JsonNode e = JSON.readTree(l.substring(5));
                            if ("detection".equals(e.path("type").asText())) {
                                detectionArrivedNanos.putIfAbsent(
                                        e.path("rawId").asLong(), System.nanoTime());
                            }
                            events.add(e);
                        } catch (IOException ignored) {
                            // not JSON (a comment or keep-alive)
                        }
                    }));
            await("A's live feed has started").atMost(ItWaits.GIVE_UP).until(() -> !events.isEmpty());

            // The demo; switched on again, the agent replays the file from its start (a new capture).
            Path demo = tmp.resolve("demo.wav");
            EdgeProcess.runToCompletion(
                    tmp.resolve("generate.log"), "--generate-demo", demo.toString(), "--demo-seconds", "90");
            int frames = WavCodec.decode(Files.readAllBytes(demo)).frames();

            HubClient.Device mic = adminA.createDevice("scale-out-it");
            long acknowledged;
            int statusPort = freePort();
            try (FailoverProxy proxy = new FailoverProxy(List.of(hubA.port(), hubB.port()));
                    EdgeProcess agent = EdgeProcess.start(
                            tmp.resolve("edge.log"),
                            "--hub",
                            "http://127.0.0.1:" + proxy.port(),
                            "--token",
                            mic.token(),
                            "--source",
                            "file:" + demo,
                            "--speed",
                            "3",
                            "--spool",
                            tmp.resolve("spool").toString(),
                            "--status-port",
                            Integer.toString(statusPort),
                            "--capture-state-wait",
                            "5",
                            "--config",
                            "/dev/null")) {
                waitFor(
                        agent,
                        () -> metric(statusPort, "buddybork_edge_segments_uploaded_total") >= 3,
                        "uploads under way");

                // Capture off on A: the agent (long-polling A or B through the proxy) stops.
                setCapture(adminA, mic, false);
                waitFor(agent, () -> metric(statusPort, "buddybork_edge_capture_enabled") == 0, "capture off");
                waitFor(agent, () -> agent.log().contains("capture paused"), "the source released");
                // Stopped: nothing captured, spooled or uploaded for 1.5 s (what was cut before the pause drained).
                double[] last = {-2, -2};
                long[] unchangedSince = {System.nanoTime()};
                await("the agent stops capturing and uploading")
                        .atMost(ItWaits.GIVE_UP)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            double f = metric(statusPort, "buddybork_edge_frames_captured_total");
                            double u = metric(statusPort, "buddybork_edge_segments_uploaded_total");
                            boolean drained = metric(statusPort, "buddybork_edge_spool_depth") == 0;
                            if (f != last[0] || u != last[1] || !drained) {
                                last[0] = f;
                                last[1] = u;
                                unchangedSince[0] = System.nanoTime();
                                return false;
                            }
                            return System.nanoTime() - unchangedSince[0] >= TimeUnit.MILLISECONDS.toNanos(1_500);
                        });
                double capturedAt = last[0];
                double uploadedAt = last[1];
                assertThat(capturedAt).as("paused mid-file").isLessThan((double) frames);

                // Capture on through B.
                setCapture(adminB, mic, true);
                waitFor(agent, () -> metric(statusPort, "buddybork_edge_capture_enabled") == 1, "capture on");
                waitFor(
                        agent,
                        () -> metric(statusPort, "buddybork_edge_segments_uploaded_total") >= uploadedAt + 2,
                        "uploads resumed");

                // kill -9 of a hub and a worker mid-stream.
                assertThat(agent.isAlive()).as("the agent is still streaming").isTrue();
                double framesAtKill = metric(statusPort, "buddybork_edge_frames_captured_total");
                hubB.kill();
                workerD.kill();
                System.out.printf(
                        "ScaleOutIT: B and D killed at %.0f of %d frames, %d s in%n",
                        framesAtKill, frames, seconds(testStart));
                assertThat(framesAtKill).as("killed mid-stream").isLessThan((double) frames);

                assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(40)).isZero();
                Matcher summary = SUMMARY.matcher(agent.log());
                assertThat(summary.find()).as(agent.tail(20)).isTrue();
                acknowledged = Long.parseLong(summary.group(1));
                assertThat(summary.group(2)).as("nothing left unacknowledged").isEqualTo("0");
                assertThat(agent.log())
                        .as("nothing refused")
                        .contains("file replay complete")
                        .contains(", 0 rejected");
            }

            // Every acknowledged segment: in the index once, in the bucket, with one detection.
            Map<Long, String> raws = new LinkedHashMap<>();
            query(jdbcUrl, "select id, path from raw where device_id = " + mic.id() + " order by start_time", rs -> {
                raws.put(rs.getLong(1), rs.getString(2));
            });
            assertThat((long) raws.size())
                    .as("every segment the agent got acknowledged indexed, once")
                    .isEqualTo(acknowledged)
                    .isGreaterThan(10);
            try (var client = s3.client()) {
                for (String key : raws.values()) {
                    assertThat(client.headObject(b -> b.bucket(bucket).key(key)).contentLength())
                            .as("%s in the bucket", key)
                            .isPositive();
                }
            }
            String perRaw =
                    "select r.id, count(d.id) from raw r left join detection d on d.raw_id = r.id and d.model_id = "
                            + modelId + " where r.device_id = " + mic.id() + " group by r.id";
            await("every segment scored")
                    .atMost(ItWaits.GIVE_UP)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> countsPerRaw(jdbcUrl, perRaw).values().stream().allMatch(c -> c >= 1));
            System.out.printf(
                    "ScaleOutIT: every segment scored after %d s; sweeps for stranded segments on C: %d%n",
                    seconds(testStart),
                    Files.readAllLines(workerC.log()).stream()
                            .filter(l -> l.contains("no node scoring them"))
                            .count());
            Map<Long, Long> counts = countsPerRaw(jdbcUrl, perRaw);
            assertThat(counts).hasSize(raws.size());
            assertThat(counts.values())
                    .as("exactly one detection per segment and active model")
                    .containsOnly(1L);

            // After D's death only C scores: its detections reach A's live feed. Latency: upload on A -> event on A.
            HubClient.Device probe = adminA.createDevice("scale-out-latency");
            List<Long> latencies = new ArrayList<>();
            long t = (System.currentTimeMillis() - 120_000L) / 3000 * 3000;
            for (int i = 0; i < 5; i++, t += 3000) {
                long sent = System.nanoTime();
                HttpResponse<String> r =
                        adminA.upload(probe.token(), t, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 900 + i));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                long rawId = JSON.readTree(r.body()).path("id").asLong();
                await("a detection of segment " + rawId + " on A's live feed")
                        .atMost(ItWaits.GIVE_UP)
                        .until(() -> detectionArrivedNanos.containsKey(rawId));
                latencies.add(TimeUnit.NANOSECONDS.toMillis(detectionArrivedNanos.get(rawId) - sent));
            }
            assertThat(events.stream()
                            .filter(e -> "detection".equals(e.path("type").asText())
                                    && e.path("deviceId").asLong() == mic.id()
                                    && e.path("modelId").asLong() == modelId))
                    .as("the agent's detections on A's live feed")
                    .isNotEmpty();
            assertThat(workerC.isAlive()).isTrue();
            System.out.printf(
                    "ScaleOutIT: upload on A -> detection scored on C -> A's live feed: %s ms (median %d ms);"
                            + " whole test %d s%n",
                    latencies, latencies.stream().sorted().toList().get(latencies.size() / 2), seconds(testStart));
        } finally {
            if (sse != null) {
                sse.cancel(true);
            }
            for (HubProcess n : nodes) {
                n.close();
            }
            FreshDatabase.drop(database);
            deleteQueues(prefix);
        }
    }

    private HubProcess node(String name, String roles, String jdbcUrl, Map<String, String> shared) throws IOException {
        HubProcess.Builder b = HubProcess.builder()
                .dataDir(tmp.resolve("data-" + name))
                .jdbcUrl(jdbcUrl)
                .adminPassword(ADMIN_PASSWORD)
                .log(tmp.resolve("node-" + name + ".log"))
                .startTimeout(ItWaits.GIVE_UP)
                .env("BUDDYBORK_ROLES", roles);
        shared.forEach(b::env);
        if (roles.contains("train")) {
            b.fullJit(); // they train the model and score every segment
        }
        return b.build();
    }

    /** Labels barks and beeps of a past day through A, trains on a train worker, activates. */
    private static long trainAndActivate(HubClient admin) throws Exception {
        long bark = id(admin.send("POST", "/api/v1/tags", "{\"name\":\"bark\"}"));
        long beep = id(admin.send("POST", "/api/v1/tags", "{\"name\":\"beep\"}"));
        HubClient.Device history = admin.createDevice("history");
        long t = Instant.now().minus(Duration.ofDays(2)).toEpochMilli() / 3000 * 3000;
        String day =
                Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        long end = t + 6 * 3 * 30_000L;
        String endDay =
                Instant.ofEpochMilli(end).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        long seed = 1;
        for (int i = 0; i < 6; i++) {
            for (SyntheticSounds.Kind kind : SyntheticSounds.Kind.values()) {
                HttpResponse<String> r = admin.upload(history.token(), t, SyntheticSounds.wav(kind, seed++));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                if (kind != SyntheticSounds.Kind.ROOM) {
                    HttpResponse<String> a = admin.send(
                            "POST",
                            "/api/v1/annotations",
                            "{\"deviceId\":%d,\"startMs\":%d,\"endMs\":%d,\"tagId\":%d}"
                                    .formatted(
                                            history.id(),
                                            t,
                                            t + 3000,
                                            kind == SyntheticSounds.Kind.BARK ? bark : beep));
                    assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
                }
                t += 30_000;
            }
        }
        String days = day.equals(endDay) ? "[\"" + day + "\"]" : "[\"" + day + "\",\"" + endDay + "\"]";
        HttpResponse<String> started = admin.send(
                "POST",
                "/api/v1/models",
                "{\"name\":\"scale-out\",\"tagIds\":[%d,%d],\"train\":{\"days\":%s,\"backgroundDays\":%s}}"
                        .formatted(bark, beep, days, days));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long job = JSON.readTree(started.body()).path("jobId").asLong();
        JsonNode[] last = new JsonNode[1];
        await("training on a train worker")
                .atMost(ItWaits.GIVE_UP)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last[0] = JSON.readTree(
                            admin.get("/api/v1/models/jobs/" + job).body());
                    String state = last[0].path("state").asText();
                    return !state.equals("queued") && !state.equals("running");
                });
        assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo("succeeded");
        long modelId = last[0].path("modelId").asLong();
        HttpResponse<String> activated = admin.send("PUT", "/api/v1/models/active", "{\"modelId\":" + modelId + "}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        return modelId;
    }

    private static void setCapture(HubClient admin, HubClient.Device device, boolean enabled) throws Exception {
        HttpResponse<String> r =
                admin.send("PUT", "/api/v1/devices/" + device.id() + "/capture", "{\"enabled\":" + enabled + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void waitFor(EdgeProcess agent, java.util.concurrent.Callable<Boolean> condition, String what) {
        await(what).atMost(ItWaits.GIVE_UP).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!agent.isAlive()) {
                throw new AssertionError("the agent exited while waiting for " + what + ":\n" + agent.tail(40));
            }
            return condition.call();
        });
    }

    private static double metric(int port, String name) {
        try {
            return EdgeProcess.metrics(port).getOrDefault(name, -1.0);
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private interface Row {
        void accept(ResultSet rs) throws Exception;
    }

    private static void query(String jdbcUrl, String sql, Row row) throws Exception {
        try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    private static Map<Long, Long> countsPerRaw(String jdbcUrl, String sql) throws Exception {
        Map<Long, Long> counts = new LinkedHashMap<>();
        query(jdbcUrl, sql, rs -> counts.put(rs.getLong(1), rs.getLong(2)));
        return counts;
    }

    private static void deleteQueues(String prefix) {
        try (Connection c = WithBroker.connect();
                Channel ch = c.createChannel()) {
            for (String key : WithBroker.QUEUE_KEYS) {
                ch.queueDelete(prefix + "." + key);
            }
            ch.exchangeDelete(prefix + ".work");
        } catch (Exception e) {
            System.err.println("could not delete the test queues " + prefix + ".*: " + e.getMessage());
        }
    }

    private static HubProcess started(HubProcess node) {
        try {
            return node.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long id(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body()).path("id").asLong();
    }

    private static String basic() {
        return "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static long seconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
