package io.buddybork.bench.models;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
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
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Model-training benchmark: starts the packaged hub on its own database and data directory, seeds
 * annotated windows of several tags (tone and noise bursts of different colours, consecutive
 * segments, half the annotations short so their centred windows are stitched from two segments)
 * and background days, then times a training (1) with an empty feature cache, (2) again with the
 * cache filled, and (3) with the cache emptied while devices upload at a fixed rate, reporting the
 * upload latency percentiles during that training (measured from each upload's scheduled time).
 */
@Command(name = "model-training", mixinStandardHelpOptions = true)
public final class ModelTrainingBench implements java.util.concurrent.Callable<Integer> {
    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(\\d+)");

    @Option(names = "--hub-jar", required = true, description = "hub-server/target/quarkus-app/quarkus-run.jar")
    Path hubJar;

    @Option(names = "--port", defaultValue = "9202")
    int port;

    @Option(names = "--database", defaultValue = "buddybork_bench_models", description = "dropped and recreated")
    String database;

    @Option(names = "--tags", defaultValue = "10")
    int tags;

    @Option(names = "--windows", defaultValue = "5000", description = "annotated training windows")
    int windows;

    @Option(names = "--background", defaultValue = "2000", description = "training background segments")
    int background;

    @Option(
            names = "--test-share",
            defaultValue = "0.2",
            description = "test windows and background relative to training")
    double testShare;

    @Option(names = "--load-rate", defaultValue = "100", description = "uploads per second during run 3 (0 = skip)")
    int loadRate;

    @Option(names = "--hub-java-options", split = " ", defaultValue = "-Xmx1g")
    List<String> hubJavaOptions;

    @Option(names = "--keep", description = "keep the database and data directory")
    boolean keep;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String password = "bench-" + UUID.randomUUID();
    private URI hub;
    private String basic;
    private Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ModelTrainingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String base = "jdbc:postgresql://localhost:5432/";
        try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database);
        }
        dataDir = Files.createTempDirectory("buddybork-bench-models-");
        basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        Process hubProcess = startHub(base + database);
        try {
            run(base + database);
        } finally {
            hubProcess.destroy();
            hubProcess.waitFor(30, TimeUnit.SECONDS);
            if (!keep) {
                try (Stream<Path> walk = Files.walk(dataDir)) {
                    walk.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
                try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", null);
                        Statement s = c.createStatement()) {
                    s.execute("drop database if exists " + database);
                }
            }
        }
        return 0;
    }

    private void run(String jdbcUrl) throws Exception {
        String token = createDevice("bench-models");
        long deviceId = number(get("/api/v1/devices"), "id");
        List<Long> tagIds = new ArrayList<>();
        for (int t = 0; t < tags; t++) {
            tagIds.add(number(send("POST", "/api/v1/tags", "{\"name\":\"sound-" + t + "\"}", 201), "id"));
        }
        int testWindows = (int) Math.round(windows * testShare);
        int testBackground = (int) Math.round(background * testShare);
        int perDay = 250;
        LocalDate first = LocalDate.of(2024, 1, 1);
        int annotatedDays = (windows + testWindows + perDay - 1) / perDay;
        int trainDays = (windows + perDay - 1) / perDay;
        // Segments and annotations
        long t0 = System.nanoTime();
        List<long[]> annots = new ArrayList<>(); // start, end, tag index
        ExecutorService uploads = Executors.newFixedThreadPool(6);
        List<Future<?>> pending = new ArrayList<>();
        AtomicLong uploaded = new AtomicLong();
        int n = 0;
        for (int d = 0; d < annotatedDays; d++) {
            long t = first.plusDays(d).atTime(6, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            int today = Math.min(perDay, windows + testWindows - n);
            for (int i = 0; i < today; i++, n++, t += 3000) {
                int tag = n % tags;
                long start = t;
                long seed = n;
                pending.add(uploads.submit(() -> upload(token, start, segment(seed, tag), uploaded)));
                // Even: the whole segment. Odd: 1 s near its start, so the centred window takes the previous segment
                // too.
                annots.add(n % 2 == 0 ? new long[] {t, t + 3000, tag} : new long[] {t + 300, t + 1300, tag});
            }
        }
        int bgDays = 5;
        List<LocalDate> trainBg = new ArrayList<>();
        List<LocalDate> testBg = new ArrayList<>();
        for (int d = 0; d < bgDays; d++) {
            LocalDate day = first.plusDays(annotatedDays + d);
            boolean test = d == bgDays - 1;
            (test ? testBg : trainBg).add(day);
            int count = test ? testBackground : background / (bgDays - 1);
            long t = day.atTime(6, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            for (int i = 0; i < count; i++, t += 3000) {
                long start = t;
                long seed = 1_000_000 + (long) d * 10_000 + i;
                pending.add(uploads.submit(() -> upload(token, start, segment(seed, -1), uploaded)));
            }
        }
        for (Future<?> f : pending) {
            f.get();
        }
        uploads.shutdown();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
                PreparedStatement ps = c.prepareStatement(
                        "insert into annot (device_id, start_time, end_time, tag_id, created_by) values (?, ?, ?, ?, 'admin')")) {
            for (long[] a : annots) {
                ps.setLong(1, deviceId);
                ps.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(a[0])));
                ps.setTimestamp(3, Timestamp.from(Instant.ofEpochMilli(a[1])));
                ps.setLong(4, tagIds.get((int) a[2]));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        System.out.printf(
                "seeded %d segments and %d annotations of %d tags in %.0f s%n",
                uploaded.get(), annots.size(), tags, (System.nanoTime() - t0) / 1e9);

        StringBuilder body = new StringBuilder("{\"name\":\"bench\",\"tagIds\":")
                .append(tagIds)
                .append(",\"train\":{\"days\":")
                .append(days(first, 0, trainDays))
                .append(",\"backgroundDays\":")
                .append(quoted(trainBg))
                .append("},\"test\":{\"days\":")
                .append(days(first, trainDays, annotatedDays))
                .append(",\"backgroundDays\":")
                .append(quoted(testBg))
                .append("}}");
        System.out.println("load before runs: " + loadAverage());
        String a = train(body.toString(), "1 uncached");
        String b = train(body.toString(), "2 cached");
        if (loadRate > 0) {
            deleteFeatures();
            String loadToken = createDevice("bench-load");
            Load load = new Load(loadToken, loadRate);
            load.start();
            Thread.sleep(10_000);
            List<Long> before = load.drain();
            String c = train(body.toString(), "3 uncached, uploads at " + loadRate + "/s");
            List<Long> during = load.drain();
            load.stop();
            System.out.printf("uploads before training: %s%n", percentiles(before));
            System.out.printf("uploads during training: %s (errors %d)%n", percentiles(during), load.errors.get());
        }
    }

    private String train(String body, String label) throws Exception {
        String load = loadAverage();
        long t0 = System.nanoTime();
        long job = number(send("POST", "/api/v1/models", body, 202), "jobId");
        String state;
        String last;
        do {
            Thread.sleep(500);
            last = get("/api/v1/models/jobs/" + job);
            Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"").matcher(last);
            m.find();
            state = m.group(1);
        } while (state.equals("queued") || state.equals("running"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!state.equals("succeeded")) {
            throw new IllegalStateException("training " + label + " ended " + state + ": " + last);
        }
        long model = number(last, "modelId");
        String detail = get("/api/v1/models/" + model);
        Matcher secs = Pattern.compile("\"seconds\"\\s*:\\s*(\\{[^}]*\\})").matcher(detail);
        Matcher f1 = Pattern.compile("\"open_set_macro_f1\"\\s*:\\s*([0-9.]+)").matcher(detail);
        System.out.printf(
                "run %s: %.1f s wall (load at start %s) stages %s, open-set macro-F1 %s, load after %s%n",
                label, seconds, load, secs.find() ? secs.group(1) : "?", f1.find() ? f1.group(1) : "?", loadAverage());
        return detail;
    }

    /** Uploads at a fixed rate; latency from each upload's scheduled time (queueing counts). */
    private final class Load {
        private final String token;
        private final int rate;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(64);
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicLong errors = new AtomicLong();
        private final AtomicLong next = new AtomicLong(LocalDate.of(2023, 6, 1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli());
        private final byte[][] bodies = new byte[8][];

        Load(String token, int rate) {
            this.token = token;
            this.rate = rate;
            for (int i = 0; i < bodies.length; i++) {
                bodies[i] = segment(5_000_000 + i, -1);
            }
        }

        void start() {
            long periodNanos = 1_000_000_000L / rate;
            ticker.scheduleAtFixedRate(
                    () -> {
                        long scheduled = System.nanoTime();
                        long start = next.getAndAdd(3000);
                        senders.execute(() -> {
                            try {
                                HttpResponse<Void> r = http.send(
                                        HttpRequest.newBuilder(hub.resolve("/api/v1/segments/" + start))
                                                .header("Authorization", "Bearer " + token)
                                                .header("Content-Type", "audio/wav")
                                                .PUT(HttpRequest.BodyPublishers.ofByteArray(
                                                        bodies[(int) (start / 3000 % bodies.length)]))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding());
                                if (r.statusCode() != 201) {
                                    errors.incrementAndGet();
                                }
                            } catch (IOException | InterruptedException e) {
                                errors.incrementAndGet();
                            }
                            latencies.add((System.nanoTime() - scheduled) / 1_000_000);
                        });
                    },
                    0,
                    periodNanos,
                    TimeUnit.NANOSECONDS);
        }

        List<Long> drain() {
            List<Long> out = new ArrayList<>();
            Long v;
            while ((v = latencies.poll()) != null) {
                out.add(v);
            }
            return out;
        }

        void stop() throws InterruptedException {
            ticker.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    private static String percentiles(List<Long> ms) {
        if (ms.isEmpty()) {
            return "none";
        }
        long[] a = ms.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(
                "%d uploads, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                a.length,
                a[a.length / 2],
                a[(int) (a.length * 0.9)],
                a[Math.min(a.length - 1, (int) (a.length * 0.99))],
                a[a.length - 1]);
    }

    private void deleteFeatures() throws IOException {
        Path features = dataDir.resolve("features");
        if (Files.isDirectory(features)) {
            try (Stream<Path> walk = Files.walk(features)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A 3 s segment: a quiet room, plus (tag >= 0) three bursts of the tag's sound. */
    static byte[] segment(long seed, int tag) {
        int rate = SegmentFormat.SAMPLE_RATE;
        Random random = new Random(seed);
        double[] x = new double[SegmentFormat.SEGMENT_FRAMES];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 80 + 50 * Math.sin(2 * Math.PI * 50 * i / (double) rate);
        }
        if (tag >= 0) {
            int smooth = 1 + (tag - 5) * 3; // noise colours: longer moving averages are darker
            for (int b = 0; b < 3; b++) {
                int start = (int) ((0.15 + b * 0.95 + random.nextDouble() * 0.1) * rate);
                int len = (int) ((0.3 + random.nextDouble() * 0.3) * rate);
                double f = 300.0 * (tag + 1) * (0.95 + random.nextDouble() * 0.1);
                double acc = 0;
                for (int i = 0; i < len && start + i < x.length; i++) {
                    double env = Math.sin(Math.PI * i / len);
                    double v;
                    if (tag < 5) {
                        v = Math.sin(2 * Math.PI * f * i / rate) + 0.3 * Math.sin(4 * Math.PI * f * i / rate);
                    } else {
                        acc += (random.nextGaussian() - acc) / smooth;
                        v = acc * Math.sqrt(smooth) / 2;
                    }
                    x[start + i] += env * v * (4000 + random.nextInt(6000));
                }
            }
        }
        short[] s = new short[x.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i])));
        }
        return WavCodec.encode(s, rate);
    }

    private Void upload(String token, long start, byte[] wav, AtomicLong uploaded) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(hub.resolve("/api/v1/segments/" + start))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "audio/wav")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("upload " + start + " answered " + r.statusCode() + ": " + r.body());
        }
        uploaded.incrementAndGet();
        return null;
    }

    private String createDevice(String name) throws Exception {
        String body = send("POST", "/api/v1/devices", "{\"name\":\"" + name + "\"}", 201);
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token in " + body);
        }
        return m.group(1);
    }

    private String get(String path) throws Exception {
        return send("GET", path, null, 200);
    }

    private String send(String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.resolve(path))
                .header("Authorization", basic)
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String days(LocalDate first, int from, int to) {
        List<LocalDate> out = new ArrayList<>();
        for (int d = from; d < to; d++) {
            out.add(first.plusDays(d));
        }
        return quoted(out);
    }

    private static String quoted(List<LocalDate> days) {
        return days.stream().map(d -> "\"" + d + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " "
                    + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[1];
        } catch (IOException e) {
            return "?";
        }
    }

    private Process startHub(String jdbcUrl) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(hubJavaOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(Arrays.asList("-jar", hubJar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-hub.log")
                        .toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        pb.environment().put("BUDDYBORK_DATA_DIR", dataDir.toString());
        pb.environment().put("BUDDYBORK_ADMIN_PASSWORD", password);
        pb.environment().put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1,[::1]");
        Process p = pb.start();
        hub = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("hub exited early; see " + dataDir + "-hub.log");
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(hub.resolve("/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    System.out.printf("started hub %s (data %s, database %s)%n", hub, dataDir, jdbcUrl);
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        p.destroyForcibly();
        throw new IllegalStateException("hub not ready in 120 s");
    }
}
