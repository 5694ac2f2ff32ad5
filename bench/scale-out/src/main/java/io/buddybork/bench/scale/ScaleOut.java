package io.buddybork.bench.scale;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.model.wav.WavCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale-out benchmark of issue 22, one command: starts S3Proxy, packaged hubs and detect
 * workers (each point on a fresh database {@code buddybork_bench_scale_*}, a fresh bucket and a
 * fresh broker prefix on the local RabbitMQ), measures (a) detection throughput of 1, 2, 4, ...
 * worker processes draining a backlog, (b) ingest latency at a fixed upload rate with two
 * {@code web,ingest} hubs on S3 (devices split between the two ports) vs one hub on local disk,
 * and (c) upload -> {@code /api/v1/live} latency in both modes; stops everything and prints
 * Markdown tables with the machine's load at each point.
 */
@Command(
        name = "scale-out",
        mixinStandardHelpOptions = true,
        description = "Detection throughput with N workers, ingest p99 with two hubs on S3 vs one on local disk,"
                + " upload -> live event latency; prints Markdown.")
public final class ScaleOut implements Callable<Integer> {
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern DEVICE = Pattern.compile("\"deviceId\"\\s*:\\s*(\\d+)");
    private static final Pattern START = Pattern.compile("\"startMs\"\\s*:\\s*(\\d+)");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z]+)\"");

    @Option(names = "--hub-jar", description = "The packaged hub. Default: ${DEFAULT-VALUE}")
    Path hubJar = Path.of("hub-server/target/quarkus-app/quarkus-run.jar");

    @Option(
            names = "--s3proxy-jar",
            description = "S3Proxy's fat jar. Default: target/s3proxy/s3proxy.jar beside this jar")
    Path s3proxyJar;

    @Option(
            names = "--parts",
            split = ",",
            description = "Which measurements: detect, ingest, live. Default: ${DEFAULT-VALUE}")
    List<String> parts = List.of("detect", "ingest", "live");

    @Option(
            names = "--workers",
            split = ",",
            description = "Worker process counts for detect. Default: ${DEFAULT-VALUE}")
    List<Integer> workers = List.of(1, 2, 4);

    @Option(
            names = "--worker-threads",
            description =
                    "Scoring threads per worker (BUDDYBORK_DETECTION_THREADS; 0: one per core). Default: ${DEFAULT-VALUE}")
    int workerThreads = 1;

    @Option(
            names = "--worker-low-priority",
            description = "Keep the workers' scoring threads at nice 19 (the hub's default); off by default so that"
                    + " on a shared machine the figure is the workers' own. Default: ${DEFAULT-VALUE}")
    boolean workerLowPriority;

    @Option(names = "--backlog", description = "Stored segments the workers drain (detect). Default: ${DEFAULT-VALUE}")
    int backlog = 600;

    @Option(names = "--detect-timeout-s", description = "Longest wait for the backlog. Default: ${DEFAULT-VALUE}")
    int detectTimeoutSeconds = 600;

    @Option(
            names = "--rate",
            description = "Uploads/s offered (ingest); 3 s segments, so rate x 3 devices. Default: ${DEFAULT-VALUE}")
    int rate = 300;

    @Option(names = "--warmup-s", description = "Load before measuring (ingest, live). Default: ${DEFAULT-VALUE}")
    int warmupSeconds = 10;

    @Option(names = "--duration-s", description = "Seconds measured (ingest). Default: ${DEFAULT-VALUE}")
    int durationSeconds = 30;

    @Option(names = "--live-rate", description = "Uploads/s while timing live events. Default: ${DEFAULT-VALUE}")
    int liveRate = 4;

    @Option(names = "--live-duration-s", description = "Seconds measured (live). Default: ${DEFAULT-VALUE}")
    int liveDurationSeconds = 30;

    @Option(names = "--live-workers", description = "Workers in the scaled live mode. Default: ${DEFAULT-VALUE}")
    int liveWorkers = 2;

    @Option(
            names = "--catch-up-horizon",
            description =
                    "BUDDYBORK_DETECTION_CATCH_UP_HORIZON of every node: short, so that activating the model"
                            + " does not also score the segments of earlier points (they start 1-2 h back). Default: ${DEFAULT-VALUE}")
    String catchUpHorizon = "1M";

    @Option(
            names = "--hub-java-options",
            split = " ",
            description = "JVM options of hubs and workers. Default: ${DEFAULT-VALUE}")
    List<String> hubJavaOptions = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED");

    @Option(
            names = "--s3proxy-java-options",
            split = " ",
            description = "JVM options of S3Proxy. Default: ${DEFAULT-VALUE}")
    List<String> s3proxyJavaOptions = List.of("-Xmx256m");

    @Option(
            names = "--jdbc-server",
            description = "PostgreSQL (user postgres) for the run's databases. Default: ${DEFAULT-VALUE}")
    String jdbcServer = "jdbc:postgresql://127.0.0.1:5432/";

    @Option(names = "--broker-url", description = "RabbitMQ. Default: ${DEFAULT-VALUE}")
    String brokerUrl = "amqp://guest:guest@127.0.0.1:5672";

    @Option(names = "--work-dir", description = "Data directories and logs. Default: a new directory under /tmp")
    Path workDir;

    @Option(names = "--keep", description = "Keep the databases, queues and work directory")
    boolean keep;

    private final String adminPassword = "bench-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final Api api = new Api(http, adminPassword);
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final List<String> detectRows = new ArrayList<>();
    private final List<String> ingestRows = new ArrayList<>();
    private final List<String> liveRows = new ArrayList<>();
    private S3Proxy s3;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScaleOut()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(hubJar)) {
            System.err.println("No hub at " + hubJar + ": ./mvnw -B -pl hub-server -am package -DskipTests");
            return 2;
        }
        if (s3proxyJar == null) {
            Path self = Path.of(ScaleOut.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            s3proxyJar = self.resolveSibling("s3proxy").resolve("s3proxy.jar");
        }
        if (workDir == null) {
            workDir = Files.createTempDirectory("buddybork-bench-scale-");
        }
        Files.createDirectories(workDir);
        String started = Instant.now().toString();
        String loadBefore = load();
        log(
                "work directory %s; %d cores; load %s",
                workDir, Runtime.getRuntime().availableProcessors(), loadBefore);
        try (S3Proxy proxy = new S3Proxy(s3proxyJar.toAbsolutePath(), workDir, s3proxyJavaOptions)) {
            s3 = proxy;
            log("S3Proxy at %s (pid %d)", proxy.endpoint, proxy.pid());
            // a point that fails is reported and the others still run
            if (parts.contains("detect")) {
                for (int k : workers) {
                    point("detect with " + k + " worker(s)", () -> detectThroughput(k));
                }
            }
            if (parts.contains("ingest") || parts.contains("live")) {
                point("one hub on local disk", () -> modes(false));
                point("two hubs on S3", () -> modes(true));
            }
        } finally {
            if (!keep) {
                deleteTree(workDir);
            }
        }
        printReport(started, loadBefore);
        return failures.isEmpty() ? 0 : 1;
    }

    /** A measured point of the run. */
    @FunctionalInterface
    private interface Point {
        void run() throws Exception;
    }

    private final List<String> failures = new ArrayList<>();

    private void point(String name, Point p) {
        try {
            p.run();
        } catch (Exception e) {
            log("%s failed: %s", name, e);
            e.printStackTrace(System.out);
            failures.add(name + ": " + e);
        }
    }

    // ---------------------------------------------------------------- (a) detection throughput

    private void detectThroughput(int k) throws Exception {
        try (Cluster c = new Cluster("det" + k, true)) {
            Node hub = c.start("hub", "web,ingest", Map.of()).awaitReady(Duration.ofMinutes(4));
            long modelId = api.installModel(hub.base, workDir);
            // one upload in flight per device at most (the hub admits 8 unfinished bodies per client)
            int deviceCount = Math.max(16, (backlog + 49) / 50);
            List<Api.Device> devices = api.createDevices(hub.base, "backlog", deviceCount);
            byte[][] wavs = sounds();
            long first = (System.currentTimeMillis() - 3_600_000L) / 3000 * 3000;
            Semaphore inFlight = new Semaphore(16);
            AtomicInteger stored = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            log("det%d: uploading a backlog of %d segments with model %d active and no worker", k, backlog, modelId);
            for (int i = 0; i < backlog; i++) {
                Api.Device d = devices.get(i % deviceCount);
                long startMs = first + (i / deviceCount) * 3000L;
                inFlight.acquire();
                upload(hub.base, d, startMs, wavs[i % wavs.length]).whenComplete((r, e) -> {
                    if (e == null && r.statusCode() == 201) {
                        stored.incrementAndGet();
                    } else {
                        failures.add(e != null ? e.toString() : Integer.toString(r.statusCode()));
                    }
                    inFlight.release(); // after counting: the wait for all permits reads the count
                });
            }
            inFlight.acquire(16);
            if (!failures.isEmpty()) {
                throw new IllegalStateException(
                        "backlog uploads failed: " + failures.stream().limit(5).toList());
            }
            String loadAtStart = load();
            log("det%d: %d stored; starting %d worker(s), load %s", k, stored.get(), k, loadAtStart);
            long t0 = System.nanoTime();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("BUDDYBORK_DETECTION_THREADS", Integer.toString(workerThreads));
            env.put("BUDDYBORK_DETECTION_LOW_PRIORITY", Boolean.toString(workerLowPriority));
            for (int w = 0; w < k; w++) {
                c.start("worker" + w, "detect", env);
            }
            long deadline = t0 + TimeUnit.SECONDS.toNanos(detectTimeoutSeconds);
            long tFirst = -1;
            long t10 = -1;
            long t90 = -1;
            long tAll = -1;
            int scored = 0;
            try (java.sql.Connection db = DriverManager.getConnection(jdbcServer + c.database, "postgres", null);
                    Statement st = db.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = st.executeQuery(
                            "select count(distinct raw_id) from detection where model_id = " + modelId)) {
                        rs.next();
                        scored = rs.getInt(1);
                    }
                    long now = System.nanoTime();
                    if (scored > 0 && tFirst < 0) {
                        tFirst = now;
                    }
                    if (scored >= backlog / 10 && t10 < 0) {
                        t10 = now;
                    }
                    if (scored >= backlog * 9 / 10 && t90 < 0) {
                        t90 = now;
                    }
                    if (scored >= stored.get()) {
                        tAll = now;
                        break;
                    }
                    Thread.sleep(100);
                }
            }
            double rate = t10 > 0 && t90 > t10 ? (backlog * 9 / 10 - backlog / 10) / ((t90 - t10) / 1e9) : Double.NaN;
            double whole = tFirst > 0 && tAll > tFirst ? (scored - 1) / ((tAll - tFirst) / 1e9) : Double.NaN;
            String loadAtEnd = load();
            log(
                    "det%d: %d of %d scored; %.1f segments/s from 10 %% to 90 %%, %.1f from the first to the last",
                    k, scored, stored.get(), rate, whole);
            detectRows.add(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %d | **%.1f** | %.1f | %.1f | %.1f s | %s -> %s |",
                    k,
                    workerThreads == 0 ? "1/core" : Integer.toString(workerThreads),
                    stored.get(),
                    scored,
                    rate,
                    rate / k / Math.max(1, workerThreads),
                    whole,
                    tFirst > 0 ? (tFirst - t0) / 1e9 : Double.NaN,
                    loadAtStart,
                    loadAtEnd));
        }
    }

    // ---------------------------------------------------------------- (b) ingest and (c) live, per mode

    private void modes(boolean scaled) throws Exception {
        String mode = scaled ? "2 hubs (web,ingest) on S3 + RabbitMQ" : "1 hub, local disk, in process";
        try (Cluster c = new Cluster(scaled ? "s3" : "local", scaled)) {
            List<Node> hubs = new ArrayList<>();
            if (scaled) {
                Node a = c.start("hubA", "web,ingest", Map.of());
                Node b = c.start("hubB", "web,ingest", Map.of());
                hubs.add(a.awaitReady(Duration.ofMinutes(4)));
                hubs.add(b.awaitReady(Duration.ofMinutes(4)));
            } else {
                hubs.add(c.start("hub", "web,ingest,detect,train", Map.of()).awaitReady(Duration.ofMinutes(4)));
            }
            if (parts.contains("ingest")) {
                ingest(mode, hubs);
            }
            if (parts.contains("live")) {
                installModelRetrying(hubs.get(0).base);
                if (scaled) {
                    List<Node> started = new ArrayList<>();
                    for (int w = 0; w < liveWorkers; w++) {
                        started.add(c.start("worker" + w, "detect", Map.of()));
                    }
                    for (Node w : started) {
                        w.awaitReady(Duration.ofMinutes(4));
                    }
                } else {
                    awaitDetectorReady(hubs.get(0).base);
                }
                live(
                        scaled ? "2 hubs (web,ingest) + " + liveWorkers + " workers (detect) on S3 + RabbitMQ" : mode,
                        hubs);
            }
        }
    }

    /** After an overloaded ingest point the hub may still be catching up: a few tries, 15 s apart. */
    private void installModelRetrying(URI hub) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                api.installModel(hub, workDir);
                return;
            } catch (IllegalStateException | java.io.IOException e) {
                if (attempt == 4) {
                    throw e;
                }
                log("model import failed (%s); again in 15 s", e.getMessage());
                Thread.sleep(15_000);
            }
        }
    }

    private void ingest(String mode, List<Node> hubs) throws Exception {
        int n = rate * 3;
        List<Api.Device> devices = api.createDevices(hubs.get(0).base, "load", n);
        byte[][] wavs = noise();
        String loadAtStart = load();
        log(
                "ingest, %s: %d devices (%d/s), %d s warm-up, %d s measured; load %s",
                mode, n, rate, warmupSeconds, durationSeconds, loadAtStart);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        OpenLoop loop =
                new OpenLoop(devices, hubs, wavs, warmupSeconds, durationSeconds, (i, scheduled, sent, r, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                        return;
                    }
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                    if (r.statusCode() == 201) {
                        latencies.add(System.nanoTime() - scheduled);
                    }
                });
        loop.run();
        int answered = statuses.values().stream().mapToInt(AtomicInteger::get).sum() + errors.get();
        int unanswered = loop.due.get() - answered;
        long[] lat = sorted(latencies);
        String loadAtEnd = load();
        ingestRows.add(String.format(
                Locale.ROOT,
                "| %s | %d/s | %.1f/s | %.1f | %.1f | **%.1f** | %.1f | %s%s%s | %s -> %s |",
                mode,
                rate,
                lat.length / (double) durationSeconds,
                pct(lat, 50),
                pct(lat, 90),
                pct(lat, 99),
                lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6,
                new TreeMap<>(statuses),
                errors.get() > 0 ? ", " + errors.get() + " transport errors" : "",
                unanswered > 0
                        ? ", " + unanswered + " of " + loop.due.get()
                                + " never answered (spooled or in flight at the end)"
                        : "",
                loadAtStart,
                loadAtEnd));
        log("ingest, %s: %s", mode, ingestRows.get(ingestRows.size() - 1));
    }

    private void live(String mode, List<Node> hubs) throws Exception {
        Node listened = hubs.get(0);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> segmentAt = new ConcurrentHashMap<>();
        Map<String, Long> detectionAt = new ConcurrentHashMap<>();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(
                HttpRequest.newBuilder(listened.base.resolve("/api/v1/live"))
                        .header("Authorization", api.basic)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("/api/v1/live answered " + stream.statusCode());
        }
        CompletableFuture<Void> sse = CompletableFuture.runAsync(() -> stream.body()
                .filter(l -> l.startsWith("data:"))
                .forEach(l -> {
                    long now = System.nanoTime();
                    Matcher t = TYPE.matcher(l);
                    Matcher d = DEVICE.matcher(l);
                    Matcher s = START.matcher(l);
                    if (t.find() && d.find() && s.find()) {
                        String key = d.group(1) + ":" + s.group(1);
                        if (t.group(1).equals("segment")) {
                            segmentAt.putIfAbsent(key, now);
                        } else if (t.group(1).equals("detection")) {
                            detectionAt.putIfAbsent(key, now);
                        }
                    }
                }));
        int n = liveRate * 3;
        List<Api.Device> devices = api.createDevices(listened.base, "live", n);
        String loadAtStart = load();
        log("live, %s: %d devices (%d/s), listening on %s; load %s", mode, n, liveRate, listened.name, loadAtStart);
        AtomicInteger answered = new AtomicInteger();
        OpenLoop loop = new OpenLoop(
                devices,
                hubs,
                sounds(),
                Math.min(warmupSeconds, 10),
                liveDurationSeconds,
                (i, scheduled, sent, r, e) -> {
                    if (e == null && r.statusCode() == 201) {
                        answered.incrementAndGet();
                        sentAt.put(i, sent);
                    }
                });
        loop.run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline
                && (!detectionAt.keySet().containsAll(sentAt.keySet())
                        || !segmentAt.keySet().containsAll(sentAt.keySet()))) {
            Thread.sleep(200);
        }
        sse.cancel(true);
        long[] seg = delays(sentAt, segmentAt);
        long[] det = delays(sentAt, detectionAt);
        liveRows.add(String.format(
                Locale.ROOT,
                "| %s | %d | %d / %.0f / %.0f / %.0f | %d / %.0f / %.0f / **%.0f** | %s -> %s |",
                mode,
                sentAt.size(),
                seg.length,
                pct(seg, 50),
                pct(seg, 95),
                pct(seg, 99),
                det.length,
                pct(det, 50),
                pct(det, 95),
                pct(det, 99),
                loadAtStart,
                load()));
        log("live, %s: %s", mode, liveRows.get(liveRows.size() - 1));
    }

    private static long[] delays(Map<String, Long> sent, Map<String, Long> arrived) {
        List<Long> out = new ArrayList<>();
        sent.forEach((key, at) -> {
            Long a = arrived.get(key);
            if (a != null) {
                out.add(Math.max(0, a - at));
            }
        });
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private void awaitDetectorReady(URI hub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = api.send(HttpRequest.newBuilder(hub.resolve("/api/v1/detections/status")), 200)
                    .body();
            Matcher m = STATE.matcher(last);
            if (m.find() && m.group(1).equals("ready")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the detector is not ready: " + last);
    }

    // ---------------------------------------------------------------- load generation

    /** What the open loop reports for each measured upload (key "device:startMs"). */
    @FunctionalInterface
    interface Outcome {
        void done(String key, long scheduledNanos, long sentNanos, HttpResponse<Void> response, Throwable failure);
    }

    /**
     * Devices that each make a 3 s segment every 3 s (random phase) and upload one at a time, like
     * the edge agent, device i to hub i mod hubs; latency counts from the moment a segment is ready
     * (no coordinated omission). As in bench/ingest-load.
     */
    private final class OpenLoop {
        private final List<Api.Device> devices;
        private final List<Node> hubs;
        private final byte[][] wavs;
        private final int warmup;
        private final int duration;
        private final Outcome outcome;
        private final AtomicInteger inFlight = new AtomicInteger();
        /** Segments ready within the measured window: those never answered are still spooled or in flight at the end. */
        final AtomicInteger due = new AtomicInteger();

        OpenLoop(List<Api.Device> devices, List<Node> hubs, byte[][] wavs, int warmup, int duration, Outcome outcome) {
            this.devices = devices;
            this.hubs = hubs;
            this.wavs = wavs;
            this.warmup = warmup;
            this.duration = duration;
            this.outcome = outcome;
        }

        void run() throws InterruptedException {
            long t0 = System.nanoTime();
            long measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmup);
            long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(duration);
            long firstStartMs = (System.currentTimeMillis() - 2 * 3_600_000L) / 3000 * 3000;
            long interval = TimeUnit.MILLISECONDS.toNanos(SegmentFormat.SEGMENT_MILLIS);
            ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
            Random random = new Random(42);
            for (int i = 0; i < devices.size(); i++) {
                Device device = new Device(
                        devices.get(i),
                        hubs.get(i % hubs.size()).base,
                        wavs[i % wavs.length],
                        firstStartMs,
                        measureFrom,
                        measureTo);
                long phase = (long) (random.nextDouble() * interval);
                AtomicInteger k = new AtomicInteger();
                ticker.scheduleAtFixedRate(
                        () -> {
                            long n = k.getAndIncrement();
                            long scheduled = t0 + phase + n * interval;
                            if (scheduled < measureTo) {
                                device.ready(n, scheduled);
                            }
                        },
                        phase,
                        interval,
                        TimeUnit.NANOSECONDS);
            }
            while (System.nanoTime() < measureTo) {
                Thread.sleep(200);
            }
            ticker.shutdownNow();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
            while (inFlight.get() > 0 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
        }

        private final class Device {
            private final Api.Device device;
            private final URI hub;
            private final byte[] wav;
            private final long firstStartMs;
            private final long measureFrom;
            private final long measureTo;
            private final java.util.ArrayDeque<long[]> spool = new java.util.ArrayDeque<>();
            private boolean busy;

            Device(Api.Device device, URI hub, byte[] wav, long firstStartMs, long measureFrom, long measureTo) {
                this.device = device;
                this.hub = hub;
                this.wav = wav;
                this.firstStartMs = firstStartMs;
                this.measureFrom = measureFrom;
                this.measureTo = measureTo;
            }

            synchronized void ready(long n, long scheduled) {
                if (scheduled >= measureFrom && scheduled < measureTo) {
                    due.incrementAndGet();
                }
                spool.add(new long[] {n, scheduled});
                if (!busy) {
                    next();
                }
            }

            private void next() {
                long[] s = spool.poll();
                if (s == null) {
                    busy = false;
                    return;
                }
                busy = true;
                long startMs = firstStartMs + s[0] * 3000L;
                long scheduled = s[1];
                inFlight.incrementAndGet();
                long sent = System.nanoTime();
                upload(hub, device, startMs, wav).whenComplete((r, e) -> {
                    inFlight.decrementAndGet();
                    if (scheduled >= measureFrom && scheduled < measureTo) {
                        outcome.done(device.id() + ":" + startMs, scheduled, sent, r, e);
                    }
                    synchronized (Device.this) {
                        next();
                    }
                });
            }
        }
    }

    private CompletableFuture<HttpResponse<Void>> upload(URI hub, Api.Device d, long startMs, byte[] wav) {
        return http.sendAsync(
                HttpRequest.newBuilder(hub.resolve("/api/v1/segments/" + startMs))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + d.token())
                        .header("Content-Type", "audio/wav")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Barks, beeps and room noise: what the bench model scores (every scored segment is a detection event). */
    private static byte[][] sounds() {
        byte[][] out = new byte[15][];
        for (int i = 0; i < out.length; i++) {
            out[i] = SyntheticSounds.wav(SyntheticSounds.Kind.values()[i % 3], 7000 + i);
        }
        return out;
    }

    /** Loud noise, as in bench/ingest-load without --detect. */
    private static byte[][] noise() {
        Random random = new Random(42);
        byte[][] out = new byte[16][];
        for (int i = 0; i < out.length; i++) {
            short[] samples = new short[SegmentFormat.SEGMENT_FRAMES];
            for (int j = 0; j < samples.length; j++) {
                samples[j] = (short) (random.nextGaussian() * 3000);
            }
            out[i] = WavCodec.encode(samples, SegmentFormat.SAMPLE_RATE);
        }
        return out;
    }

    // ---------------------------------------------------------------- one measured set-up

    /** The nodes of one point on a fresh database (and, with S3, a fresh bucket and broker prefix). */
    private final class Cluster implements AutoCloseable {
        final String database;
        final boolean scaled;
        final String prefix;
        final String bucket;
        final boolean backlogPoint;
        final List<Node> nodes = new ArrayList<>();

        Cluster(String name, boolean scaled) throws Exception {
            this.database = "buddybork_bench_scale_" + name + "_" + runId;
            this.backlogPoint = name.startsWith("det");
            this.scaled = scaled;
            this.prefix = "bbbench-" + runId + "-" + name;
            this.bucket = "bb-bench-" + runId + "-" + name;
            admin("drop database if exists " + database);
            admin("create database " + database);
        }

        Node start(String name, String roles, Map<String, String> extra) throws Exception {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcServer + database);
            env.put("BUDDYBORK_ADMIN_PASSWORD", adminPassword);
            env.put("BUDDYBORK_ROLES", roles);
            if (!backlogPoint) {
                // not for the backlog point: its segments start an hour back and workers skip
                // segments older than the horizon
                env.put("BUDDYBORK_DETECTION_CATCH_UP_HORIZON", catchUpHorizon);
            }
            if (scaled) {
                env.put("BUDDYBORK_STORAGE", "s3");
                env.put("BUDDYBORK_S3_ENDPOINT", s3.endpoint.toString());
                env.put("BUDDYBORK_S3_BUCKET", bucket);
                env.put("BUDDYBORK_S3_REGION", "us-east-1");
                env.put("BUDDYBORK_S3_ACCESS_KEY", s3.accessKey);
                env.put("BUDDYBORK_S3_SECRET_KEY", s3.secretKey);
                env.put("BUDDYBORK_BROKER_URL", brokerUrl);
                env.put("BUDDYBORK_BROKER_PREFIX", prefix);
            }
            env.putAll(extra);
            Path dir = workDir.resolve(database).resolve(name);
            Files.createDirectories(dir);
            Node n =
                    Node.start(name, hubJar, hubJavaOptions, dir, workDir.resolve(database + "-" + name + ".log"), env);
            nodes.add(n);
            return n;
        }

        @Override
        public void close() throws Exception {
            for (Node n : nodes.reversed()) {
                n.close();
            }
            if (keep) {
                return;
            }
            admin("drop database if exists " + database);
            if (scaled) {
                ConnectionFactory f = new ConnectionFactory();
                f.setUri(brokerUrl);
                try (Connection c = f.newConnection("buddybork-bench-cleanup");
                        Channel ch = c.createChannel()) {
                    for (String key : List.of("segments", "jobs.redetect", "jobs.training")) {
                        ch.queueDelete(prefix + "." + key);
                    }
                    ch.exchangeDelete(prefix + ".work");
                } catch (Exception e) {
                    log("could not delete the queues %s.*: %s", prefix, e.getMessage());
                }
            }
        }
    }

    private void admin(String sql) throws Exception {
        try (java.sql.Connection c = DriverManager.getConnection(jdbcServer + "postgres", "postgres", null);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    // ---------------------------------------------------------------- report

    private void printReport(String started, String loadBefore) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse("?");
        System.out.println();
        System.out.printf(
                "Scale-out benchmark, %s to %s; %d cores (%s); load (1/5/15 min) before: %s, after: %s%n",
                started, Instant.now(), Runtime.getRuntime().availableProcessors(), cpu, loadBefore, load());
        System.out.printf(
                "Hub %s, S3Proxy 2.6.0 (filesystem backend, a JVM on the same cores), RabbitMQ %s, PostgreSQL %s%n%n",
                hubJar, brokerUrl.replaceAll("//[^@]*@", "//"), jdbcServer);
        if (!detectRows.isEmpty()) {
            System.out.println("Detection throughput: a backlog scored by N `detect` workers (bench bark/beep model,"
                    + " hand-made features; workers started once the backlog is stored)");
            System.out.println();
            System.out.println("| workers | threads each | backlog | scored | segments/s (10-90 %) | per thread |"
                    + " first-to-last segments/s | start to first detection | load at start -> end |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            detectRows.forEach(System.out::println);
            System.out.println();
        }
        if (!ingestRows.isEmpty()) {
            System.out.printf(
                    "Ingest: %d devices offering %d uploads/s (264 KB each), %d s warm-up, %d s measured; latency from"
                            + " the segment's ready time, ms%n%n",
                    rate * 3, rate, warmupSeconds, durationSeconds);
            System.out.println("| mode | offered | 201/s | p50 | p90 | p99 | max | statuses | load at start -> end |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---|---|");
            ingestRows.forEach(System.out::println);
            System.out.println();
        }
        failures.forEach(f -> System.out.println("FAILED " + f));
        if (!liveRows.isEmpty()) {
            System.out.printf(
                    "Upload -> /api/v1/live on the first hub: %d uploads/s for %d s, from sending the upload to the"
                            + " event, ms (n / p50 / p95 / p99)%n%n",
                    liveRate, liveDurationSeconds);
            System.out.println("| mode | uploads (201) | `segment` event | `detection` event | load at start -> end |");
            System.out.println("|---|---:|---:|---:|---|");
            liveRows.forEach(System.out::println);
            System.out.println();
        }
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static long[] sorted(ConcurrentLinkedQueue<Long> q) {
        return q.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort: a temp directory
        }
    }
}
