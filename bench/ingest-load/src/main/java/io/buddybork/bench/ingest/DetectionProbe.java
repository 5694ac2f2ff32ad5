package io.buddybork.bench.ingest;

import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.testmodels.BarkBeepModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detection side of the load benchmark: trains a small bark/beep model on synthetic sounds,
 * saves it under the hub's data directory and makes it the active model in the hub's database
 * (the hub picks it up at its next model check), then listens to {@code /api/v1/live} on a thread of
 * its own (reconnecting when the hub closes it) and measures, for each measured upload, the time
 * from its 201 answer to its live {@code "type": "detection"} event (catch-up's {@code history}
 * events are counted, not timed). An event that overtakes the 201 answer counts as 0 ms.
 * Thread-safe.
 */
final class DetectionProbe {
    private static final Pattern DETECTION = Pattern.compile("\"type\"\\s*:\\s*\"detection\"");
    private static final Pattern DEVICE = Pattern.compile("\"deviceId\"\\s*:\\s*(\\d+)");
    private static final Pattern START = Pattern.compile("\"startMs\"\\s*:\\s*(\\d+)");
    private static final Pattern HISTORY = Pattern.compile("\"history\"\\s*:\\s*true");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z]+)\"");

    /** Per segment key: the 201 time (positive) or the event time (negative), whichever came first. */
    private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Long> delaysNanos = new ConcurrentLinkedQueue<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong expected = new AtomicLong();
    private final AtomicLong allEvents = new AtomicLong();
    private final AtomicLong historyEvents = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean stopped;
    private volatile long firstEventNanos;
    private volatile long lastEventNanos;
    private volatile InputStream current;
    private Thread reader;

    /** Trains the model, writes it under {@code dataDir} and activates it through {@code jdbcUrl}. */
    static long installModel(Path dataDir, String jdbcUrl) throws Exception {
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
            long id;
            try (PreparedStatement q =
                    c.prepareStatement("insert into model (name, tags, file_path, active, activated_at)"
                            // activated now: segments that arrive after activation are live, not history
                            + " values ('bench', cast(? as jsonb), ?, true, now()) returning id")) {
                q.setString(1, "[{\"id\":" + bark + ",\"name\":\"bark\"},{\"id\":" + beep + ",\"name\":\"beep\"}]");
                q.setString(2, relative);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            c.commit();
            return id;
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

    /** Waits until the hub reports the active model ready. */
    static void awaitReady(HttpClient http, URI hub, String basic, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
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

    /**
     * Opens the live feed on a thread of its own, with an HTTP client of its own (its own selector
     * and executor), so that the uploaders' pool never delays reading it; when the hub closes the
     * stream (a reader that fell {@code buddybork.live.buffer-events} behind is disconnected, as a
     * browser's would be) or it fails, the probe counts a reconnect and opens it again at once.
     * Events sent while it was away are lost to it, which the received/expected count shows.
     */
    void listen(URI hub, String basic) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, daemon("live-probe-http")))
                .build();
        HttpRequest request = HttpRequest.newBuilder(hub.resolve("/api/v1/live"))
                .header("Authorization", basic)
                .header("Accept", "text/event-stream")
                .build();
        reader = daemon("live-probe-reader").newThread(() -> read(client, request));
        reader.setPriority(Thread.MAX_PRIORITY);
        reader.start();
    }

    private void read(HttpClient client, HttpRequest request) {
        while (!stopped) {
            try {
                HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                current = r.body();
                if (r.statusCode() != 200) {
                    refused.incrementAndGet();
                    r.body().close();
                    Thread.sleep(1000);
                    continue;
                }
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8), 1 << 16)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        line(line);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // closed by the hub (a slow reader) or the network; reconnect below
            }
            if (!stopped) {
                reconnects.incrementAndGet();
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void line(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        long now = System.nanoTime();
        if (allEvents.getAndIncrement() == 0) {
            firstEventNanos = now;
        }
        lastEventNanos = now;
        if (!DETECTION.matcher(line).find()) {
            return;
        }
        Matcher d = DEVICE.matcher(line);
        Matcher s = START.matcher(line);
        if (d.find() && s.find()) {
            if (HISTORY.matcher(line).find()) {
                historyEvents.incrementAndGet(); // catch-up's, not live: not timed
                return;
            }
            events.incrementAndGet();
            arrived(d.group(1) + ":" + s.group(1), -now);
        }
    }

    /** A measured upload of {@code deviceId} at {@code startMs} was answered 201 at {@code nanos}. */
    void answered(long deviceId, long startMs, long nanos) {
        expected.incrementAndGet();
        arrived(deviceId + ":" + startMs, nanos);
    }

    private void arrived(String key, long signedNanos) {
        Long other = pending.remove(key);
        if (other == null) {
            Long raced = pending.putIfAbsent(key, signedNanos);
            if (raced == null) {
                return;
            }
            pending.remove(key);
            other = raced;
        }
        if ((other > 0) == (signedNanos > 0)) {
            return; // an event for an unmeasured upload (warm-up) or a repeat
        }
        long answeredAt = other > 0 ? other : signedNanos;
        long eventAt = other > 0 ? -signedNanos : -other;
        delaysNanos.add(Math.max(0, eventAt - answeredAt));
    }

    /** Waits up to {@code seconds} for the events of all measured uploads, then prints the figures. */
    void report(HttpClient http, URI hub, String basic, long seconds, long drainSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (delaysNanos.size() < expected.get() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long[] d = delaysNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "live detection events: %d of %d measured uploads (%d live detection events in all, %d catch-up,"
                        + " %d events of every type, %.0f/s; stream reopened %d times, refused %d times)%n",
                d.length,
                expected.get(),
                events.get(),
                historyEvents.get(),
                allEvents.get(),
                allEvents.get() / Math.max(1e-9, (lastEventNanos - firstEventNanos) / 1e9),
                reconnects.get(),
                refused.get());
        if (d.length > 0) {
            System.out.printf(
                    "201 -> SSE detection ms: p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                    pct(d, 50), pct(d, 90), pct(d, 95), pct(d, 99), d[d.length - 1] / 1e6);
        }
        String status = http.send(
                        HttpRequest.newBuilder(hub.resolve("/api/v1/detections/status"))
                                .header("Authorization", basic)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        System.out.println("detector status after the run: " + status);
        if (drainSeconds > 0) {
            drain(http, hub, basic, status, drainSeconds);
        }
        System.out.printf(
                "RESULT_DETECT events=%d expected=%d reconnects=%d p50_ms=%.1f p90_ms=%.1f p95_ms=%.1f p99_ms=%.1f%n",
                d.length,
                expected.get(),
                reconnects.get(),
                d.length == 0 ? Double.NaN : pct(d, 50),
                d.length == 0 ? Double.NaN : pct(d, 90),
                d.length == 0 ? Double.NaN : pct(d, 95),
                d.length == 0 ? Double.NaN : pct(d, 99));
        stop();
    }

    /** Stops reading the live feed. */
    void stop() {
        stopped = true;
        InputStream in = current;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (reader != null) {
            reader.interrupt();
        }
    }

    private static final Pattern QUEUE = Pattern.compile("\"queueDepth\"\\s*:\\s*(\\d+)");
    private static final Pattern BACKLOG = Pattern.compile("\"backlog\"\\s*:\\s*(\\d+)");
    private static final Pattern SCORED = Pattern.compile("\"scored\"\\s*:\\s*(\\d+)");

    /**
     * After the uploads stop: waits up to {@code seconds} for the live queue and the catch-up
     * backlog to drain and prints the scoring rate meanwhile (the detector's ceiling on this
     * machine, with ingest idle), or what is left.
     */
    private static void drain(HttpClient http, URI hub, String basic, String status, long seconds) throws Exception {
        long t0 = System.nanoTime();
        long scored0 = number(SCORED, status);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
        String last = status;
        while (System.nanoTime() < deadline && (number(QUEUE, last) > 0 || number(BACKLOG, last) > 0)) {
            Thread.sleep(2000);
            last = http.send(
                            HttpRequest.newBuilder(hub.resolve("/api/v1/detections/status"))
                                    .header("Authorization", basic)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long scored = number(SCORED, last) - scored0;
        System.out.printf(
                "RESULT_DRAIN drained=%s seconds=%.0f scored=%d rate_per_s=%.1f queue=%d backlog=%d load=%s%n",
                number(QUEUE, last) == 0 && number(BACKLOG, last) == 0,
                s,
                scored,
                scored / Math.max(1e-9, s),
                number(QUEUE, last),
                number(BACKLOG, last),
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                        .strip());
    }

    private static long number(Pattern p, String json) {
        Matcher m = p.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
