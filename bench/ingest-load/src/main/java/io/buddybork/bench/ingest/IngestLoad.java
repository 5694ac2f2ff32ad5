package io.buddybork.bench.ingest;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load generator for the hub's ingest endpoint: creates N devices through the admin API, then
 * makes each upload one real-size 3 s segment (264,644 bytes) every {@code --interval-ms}, with
 * random phases, open loop (a slow hub does not slow the devices down, as with real microphones).
 * Latency is measured from each upload's scheduled time to its answer, so queueing on either side
 * counts. Reports sustained segments/s and latency percentiles over the measurement window.
 * With {@code --detect} it also activates a model trained on synthetic sounds, uploads those
 * sounds, and measures the delay from each upload's 201 to its detection event on the live feed
 * ({@link DetectionProbe}).
 */
@Command(
        name = "ingest-load",
        mixinStandardHelpOptions = true,
        description =
                "Drive N simulated devices at PUT /api/v1/segments/{startMs} and report segments/s and p50/p99 latency.")
public final class IngestLoad implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    @Option(names = "--hub", description = "Hub base URL (ignored with --start-hub). Default: ${DEFAULT-VALUE}")
    URI hub = URI.create("http://127.0.0.1:8080");

    @Option(names = "--admin-user", description = "Admin user. Default: ${DEFAULT-VALUE}")
    String adminUser = "admin";

    @Option(names = "--admin-password", description = "Admin password (default: $BUDDYBORK_ADMIN_PASSWORD)")
    String adminPassword = System.getenv("BUDDYBORK_ADMIN_PASSWORD");

    @Option(names = "--devices", description = "Simulated devices. Default: ${DEFAULT-VALUE}")
    int devices = 900;

    @Option(names = "--interval-ms", description = "Upload interval per device. Default: ${DEFAULT-VALUE}")
    long intervalMs = SegmentFormat.SEGMENT_MILLIS;

    @Option(names = "--warmup-s", description = "Seconds of load before measuring. Default: ${DEFAULT-VALUE}")
    int warmupSeconds = 15;

    @Option(names = "--duration-s", description = "Seconds measured. Default: ${DEFAULT-VALUE}")
    int durationSeconds = 60;

    @Option(
            names = "--start-hub",
            description = "Start this hub jar (quarkus-run.jar) on a free port for the run, then stop it")
    Path hubJar;

    @Option(names = "--jdbc-url", description = "Database for --start-hub. Default: ${DEFAULT-VALUE}")
    String jdbcUrl = "jdbc:postgresql://localhost:5432/buddybork_it";

    @Option(names = "--data-dir", description = "Data directory for --start-hub. Default: a new temp directory")
    Path dataDir;

    @Option(names = "--hub-java-options", split = " ", description = "JVM options for --start-hub, e.g. \"-Xmx1g\"")
    List<String> hubJavaOptions = new ArrayList<>();

    @Option(
            names = "--management",
            description = "Hub management interface (metrics), localhost only; "
                    + "ignored with --start-hub. Default: ${DEFAULT-VALUE}")
    URI management = URI.create("http://127.0.0.1:9000");

    @Option(names = "--hub-env", description = "Extra environment for --start-hub, NAME=VALUE (repeatable)")
    Map<String, String> hubEnv = new TreeMap<>();

    @Option(
            names = "--detect",
            description =
                    "Also measure live detection: activate a model (needs --start-hub, or"
                            + " --data-dir and --jdbc-url of the running hub) and time each upload's 201 to its SSE detection event")
    boolean detect;

    @Option(
            names = "--detect-wait-s",
            description = "Seconds to wait for outstanding detection events. Default: ${DEFAULT-VALUE}")
    int detectWaitSeconds = 60;

    @Option(
            names = "--drain-wait-s",
            description = "With --detect: after the run, seconds to wait for the detector's queue and backlog to"
                    + " drain, reporting its scoring rate meanwhile (0: do not wait). Default: ${DEFAULT-VALUE}")
    int drainWaitSeconds;

    @Option(
            names = "--sse-streams",
            description = "Also attempt this many /api/v1/live streams as the admin during the run (issue 19),"
                    + " never reading the accepted ones. Default: ${DEFAULT-VALUE}")
    int sseStreams;

    private DetectionProbe probe;
    private Path hubDataDir;
    private final List<Long> deviceIds = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final ConcurrentLinkedQueue<Long> latenciesNanos = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong measuredBytes = new AtomicLong();

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Process hubProcess = null;
        try {
            if (hubJar != null) {
                if (adminPassword == null) {
                    adminPassword = "bench-admin-" + Long.toHexString(new Random().nextLong());
                }
                hubProcess = startHub();
            }
            if (adminPassword == null) {
                System.err.println("Give --admin-password or set BUDDYBORK_ADMIN_PASSWORD");
                return 2;
            }
            return run();
        } finally {
            if (hubProcess != null) {
                hubProcess.destroy();
                hubProcess.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private int run() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        System.out.printf(
                "hub %s, %d devices, one 3 s segment per device every %d ms (offered %.1f segments/s)%n",
                hub, devices, intervalMs, devices * 1000.0 / intervalMs);
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
        if (detect) {
            Path dir = hubDataDir != null ? hubDataDir : dataDir;
            if (dir == null) {
                System.err.println("--detect against a running hub needs its --data-dir and --jdbc-url");
                return 2;
            }
            long modelId = DetectionProbe.installModel(dir, jdbcUrl);
            DetectionProbe.awaitReady(http, hub, basic, 120);
            System.out.printf("model %d active; listening to /api/v1/live%n", modelId);
            probe = new DetectionProbe();
            probe.listen(hub, basic);
        }
        List<String> tokens = createDevices(http);
        byte[][] segments = new byte[16][];
        Random random = new Random(42);
        for (int i = 0; i < segments.length; i++) {
            if (detect) {
                segments[i] = SyntheticSounds.wav(SyntheticSounds.Kind.values()[i % 3], 7000 + i);
                continue;
            }
            short[] samples = new short[SegmentFormat.SEGMENT_FRAMES];
            for (int j = 0; j < samples.length; j++) {
                samples[j] = (short) (random.nextGaussian() * 3000);
            }
            segments[i] = WavCodec.encode(samples, SegmentFormat.SAMPLE_RATE);
        }

        long t0 = System.nanoTime();
        long measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        // start times lie in the past (the hub refuses the future) and never repeat between runs
        long firstStartMs = (System.currentTimeMillis() - 24 * 3600_000L) / 3000 * 3000;
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        AtomicLong measuredDone = new AtomicLong();
        List<SimulatedDevice> simulated = new ArrayList<>();
        for (int d = 0; d < tokens.size(); d++) {
            SimulatedDevice device = new SimulatedDevice(
                    http,
                    deviceIds.get(d),
                    tokens.get(d),
                    segments[d % segments.length],
                    firstStartMs,
                    measureFrom,
                    measureTo,
                    measuredDone);
            simulated.add(device);
            long phaseNanos = (long) (random.nextDouble() * TimeUnit.MILLISECONDS.toNanos(intervalMs));
            long deviceStart = t0 + phaseNanos;
            AtomicLong k = new AtomicLong();
            ticker.scheduleAtFixedRate(
                    () -> {
                        long n = k.getAndIncrement();
                        long scheduled = deviceStart + n * TimeUnit.MILLISECONDS.toNanos(intervalMs);
                        if (scheduled < measureTo) {
                            device.segmentReady(n, scheduled);
                        }
                    },
                    phaseNanos,
                    TimeUnit.MILLISECONDS.toNanos(intervalMs),
                    TimeUnit.NANOSECONDS);
        }
        StreamFlood flood = null;
        if (sseStreams > 0) {
            flood = new StreamFlood();
            flood.start(hub, adminUser, adminPassword, sseStreams);
            System.out.printf("attempting %d live streams (accepted ones held unread)%n", sseStreams);
        }
        System.out.printf("warming up %d s, then measuring %d s ...%n", warmupSeconds, durationSeconds);
        long endWait = measureTo + TimeUnit.SECONDS.toNanos(35);
        while (System.nanoTime() < measureTo) {
            Thread.sleep(1000);
        }
        ticker.shutdownNow();
        while (inFlight.get() > 0 && System.nanoTime() < endWait) {
            Thread.sleep(100);
        }
        report(measuredDone.get());
        if (flood != null) {
            System.out.println(flood.summary());
            flood.stop();
        }
        reportServerSide(http);
        if (probe != null) {
            probe.report(http, hub, basic, detectWaitSeconds, drainWaitSeconds);
        }
        return errors.get() == 0 && statuses.keySet().stream().allMatch(s -> s == 201) ? 0 : 1;
    }

    /**
     * One device: a new segment every interval, uploaded one at a time like the edge agent (a
     * segment that is ready while an upload is running waits in the spool); latency counts from
     * the moment the segment was ready.
     */
    private final class SimulatedDevice {
        private final HttpClient http;
        private final long deviceId;
        private final String token;
        private final byte[] wav;
        private final long firstStartMs;
        private final long measureFrom;
        private final long measureTo;
        private final AtomicLong measuredDone;
        private final java.util.ArrayDeque<long[]> spool = new java.util.ArrayDeque<>();
        private boolean busy;

        SimulatedDevice(
                HttpClient http,
                long deviceId,
                String token,
                byte[] wav,
                long firstStartMs,
                long measureFrom,
                long measureTo,
                AtomicLong measuredDone) {
            this.http = http;
            this.deviceId = deviceId;
            this.token = token;
            this.wav = wav;
            this.firstStartMs = firstStartMs;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            this.measuredDone = measuredDone;
        }

        synchronized void segmentReady(long n, long readyNanos) {
            spool.add(new long[] {n, readyNanos});
            if (!busy) {
                sendNext();
            }
        }

        private void sendNext() {
            long[] next = spool.poll();
            if (next == null) {
                busy = false;
                return;
            }
            busy = true;
            long startMs = firstStartMs + next[0] * 3000L;
            long scheduled = next[1];
            HttpRequest request = HttpRequest.newBuilder(hub.resolve("/api/v1/segments/" + startMs))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "audio/wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                    .build();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long done = System.nanoTime();
                inFlight.decrementAndGet();
                if (scheduled >= measureFrom && scheduled < measureTo) {
                    if (failure != null) {
                        errors.incrementAndGet();
                    } else {
                        statuses.computeIfAbsent(response.statusCode(), c -> new AtomicInteger())
                                .incrementAndGet();
                        if (response.statusCode() == 201 && probe != null) {
                            probe.answered(deviceId, startMs, done);
                        }
                        if (response.statusCode() == 201 || response.statusCode() == 200) {
                            latenciesNanos.add(done - scheduled);
                            measuredBytes.addAndGet(wav.length);
                            measuredDone.incrementAndGet();
                        }
                    }
                }
                synchronized (SimulatedDevice.this) {
                    sendNext();
                }
            });
        }
    }

    private void report(long stored) {
        long[] lat = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double rate = stored / (double) durationSeconds;
        System.out.printf(
                "statuses %s, transport errors %d, max in flight %d%n",
                new TreeMap<>(statuses), errors.get(), maxInFlight.get());
        System.out.printf(
                "sustained: %.1f segments/s (%.1f MB/s) over %d s%n",
                rate, measuredBytes.get() / 1e6 / durationSeconds, durationSeconds);
        if (lat.length > 0) {
            System.out.printf(
                    "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 99.9), lat[lat.length - 1] / 1e6);
        }
        System.out.printf(
                "RESULT devices=%d segments_per_s=%.1f p50_ms=%.1f p99_ms=%.1f%n",
                devices,
                rate,
                lat.length == 0 ? Double.NaN : pct(lat, 50),
                lat.length == 0 ? Double.NaN : pct(lat, 99));
    }

    /** The hub's own view: mean handling time of stored uploads from its Prometheus timer. */
    private void reportServerSide(HttpClient http) {
        try {
            String metrics = http.send(
                            HttpRequest.newBuilder(management.resolve("/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher count = Pattern.compile(
                            "buddybork_ingest_duration_seconds_count\\{outcome=\"stored\"[^}]*} ([0-9.E]+)")
                    .matcher(metrics);
            Matcher sum = Pattern.compile("buddybork_ingest_duration_seconds_sum\\{outcome=\"stored\"[^}]*} ([0-9.E]+)")
                    .matcher(metrics);
            // refusals by reason (ingest-busy: the in-flight bound; hub-busy: the body budget)
            metrics.lines()
                    .filter(l -> (l.startsWith("buddybork_segments_total{") && l.contains("outcome=\"rejected\""))
                            // live streams the hub closed because their reader fell behind (the probe's)
                            || l.startsWith("buddybork_live_slow_closed_total"))
                    .forEach(l -> System.out.println("hub side: " + l));
            if (count.find() && sum.find()) {
                double n = Double.parseDouble(count.group(1));
                System.out.printf(
                        "hub side: %.0f stored, mean handling %.1f ms (whole run, from the management interface's /q/metrics)%n",
                        n, n == 0 ? 0 : Double.parseDouble(sum.group(1)) / n * 1000);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("hub side: metrics unavailable (" + e + ")");
        }
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private List<String> createDevices(HttpClient http) throws Exception {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> futures = new ArrayList<>();
        long runId = System.currentTimeMillis() % 100000;
        for (int i = 0; i < devices; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(hub.resolve("/api/v1/devices"))
                                .header("Authorization", basic)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"bench-" + runId + "-" + n + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("creating a device answered " + r.statusCode() + ": " + r.body());
                }
                Matcher token = TOKEN.matcher(r.body());
                Matcher id = ID.matcher(r.body());
                if (!token.find() || !id.find()) {
                    throw new IllegalStateException("unexpected body " + r.body());
                }
                return token.group(1) + " " + id.group(1);
            }));
        }
        List<String> tokens = new ArrayList<>();
        for (Future<String> f : futures) {
            String[] tokenAndId = f.get().split(" ");
            tokens.add(tokenAndId[0]);
            deviceIds.add(Long.parseLong(tokenAndId[1]));
        }
        pool.shutdown();
        System.out.printf("created %d devices%n", tokens.size());
        return tokens;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process startHub() throws IOException, InterruptedException {
        // ports given with --hub-env (a shared machine's own range) win over free ones
        int port = hubEnv.containsKey("QUARKUS_HTTP_PORT")
                ? Integer.parseInt(hubEnv.get("QUARKUS_HTTP_PORT"))
                : freePort();
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("buddybork-bench-");
        hubDataDir = dir;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(hubJavaOptions);
        command.addAll(Arrays.asList("-jar", hubJar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolveSibling(dir.getFileName() + "-hub.log").toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        int managementPort = hubEnv.containsKey("QUARKUS_MANAGEMENT_PORT")
                ? Integer.parseInt(hubEnv.get("QUARKUS_MANAGEMENT_PORT"))
                : freePort();
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        pb.environment().put("BUDDYBORK_DATA_DIR", dir.toString());
        pb.environment().put("BUDDYBORK_ADMIN_PASSWORD", adminPassword);
        if (detect) {
            pb.environment()
                    .put("BUDDYBORK_DETECTION_CHECK_INTERVAL", "2s"); // picks up the model the harness activates
        }
        pb.environment().putAll(hubEnv);
        Process p = pb.start();
        hub = URI.create("http://127.0.0.1:" + port);
        management = URI.create("http://127.0.0.1:" + managementPort);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
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
                    System.out.printf("started hub %s (data %s, database %s)%n", hub, dir, jdbcUrl);
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("hub not ready in 90 s");
    }
}
