package io.buddybork.hub.it.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.it.HubClient;
import io.buddybork.hub.it.HubProcess;
import io.buddybork.hub.it.ItDatabases;
import io.buddybork.hub.it.ItWaits;
import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged edge agent against the packaged hub, over HTTPS with a certificate made at test
 * time and pinned with {@code --trust-cert}, on a PostgreSQL database of its own ({@link ItDatabases}):
 * every non-silent segment of a replayed file arrives exactly once with its start time and
 * max_amp; a hub outage, an agent killed with SIGKILL, a full spool budget and segments the hub
 * refuses lose and duplicate nothing; the hub's capture switch stops and resumes capture. The
 * tests share one hub but each has its own device and spool, so they pass in any order or alone;
 * the one that stops the hub restarts it even when it fails.
 */
class EdgeAgentIT {
    private static final String ADMIN_PASSWORD = "edge-it-admin-password";
    /** Its own database of this run, so that parallel runs never meet. */
    private static final String JDBC_URL = ItDatabases.url("edge");

    private static final int SEG = SegmentFormat.SEGMENT_FRAMES;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    static HubProcess hub;
    static HubClient admin;
    static TestTls tls;
    static Path demo;
    static Path silence;
    /** Max |sample| of every 3 s segment of the demo file. */
    static int[] segmentMax;

    record Row(long id, long startMs, int maxAmp, int durationMs) {}

    @BeforeAll
    static void startHub() throws Exception {
        tls = TestTls.generate(tmp.resolve("tls"));
        hub = HubProcess.builder()
                .dataDir(tmp.resolve("data"))
                .jdbcUrl(JDBC_URL)
                .adminPassword(ADMIN_PASSWORD)
                .tls(tls.certificate(), tls.key())
                .start();
        admin = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
        demo = tmp.resolve("demo.wav");
        EdgeProcess.runToCompletion(
                tmp.resolve("generate.log"), "--generate-demo", demo.toString(), "--demo-seconds", "60");
        PcmAudio audio = WavCodec.decode(Files.readAllBytes(demo));
        segmentMax = new int[audio.frames() / SEG];
        for (int k = 0; k < segmentMax.length; k++) {
            segmentMax[k] = AmplitudeStats.maxAbs(audio.samples(), k * SEG, SEG);
        }
        assertThat(Arrays.stream(segmentMax).filter(m -> m < 328).count())
                .as("the demo has silent stretches")
                .isGreaterThanOrEqualTo(4);
        silence = tmp.resolve("silence.wav");
        Files.write(silence, WavCodec.encode(new short[SegmentFormat.SAMPLE_RATE], SegmentFormat.SAMPLE_RATE));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
        ItDatabases.drop(JDBC_URL);
    }

    /** A test that failed while the hub was stopped must not leave the next one without a hub. */
    @AfterEach
    void hubIsRunningForTheNextTest() throws Exception {
        if (hub != null && !hub.isAlive()) {
            hub.start();
        }
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void everyNonSilentSegmentArrivesOnceOverHttpsWithItsStartTimeAndMaxAmp() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-tls");
        Path spool = tmp.resolve("spool-tls");
        try (EdgeProcess agent = agent("tls", device, spool, "file:" + demo, "20")) {
            assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isZero();
            assertExactlyTheLoudSegments(device, agent.anchorMs(), segmentMax.length);
            assertThat(agent.log()).contains("file replay complete");
        }
        assertThat(wavFiles(spool)).isEmpty();
        // the bytes stored are the bytes captured: check one loud segment end to end
        Row first = rows(device).get(0);
        PcmAudio stored = WavCodec.decodeSegment(audioOf(first.id()));
        PcmAudio input = WavCodec.decode(Files.readAllBytes(demo));
        int k = (int) ((first.startMs() - anchorOf("tls")) / 3000);
        assertThat(stored.samples()).isEqualTo(Arrays.copyOfRange(input.samples(), k * SEG, (k + 1) * SEG));
    }

    @Test
    void aHubOutageDuringCaptureLosesAndDuplicatesNothing() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-outage");
        Path spool = tmp.resolve("spool-outage");
        try (EdgeProcess agent = agent("outage", device, spool, "file:" + demo, "4")) {
            waitFor(() -> rowCount(device) >= 2, "first uploads");
            hub.stop();
            try {
                await("the agent waits for the hub")
                        .during(Duration.ofSeconds(5))
                        .atMost(ItWaits.GIVE_UP)
                        .until(agent::isAlive);
            } finally {
                hub.start();
            }
            assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isZero();
            assertThat(agent.log()).contains("upload of segment").contains("failed");
            assertExactlyTheLoudSegments(device, agent.anchorMs(), segmentMax.length);
        }
        assertThat(wavFiles(spool)).isEmpty();
    }

    /**
     * The packaged agent on an arm64 Java (Debian's {@code openjdk-17-jre-headless:arm64}, unpacked
     * by .ci/run under {@code buddybork.it.arm64-root}) run by {@code qemu-aarch64}: what a Pi runs,
     * byte for byte, minus the hardware. Skipped with the reason when the emulator or the runtime is
     * missing.
     */
    @Test
    void theAgentRunsOnAnArm64JavaUnderEmulationAndUploadsEveryLoudSegment() throws Exception {
        Path root = Path.of(System.getProperty("buddybork.it.arm64-root", "/opt/buddybork-arm64"));
        Path java = root.resolve("usr/lib/jvm/java-17-openjdk-arm64/bin/java");
        Path qemu = Stream.of("/usr/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(
                qemu != null && Files.isRegularFile(java),
                "arm64 emulation not installed (qemu-user and an arm64 JRE under " + root + "): .ci/run installs both");
        HubClient.Device device = admin.createDevice("edge-it-arm64");
        Path spool = tmp.resolve("spool-arm64");
        long started = System.nanoTime();
        try (EdgeProcess agent = EdgeProcess.start(
                tmp.resolve("edge-arm64.log"),
                Map.of(),
                List.of(qemu.toString(), "-L", root.toString(), java.toString()),
                agentArgs(device, spool, "file:" + demo, "0"))) {
            assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isZero();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(agent.log()).contains("os.arch=aarch64").contains("file replay complete");
            assertExactlyTheLoudSegments(device, agent.anchorMs(), segmentMax.length);
            System.out.printf(
                    "arm64 under qemu: %d s of audio captured and uploaded in %.1f s including JVM start (%.1fx real time)%n",
                    segmentMax.length * 3, seconds, segmentMax.length * 3 / seconds);
        }
        assertThat(wavFiles(spool)).isEmpty();
    }

    @Test
    void anAgentKilledMidUploadAndRestartedLosesAndDuplicatesNothing() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-sigkill");
        Path spool = tmp.resolve("spool-kill");
        long anchor;
        Set<Long> spooledAtKill;
        try (EdgeProcess agent = agent("kill-1", device, spool, "file:" + demo, "10")) {
            waitFor(() -> rowCount(device) >= 3, "first uploads");
            agent.kill();
            anchor = agent.anchorMs();
        }
        spooledAtKill = wavFiles(spool).stream()
                .map(p -> Long.parseLong(p.getFileName().toString().replace(".wav", "")))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> before = rows(device).stream().map(Row::startMs).collect(Collectors.toSet());
        try (EdgeProcess again = agent("kill-2", device, spool, "file:" + silence, "0")) {
            assertThat(again.waitFor(ItWaits.GIVE_UP)).as(again.tail(30)).isZero();
        }
        List<Row> after = rows(device);
        Set<Long> expected = new TreeSet<>(before);
        expected.addAll(spooledAtKill);
        List<Long> afterStarts = after.stream().map(Row::startMs).toList();
        assertThat(afterStarts)
                .as("what the hub had plus what was spooled, each once")
                .containsExactlyElementsOf(expected);
        // nothing lost: every loud segment up to the last one captured is there, with its max_amp
        long last = after.get(after.size() - 1).startMs();
        int lastK = (int) ((last - anchor) / 3000);
        Map<Long, Integer> loud = loudSegments(anchor, lastK + 1);
        Map<Long, Integer> afterAmps = new TreeMap<>();
        after.forEach(r -> afterAmps.put(r.startMs(), r.maxAmp()));
        assertThat(afterAmps).isEqualTo(loud);
        assertThat(wavFiles(spool)).isEmpty();
    }

    @Test
    void overItsBudgetTheSpoolEvictsTheOldestCountsThemAndCaptureCarriesOn() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-budget");
        Path spool = tmp.resolve("spool-budget");
        int statusPort = freePort();
        int deadPort = freePort();
        long budget = 4L * (SegmentFormat.WAV_HEADER_BYTES + SEG * 2L);
        long loudCount = Arrays.stream(segmentMax).filter(m -> m >= 328).count();
        long anchor;
        Path log = tmp.resolve("edge-budget.log");
        try (EdgeProcess agent = EdgeProcess.start(
                log,
                "--hub",
                "https://localhost:" + deadPort,
                "--token",
                device.token(),
                "--trust-cert",
                tls.certificate().toString(),
                "--source",
                "file:" + demo,
                "--speed",
                "20",
                "--spool",
                spool.toString(),
                "--spool-budget",
                Long.toString(budget),
                "--status-port",
                Integer.toString(statusPort),
                "--backoff-max-ms",
                "2000",
                "--upload-parallelism",
                "1",
                "--config",
                "/dev/null")) {
            // captured counts a segment when it is cut; the gate and the spool (with its evictions)
            // handle it just after: wait until every segment was dropped as silent or spooled, and
            // every spooled one is either still there or evicted (the hub is unreachable)
            waitFor(
                    () -> {
                        Map<String, Double> now = EdgeProcess.metrics(statusPort);
                        double spooled = now.getOrDefault("buddybork_edge_segments_spooled_total", -1.0);
                        return now.getOrDefault("buddybork_edge_segments_captured_total", -1.0) == segmentMax.length
                                && now.getOrDefault("buddybork_edge_segments_gated_total", -1.0) + spooled
                                        == segmentMax.length
                                && now.getOrDefault("buddybork_edge_segments_evicted_total", -1.0)
                                                + now.getOrDefault("buddybork_edge_spool_depth", -1.0)
                                        == spooled;
                    },
                    "the whole file captured, gated and spooled");
            Map<String, Double> m = EdgeProcess.metrics(statusPort);
            assertThat(m.get("buddybork_edge_segments_evicted_total")).isEqualTo(loudCount - 4.0);
            assertThat(m.get("buddybork_edge_spool_depth")).isEqualTo(4.0);
            assertThat(m.get("buddybork_edge_frames_captured_total")).isEqualTo(segmentMax.length * (double) SEG);
            assertThat(m.get("buddybork_edge_upload_failures_total")).isPositive();
            agent.terminate();
            assertThat(agent.waitFor(ItWaits.GIVE_UP))
                    .as("SIGTERM: graceful exit")
                    .isEqualTo(143);
            anchor = agent.anchorMs();
            assertThat(agent.log()).contains("evicted the oldest segment");
        }
        // the newest loud segments are kept, the oldest were evicted; a segment an upload attempt
        // holds is never evicted (one at a time here), so when the last segment was spooled during
        // an attempt on an older one, that one is kept in place of the fourth newest
        List<Long> loud =
                new ArrayList<>(loudSegments(anchor, segmentMax.length).keySet());
        List<Long> kept = wavFiles(spool).stream()
                .map(p -> Long.parseLong(p.getFileName().toString().replace(".wav", "")))
                .sorted()
                .toList();
        assertThat(kept).hasSize(4);
        assertThat(loud).containsAll(kept);
        assertThat(kept).containsAll(loud.subList(loud.size() - 3, loud.size()));
        // and they reach the hub once it is reachable
        try (EdgeProcess drain = agent("budget-drain", device, spool, "file:" + silence, "0")) {
            assertThat(drain.waitFor(ItWaits.GIVE_UP)).as(drain.tail(30)).isZero();
        }
        assertThat(rows(device)).extracting(Row::startMs).containsExactlyElementsOf(kept);
    }

    @Test
    void segmentsTheHubRefusesLandInRejectedWithTheHubsReason() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-reject");
        Path spool = tmp.resolve("spool-reject");
        Files.createDirectories(spool);
        long base = (System.currentTimeMillis() - 600_000) / 3000 * 3000;
        short[] loud = new short[SEG];
        Arrays.fill(loud, (short) 5000);
        // the hub already holds different audio under the same key: 409
        short[] other = new short[SegmentFormat.SAMPLE_RATE];
        Arrays.fill(other, (short) 4000);
        HttpResponse<String> first =
                admin.upload(device.token(), base, WavCodec.encode(other, SegmentFormat.SAMPLE_RATE));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        Files.write(spool.resolve(base + ".wav"), WavCodec.encode(loud, SegmentFormat.SAMPLE_RATE));
        // longer than the 10 s the hub accepts: 4xx with a problem
        Files.write(
                spool.resolve((base + 3000) + ".wav"),
                WavCodec.encode(new short[11 * SegmentFormat.SAMPLE_RATE], SegmentFormat.SAMPLE_RATE));
        // a good one still goes through
        Files.write(spool.resolve((base + 6000) + ".wav"), WavCodec.encode(loud, SegmentFormat.SAMPLE_RATE));
        try (EdgeProcess agent = agent("reject", device, spool, "file:" + silence, "0")) {
            assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isZero();
            assertThat(agent.log()).contains("hub rejected segment " + base);
        }
        Path rejected = spool.resolve("rejected");
        assertThat(rejected.resolve(base + ".wav")).exists();
        assertThat(Files.readString(rejected.resolve(base + ".reason.json"))).contains("409");
        assertThat(rejected.resolve((base + 3000) + ".wav")).exists();
        assertThat(Files.readString(rejected.resolve((base + 3000) + ".reason.json")))
                .contains("too-long");
        assertThat(wavFiles(spool)).isEmpty();
        assertThat(rows(device)).extracting(Row::startMs).containsExactly(base, base + 6000);
    }

    @Test
    void checkReachesTheHubWithTheTokenOverPinnedTls() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-check");
        String out = EdgeProcess.runToCompletion(
                tmp.resolve("edge-check.log"),
                "--check",
                "--hub",
                hub.httpsUri().toString(),
                "--token",
                device.token(),
                "--trust-cert",
                tls.certificate().toString(),
                "--source",
                "file:" + demo,
                "--spool",
                tmp.resolve("spool-check").toString(),
                "--config",
                "/dev/null");
        assertThat(out)
                .contains("OK   hub")
                .contains("OK   trust")
                .contains("capture is on")
                .contains("all checks passed");
    }

    @Test
    void theHubSwitchesCaptureOffAndTheMicrophoneIsReleasedUntilItIsSwitchedOn() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-switch");
        Path spool = tmp.resolve("spool-switch");
        int statusPort = freePort();
        try (EdgeProcess agent = EdgeProcess.start(
                tmp.resolve("edge-switch.log"),
                "--hub",
                hub.httpsUri().toString(),
                "--token",
                device.token(),
                "--trust-cert",
                tls.certificate().toString(),
                "--source",
                "file:" + demo,
                "--speed",
                "4",
                "--spool",
                spool.toString(),
                "--status-port",
                Integer.toString(statusPort),
                "--capture-state-wait",
                "5",
                "--config",
                "/dev/null")) {
            waitFor(
                    () -> metric(statusPort, "buddybork_edge_frames_captured_total") > 5 * SegmentFormat.SAMPLE_RATE,
                    "capture under way");
            setCapture(device, false);
            waitFor(() -> metric(statusPort, "buddybork_edge_capture_enabled") == 0, "capture switched off");
            waitFor(() -> agent.log().contains("capture switched off"), "the switch logged");
            // The reader logs this once its last read has returned and the line is closed.
            waitFor(() -> agent.log().contains("capture paused"), "the source released");
            double pausedAt = metric(statusPort, "buddybork_edge_frames_captured_total");
            await("nothing read while off")
                    .during(Duration.ofMillis(1_500))
                    .atMost(ItWaits.GIVE_UP)
                    .until(() -> metric(statusPort, "buddybork_edge_frames_captured_total") == pausedAt);
            assertThat(pausedAt).isLessThan(segmentMax.length * (double) SEG);
            setCapture(device, true);
            assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isZero();
            assertThat(agent.log()).contains("capture switched on").contains("file replay complete");
        }
        assertThat(rows(device)).isNotEmpty();
        assertThat(Files.readString(spool.resolve("capture-state.properties"))).contains("enabled=true");
    }

    @Test
    void sigtermMidSegmentFinishesThatSegmentSpoolsItAndASecondSigtermIsHarmless() throws Exception {
        HubClient.Device device = admin.createDevice("edge-it-sigterm");
        Path spool = tmp.resolve("spool-sigterm");
        int statusPort = freePort();
        long anchor;
        int captured;
        Path log = tmp.resolve("edge-sigterm.log");
        try (EdgeProcess agent = EdgeProcess.start(
                log,
                "--hub",
                hub.httpsUri().toString(),
                "--token",
                device.token(),
                "--trust-cert",
                tls.certificate().toString(),
                "--source",
                "file:" + demo,
                "--speed",
                "2",
                "--spool",
                spool.toString(),
                "--status-port",
                Integer.toString(statusPort),
                "--backoff-max-ms",
                "2000",
                "--capture-state-wait",
                "5",
                "--config",
                "/dev/null")) {
            // well inside the third segment: a tenth of it or more read, not yet complete
            waitFor(
                    () -> {
                        double frames = metric(statusPort, "buddybork_edge_frames_captured_total");
                        return frames > 2 * SEG && frames % SEG > SEG / 10.0;
                    },
                    "a segment half-way");
            agent.terminate();
            agent.terminate();
            assertThat(agent.waitFor(ItWaits.GIVE_UP)).as(agent.tail(30)).isEqualTo(143);
            assertThat(agent.log())
                    .contains("stopping: finishing the segment in progress")
                    .doesNotContain("SEVERE");
            java.util.regex.Matcher stopped = java.util.regex.Pattern.compile("stopped: (\\d+) segments captured")
                    .matcher(agent.log());
            assertThat(stopped.find()).as(agent.tail(30)).isTrue();
            captured = Integer.parseInt(stopped.group(1));
            anchor = agent.anchorMs();
        }
        assertThat(captured)
                .as("the segment in progress was finished, not dropped")
                .isBetween(3, segmentMax.length - 1);
        // what did not reach the hub before the stop waits in the spool and arrives with the next run
        try (EdgeProcess drain = agent("sigterm-drain", device, spool, "file:" + silence, "0")) {
            assertThat(drain.waitFor(ItWaits.GIVE_UP)).as(drain.tail(30)).isZero();
        }
        // every loud segment up to and including the interrupted one, each once and a full 3 s
        assertExactlyTheLoudSegments(device, anchor, captured);
        assertThat(wavFiles(spool)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static void setCapture(HubClient.Device device, boolean enabled) throws IOException, InterruptedException {
        HttpResponse<String> r =
                admin.send("PUT", "/api/v1/devices/" + device.id() + "/capture", "{\"enabled\":" + enabled + "}");
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    private static EdgeProcess agent(String name, HubClient.Device device, Path spool, String source, String speed)
            throws IOException {
        return EdgeProcess.start(tmp.resolve("edge-" + name + ".log"), agentArgs(device, spool, source, speed));
    }

    private static String[] agentArgs(HubClient.Device device, Path spool, String source, String speed) {
        return new String[] {
            "--hub",
            hub.httpsUri().toString(),
            "--token",
            device.token(),
            "--trust-cert",
            tls.certificate().toString(),
            "--source",
            source,
            "--speed",
            speed,
            "--spool",
            spool.toString(),
            "--status-port",
            "0",
            "--backoff-max-ms",
            "2000",
            "--capture-state-wait",
            "5",
            "--config",
            "/dev/null"
        };
    }

    /** Start ms -> max_amp of the loud segments among the first {@code count} of the demo anchored at {@code anchor}. */
    private static Map<Long, Integer> loudSegments(long anchor, int count) {
        Map<Long, Integer> loud = new TreeMap<>();
        for (int k = 0; k < count && k < segmentMax.length; k++) {
            if (segmentMax[k] >= 328) {
                loud.put(anchor + 3000L * k, segmentMax[k]);
            }
        }
        return loud;
    }

    private static void assertExactlyTheLoudSegments(HubClient.Device device, long anchor, int count) throws Exception {
        List<Row> rows = rows(device);
        assertThat(rows).extracting(Row::durationMs).containsOnly(3000);
        Map<Long, Integer> got = new TreeMap<>();
        for (Row r : rows) {
            assertThat(got.put(r.startMs(), r.maxAmp()))
                    .as("segment %d stored once", r.startMs())
                    .isNull();
        }
        assertThat(got).isEqualTo(loudSegments(anchor, count));
    }

    private static List<Row> rows(HubClient.Device device) throws IOException, InterruptedException {
        Set<LocalDate> days = new TreeSet<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        days.add(today.minusDays(1));
        days.add(today);
        List<Row> rows = new ArrayList<>();
        for (LocalDate day : days) {
            HttpResponse<String> r = admin.get("/api/v1/days/" + day + "/segments?deviceId=" + device.id());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (Map<String, Object> m : JSON.readValue(r.body(), new TypeReference<List<Map<String, Object>>>() {})) {
                rows.add(new Row(
                        ((Number) m.get("id")).longValue(),
                        ((Number) m.get("startMs")).longValue(),
                        ((Number) m.get("maxAmp")).intValue(),
                        ((Number) m.get("durationMs")).intValue()));
            }
        }
        rows.sort(java.util.Comparator.comparingLong(Row::startMs));
        return rows;
    }

    private static byte[] audioOf(long id) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = admin.getBytes("/api/v1/raw/" + id + "/audio");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static long anchorOf(String agentName) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("timeline anchored at \\S+ \\((\\d+) ms\\)")
                .matcher(Files.readString(tmp.resolve("edge-" + agentName + ".log")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int rowCount(HubClient.Device device) {
        try {
            return rows(device).size();
        } catch (IOException | InterruptedException | AssertionError e) {
            return 0;
        }
    }

    private static double metric(int port, String name) {
        try {
            return EdgeProcess.metrics(port).getOrDefault(name, -1.0);
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static List<Path> wavFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wav"))
                    .sorted()
                    .toList();
        }
    }

    private static void waitFor(Callable<Boolean> condition, String what) {
        // ignoreExceptions: the agent's status endpoint or the hub may not answer yet; a timeout still
        // reports the last exception
        await(what)
                .atMost(ItWaits.GIVE_UP)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(condition);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
