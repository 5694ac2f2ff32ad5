package io.buddybork.bench.notify;

import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.testmodels.BarkBeepModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency from an upload's 201 to the MQTT message of the episode it opens: starts the packaged hub
 * with {@code BUDDYBORK_MQTT_URL} set, activates a small bark/beep model trained on synthetic
 * sounds (as {@code bench/ingest-load --detect} does), subscribes to {@code <prefix>/episode} on
 * the broker, then for every round uploads one bark segment per device, each far enough (in
 * segment time) from the device's previous one to open a new episode, and times the 201 answer to
 * the episode's {@code "kind":"started"} message. Prints p50/p95/p99 and a RESULT line.
 */
@Command(
        name = "notify-latency",
        mixinStandardHelpOptions = true,
        description = "Measure upload 201 -> MQTT episode-started latency of the packaged hub.")
public final class NotifyLatency implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern STARTED = Pattern.compile("\"kind\"\\s*:\\s*\"started\"");
    private static final Pattern DEVICE = Pattern.compile("\"deviceId\"\\s*:\\s*(\\d+)");
    private static final Pattern START = Pattern.compile("\"startMs\"\\s*:\\s*(\\d+)");

    @Option(names = "--start-hub", required = true, description = "The hub jar (quarkus-run.jar) to start for the run")
    Path hubJar;

    @Option(names = "--jdbc-url", description = "Database of the hub. Default: ${DEFAULT-VALUE}")
    String jdbcUrl = "jdbc:postgresql://localhost:5432/buddybork_bench_notify";

    @Option(names = "--mqtt", description = "Broker. Default: ${DEFAULT-VALUE}")
    String mqtt = "tcp://127.0.0.1:1883";

    @Option(names = "--devices", description = "Devices uploading in each round. Default: ${DEFAULT-VALUE}")
    int devices = 4;

    @Option(names = "--rounds", description = "Rounds (one episode per device each). Default: ${DEFAULT-VALUE}")
    int rounds = 25;

    @Option(names = "--warmup", description = "Rounds not measured. Default: ${DEFAULT-VALUE}")
    int warmup = 3;

    @Option(names = "--hub-java-options", split = " ", description = "JVM options of the hub")
    List<String> hubJavaOptions = new ArrayList<>();

    private final String adminPassword = "bench-" + UUID.randomUUID();
    private final String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final ConcurrentHashMap<String, Long> startedAt = new ConcurrentHashMap<>();
    private URI hub;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NotifyLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("buddybork-notify-bench-");
        Process p = startHub(dir);
        try (MqttClient sub = new MqttClient(mqtt, "bench-sub-" + UUID.randomUUID(), new MemoryPersistence())) {
            HttpClient http = HttpClient.newHttpClient();
            String basic = "Basic "
                    + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            sub.connect(o);
            sub.subscribe(prefix + "/episode", 1, (topic, m) -> {
                String s = new String(m.getPayload(), StandardCharsets.UTF_8);
                Matcher d = DEVICE.matcher(s);
                Matcher st = START.matcher(s);
                if (STARTED.matcher(s).find() && d.find() && st.find()) {
                    startedAt.putIfAbsent(d.group(1) + ":" + st.group(1), System.nanoTime());
                }
            });
            installModel(dir, jdbcUrl);
            awaitReady(http, basic);

            List<String[]> devs = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String body = http.send(
                                HttpRequest.newBuilder(hub.resolve("/api/v1/devices"))
                                        .header("Authorization", basic)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + i + "\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher id = ID.matcher(body);
                Matcher token = TOKEN.matcher(body);
                if (!id.find() || !token.find()) {
                    throw new IllegalStateException("device not created: " + body);
                }
                devs.add(new String[] {id.group(1), token.group(1)});
            }
            // segment times of the past hours, 10 min apart per round: far beyond the episode bridge
            long base = (System.currentTimeMillis() - TimeUnit.HOURS.toMillis(6)) / 3000 * 3000;
            List<Long> delays = new ArrayList<>();
            int missing = 0;
            for (int r = 0; r < rounds + warmup; r++) {
                long startMs = base + r * 600_000L;
                List<Thread> threads = new ArrayList<>();
                ConcurrentHashMap<String, Long> answered = new ConcurrentHashMap<>();
                for (String[] d : devs) {
                    byte[] wav = SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 5000 + r);
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            HttpResponse<Void> res = http.send(
                                    HttpRequest.newBuilder(hub.resolve("/api/v1/segments/" + startMs))
                                            .header("Authorization", "Bearer " + d[1])
                                            .header("Content-Type", "audio/wav")
                                            .PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (res.statusCode() == 201) {
                                answered.put(d[0] + ":" + startMs, System.nanoTime());
                            }
                        } catch (IOException | InterruptedException e) {
                            System.err.println("upload failed: " + e);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && !startedAt.keySet().containsAll(answered.keySet())) {
                    Thread.sleep(20);
                }
                if (r < warmup) {
                    continue;
                }
                for (var e : answered.entrySet()) {
                    Long at = startedAt.get(e.getKey());
                    if (at == null) {
                        missing++;
                    } else {
                        delays.add(Math.max(0, at - e.getValue()));
                    }
                }
            }
            long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "episodes measured: %d (%d uploads without a started message in 30 s)%n", d.length, missing);
            if (d.length > 0) {
                System.out.printf(
                        "201 -> MQTT started ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                        pct(d, 50), pct(d, 95), pct(d, 99), d[d.length - 1] / 1e6);
                System.out.printf(
                        "RESULT_NOTIFY episodes=%d missing=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f%n",
                        d.length, missing, pct(d, 50), pct(d, 95), pct(d, 99));
            }
            sub.disconnect();
            return d.length > 0 && missing == 0 ? 0 : 1;
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private Process startHub(Path dir) throws Exception {
        int port;
        int managementPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0);
                java.net.ServerSocket m = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
            managementPort = m.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(hubJavaOptions);
        command.addAll(List.of("-jar", hubJar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolveSibling(dir.getFileName() + "-hub.log").toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        pb.environment().put("BUDDYBORK_DATA_DIR", dir.toString());
        pb.environment().put("BUDDYBORK_ADMIN_PASSWORD", adminPassword);
        pb.environment().put("BUDDYBORK_DETECTION_CHECK_INTERVAL", "2s");
        pb.environment().put("BUDDYBORK_MQTT_URL", mqtt);
        pb.environment().put("BUDDYBORK_MQTT_TOPIC_PREFIX", prefix);
        pb.environment().put("BUDDYBORK_MQTT_DISCOVERY_PREFIX", prefix + "-ha");
        Process p = pb.start();
        hub = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("hub exited early; see " + dir + "-hub.log");
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(hub.resolve("/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    System.out.printf(
                            "started hub %s (data %s, database %s, MQTT %s prefix %s)%n",
                            hub, dir, jdbcUrl, mqtt, prefix);
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("hub not ready in 120 s");
    }

    private void awaitReady(HttpClient http, String basic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = http.send(
                            HttpRequest.newBuilder(hub.resolve("/api/v1/detections/status"))
                                    .header("Authorization", basic)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = STATE.matcher(last);
            if (m.find() && m.group(1).equals("ready")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the hub's detector is not ready: " + last);
    }

    /** The model of {@code bench/ingest-load --detect}: bark and beep from synthetic sounds, active at once. */
    private static void installModel(Path dataDir, String jdbcUrl) throws Exception {
        OpenSetModel model = BarkBeepModel.train();
        String relative = "models/bench-" + System.currentTimeMillis() + ".model";
        Files.createDirectories(dataDir.resolve("models"));
        ModelStore.save(model, dataDir.resolve(relative));
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            c.setAutoCommit(false);
            long bark = tag(c, "bark");
            long beep = tag(c, "beep");
            try (PreparedStatement off = c.prepareStatement("update model set active = false where active")) {
                off.executeUpdate();
            }
            try (PreparedStatement q =
                    c.prepareStatement("insert into model (name, tags, file_path, active, activated_at)"
                            + " values ('bench', cast(? as jsonb), ?, true, now())")) {
                q.setString(1, "[{\"id\":" + bark + ",\"name\":\"bark\"},{\"id\":" + beep + ",\"name\":\"beep\"}]");
                q.setString(2, relative);
                q.executeUpdate();
            }
            c.commit();
        }
    }

    private static long tag(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("insert into tag (name) values (?) on conflict (name) do update"
                + " set name = excluded.name returning id")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
