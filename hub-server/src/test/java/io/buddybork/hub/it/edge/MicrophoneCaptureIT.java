package io.buddybork.hub.it.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.it.HubClient;
import io.buddybork.hub.it.HubProcess;
import io.buddybork.hub.it.ItDatabases;
import io.buddybork.hub.it.ItHttp;
import io.buddybork.hub.it.ItWaits;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged edge agent capturing from its microphone path, javax.sound through ALSA, on a real
 * audio stack without hardware: a private PulseAudio server ({@link PulseAudioStack}) whose null
 * sink stands in for the USB microphone, ALSA's default device routed to it. What {@code paplay}
 * plays into the sink reaches the hub (a database of its own, {@link ItDatabases}) through the
 * agent's real capture line: bit for bit, gapless across segments and at its wall-clock time; a
 * microphone unplugged and plugged in again is reported, reopened and leaves a recorded gap; an
 * agent starved of CPU (SIGSTOP) counts what it lost and re-anchors to the wall clock. Skipped, with
 * the reason, only where PulseAudio cannot start. Each test has its own sound server and device.
 */
class MicrophoneCaptureIT {
    private static final String ADMIN_PASSWORD = "mic-it-admin-password";
    private static final String JDBC_URL = ItDatabases.url("mic");
    private static final int RATE = SegmentFormat.SAMPLE_RATE;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOST_AFTER = Pattern.compile("everything captured up to \\S+ \\((\\d+) ms\\)");
    private static final Pattern RESUMES = Pattern.compile("audio resumes at \\S+ \\((\\d+) ms\\)");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    static HubProcess hub;
    static HubClient admin;

    PulseAudioStack pulse;
    Path dir;

    record Row(long id, long startMs, int durationMs) {
        long endMs() {
            return startMs + durationMs;
        }
    }

    @BeforeAll
    static void startHub() throws Exception {
        // skip the whole class before starting a hub when there is no sound server to be had
        PulseAudioStack.startOrSkip(tmp.resolve("pulse-probe")).close();
        hub = HubProcess.builder()
                .dataDir(tmp.resolve("data"))
                .jdbcUrl(JDBC_URL)
                .adminPassword(ADMIN_PASSWORD)
                .start();
        admin = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
        ItDatabases.drop(JDBC_URL);
    }

    @BeforeEach
    void startSoundServer(TestInfo test) throws Exception {
        dir = tmp.resolve(test.getTestMethod().orElseThrow().getName());
        pulse = PulseAudioStack.startOrSkip(dir.resolve("pulse"));
    }

    @AfterEach
    void stopSoundServer() throws Exception {
        if (pulse != null) {
            pulse.close();
        }
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void listDevicesNamesTheAlsaDefaultDeviceAndCheckReportsTheLinesFormatAndBuffer() throws Exception {
        String devices = EdgeProcess.runToCompletion(dir.resolve("list.log"), pulse.environment(), "--list-devices");
        assertThat(devices).contains("default [default]").contains("44.1 kHz mono 16-bit: supported");
        HubClient.Device device = admin.createDevice("mic-it-check");
        String check = EdgeProcess.runToCompletion(
                dir.resolve("check.log"),
                pulse.environment(),
                "--check",
                "--hub",
                hub.baseUri().toString(),
                "--token",
                device.token(),
                "--source",
                "mic:default",
                "--mic-buffer-ms",
                "1000",
                "--spool",
                dir.resolve("spool").toString(),
                "--config",
                "/dev/null");
        assertThat(check)
                .contains("OK   microphone microphone matching 'default' opened 'default [default]")
                .contains("PCM_SIGNED 44100.0 Hz, 16 bit, mono, 2 bytes/frame, little-endian")
                .contains("device buffer 88200 bytes (1000 ms)")
                .contains("all checks passed");
    }

    @Test
    void audioPlayedIntoTheMicrophoneReachesTheHubBitTrueGaplessAndAtItsTime() throws Exception {
        HubClient.Device device = admin.createDevice("mic-it-bit-true");
        TestSignal signal = TestSignal.chirpWithClicks(10, 400);
        Path wav = dir.resolve("signal.wav");
        Files.write(wav, WavCodec.encode(signal.samples(), RATE));
        int statusPort = freePort();
        try (EdgeProcess agent = agent(device, statusPort)) {
            waitFor(() -> metric(statusPort, "buddybork_edge_frames_captured_total") > 0, "the agent capturing");
            long before = System.currentTimeMillis();
            Process player = pulse.play(wav);
            assertThat(player.waitFor(120, TimeUnit.SECONDS)).isTrue();
            long after = System.currentTimeMillis();
            assertThat(player.exitValue()).as("paplay").isZero();
            waitUntilEverythingCapturedIsAtTheHub(statusPort, device);
            assertThat(agent.log()).doesNotContain("overrun").doesNotContain("SEVERE");

            List<Row> rows = rows(device);
            assertThat(rows).as("segments holding the played audio").hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < rows.size(); i++) {
                assertThat(rows.get(i).startMs())
                        .as("segment %d follows segment %d without gap or overlap", i, i - 1)
                        .isEqualTo(rows.get(i - 1).endMs());
            }
            Stitched stitched = stitch(rows);
            Map<Integer, Long> clickAt = stitched.clickPositions(signal);
            assertThat(clickAt.keySet()).as("every click captured").hasSize(signal.clicks().length);
            long offset = clickAt.get(0) - signal.clicks()[0];
            for (Map.Entry<Integer, Long> click : clickAt.entrySet()) {
                assertThat(click.getValue() - signal.clicks()[click.getKey()])
                        .as("sample offset of click %d (across segment boundaries)", click.getKey())
                        .isEqualTo(offset);
            }
            short[] played = signal.samples();
            // bit for bit from the end of the lead-in silence, whose start the player may drop
            for (int i = TestSignal.LEAD_FRAMES; i < played.length; i++) {
                if (stitched.samples[(int) (offset + i)] != played[i]) {
                    throw new AssertionError("captured audio differs from the played audio at frame " + i + ": "
                            + stitched.samples[(int) (offset + i)] + " != " + played[i]);
                }
            }
            assertThat(metric(statusPort, "buddybork_edge_segments_rejected_total"))
                    .isZero();
            long signalStartMs = stitched.startMs + offset * 1000 / RATE;
            assertThat(signalStartMs)
                    .as("the played audio is stamped between starting and the end of the player")
                    .isBetween(before - 100, after);
        }
    }

    @Test
    void anUnpluggedMicrophoneIsReportedReopenedWhenBackAndLeavesARecordedGap() throws Exception {
        HubClient.Device device = admin.createDevice("mic-it-unplug");
        TestSignal signal = TestSignal.chirpWithClicks(60, 400);
        Path wav = dir.resolve("signal.wav");
        Files.write(wav, WavCodec.encode(signal.samples(), RATE));
        int statusPort = freePort();
        try (EdgeProcess agent = agent(device, statusPort)) {
            waitFor(() -> metric(statusPort, "buddybork_edge_frames_captured_total") > 0, "the agent capturing");
            Process first = pulse.play(wav);
            waitFor(() -> rowCount(device) >= 2, "first segments uploaded");
            pulse.unplug();
            first.waitFor(30, TimeUnit.SECONDS);
            waitFor(
                    () -> metric(statusPort, "buddybork_edge_device_losses_total") == 1
                            && metric(statusPort, "buddybork_edge_capture_device_up") == 0
                            && health(statusPort).contains("capture device lost"),
                    "the loss reported on the status endpoint");
            assertThat(agent.log()).contains("capture device lost");
            // the device stays away while the agent keeps trying (a minute on a real Pi; one failed
            // attempt to reopen is what matters here)
            waitFor(() -> metric(statusPort, "buddybork_edge_capture_errors_total") >= 2, "a failed reopen");
            assertThat(agent.isAlive()).isTrue();
            pulse.plugIn();
            waitFor(
                    () -> metric(statusPort, "buddybork_edge_capture_gaps_total") == 1
                            && metric(statusPort, "buddybork_edge_capture_device_up") == 1
                            && health(statusPort).startsWith("capturing"),
                    "capture resumed by itself");
            Process second = pulse.play(dir.resolve("signal.wav"));
            long rowsBefore = rowCount(device);
            waitFor(() -> rowCount(device) >= rowsBefore + 2, "segments after the device came back");
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
            waitUntilEverythingCapturedIsAtTheHub(statusPort, device);

            assertThat(metric(statusPort, "buddybork_edge_segments_rejected_total"))
                    .as("no segment overlaps another")
                    .isZero();
            String log = agent.log();
            long lostAfter = group(LOST_AFTER, log);
            long resumes = group(RESUMES, log);
            double gapMs = metric(statusPort, "buddybork_edge_capture_gap_ms_total");
            assertThat((long) gapMs).as("the gap recorded").isEqualTo(resumes - lostAfter);
            List<Row> rows = rows(device);
            List<Row> beforeLoss =
                    rows.stream().filter(r -> r.startMs() < lostAfter).toList();
            List<Row> afterReturn =
                    rows.stream().filter(r -> r.startMs() >= lostAfter).toList();
            assertThat(beforeLoss).hasSizeGreaterThanOrEqualTo(2);
            assertThat(afterReturn).hasSizeGreaterThanOrEqualTo(2);
            for (int i = 1; i < beforeLoss.size(); i++) {
                assertThat(beforeLoss.get(i).startMs())
                        .isEqualTo(beforeLoss.get(i - 1).endMs());
            }
            assertThat(beforeLoss.get(beforeLoss.size() - 1).endMs())
                    .as("the segment in progress at the loss kept, ending where capture ended")
                    .isBetween(lostAfter - 1, lostAfter);
            for (Row r : afterReturn) {
                assertThat(r.startMs())
                        .as("after the return, segments tile from the new anchor, nothing inside the gap")
                        .isGreaterThanOrEqualTo(resumes);
                assertThat((r.startMs() - resumes) % 3000).isZero();
            }
        }
    }

    @Test
    void anAgentStarvedOfCpuCountsTheLostFramesAndReanchorsToTheWallClock() throws Exception {
        HubClient.Device device = admin.createDevice("mic-it-sigstop");
        TestSignal signal = TestSignal.chirpWithClicks(100, 500);
        Path wav = dir.resolve("signal.wav");
        Files.write(wav, WavCodec.encode(signal.samples(), RATE));
        int statusPort = freePort();
        long stopMs = 60_000;
        try (EdgeProcess agent = agent(device, statusPort)) {
            waitFor(() -> metric(statusPort, "buddybork_edge_frames_captured_total") > 0, "the agent capturing");
            Process player = pulse.play(wav);
            waitFor(() -> rowCount(device) >= 2, "first segments uploaded");
            long stoppedAt = System.currentTimeMillis();
            agent.suspend();
            try {
                // the stimulus: the JVM gets no CPU for 60 s, longer than its buffers (1.5 s line, and
                // what PulseAudio keeps for a stream that is not read: 4 MiB, about 47 s)
                Thread.sleep(stopMs);
            } finally {
                agent.resume();
            }
            waitFor(() -> metric(statusPort, "buddybork_edge_overruns_total") >= 1, "the overrun counted");
            assertThat(player.waitFor(120, TimeUnit.SECONDS)).isTrue();
            waitUntilEverythingCapturedIsAtTheHub(statusPort, device);

            double lostMs = metric(statusPort, "buddybork_edge_frames_lost_total") * 1000 / RATE;
            assertThat(lostMs).as("audio lost while stopped").isBetween(1000.0, stopMs + 500.0);
            assertThat(agent.log()).contains("overrun: ");
            assertThat(metric(statusPort, "buddybork_edge_segments_rejected_total"))
                    .as("no segment overlaps another")
                    .isZero();
            // every click captured before the stop, and every one after the re-anchoring, sits where
            // the wall clock says it was played: both anchors are medians of reads that PulseAudio
            // delivers in fragments, so they agree within a fragment's swing, not within 50 ms. The
            // audio read between the discontinuity and the cut (the loss is known only once the kept
            // backlog is read) keeps the old timeline: it is left out.
            Matcher anchors =
                    Pattern.compile("timeline anchored at \\S+ \\((\\d+) ms\\)").matcher(agent.log());
            assertThat(anchors.find()).isTrue();
            assertThat(anchors.find()).as("re-anchored after the overrun").isTrue();
            long reanchoredAt = Long.parseLong(anchors.group(1));
            Stitched stitched = stitch(rows(device));
            Map<Integer, Long> clickAt = stitched.clickPositions(signal);
            assertThat(clickAt).hasSizeGreaterThan(signal.clicks().length / 2);
            int first = clickAt.keySet().iterator().next();
            long offset = clickAt.get(first) - signal.clicks()[first];
            long worst = 0;
            int late = 0;
            for (Map.Entry<Integer, Long> click : clickAt.entrySet()) {
                long stampedMs = stitched.startMs + click.getValue() * 1000 / RATE;
                boolean beforeStop = stampedMs < stoppedAt - 1_000;
                boolean afterReanchor = stampedMs >= reanchoredAt;
                if (!beforeStop && !afterReanchor) {
                    continue;
                }
                long error = click.getValue() - signal.clicks()[click.getKey()] - offset;
                worst = Math.max(worst, Math.abs(error));
                if (afterReanchor) {
                    late++;
                }
            }
            assertThat(late).as("clicks captured after the re-anchoring").isPositive();
            assertThat(worst * 1000 / RATE)
                    .as("largest timing error of a click, ms (clicks at %s)", clickAt)
                    .isLessThanOrEqualTo(250);
        }
    }

    // ---------------------------------------------------------------- helpers

    private EdgeProcess agent(HubClient.Device device, int statusPort) throws IOException {
        return EdgeProcess.start(
                dir.resolve("agent.log"),
                pulse.environment(),
                "--hub",
                hub.baseUri().toString(),
                "--token",
                device.token(),
                "--source",
                "mic:default",
                "--spool",
                dir.resolve("spool").toString(),
                "--status-port",
                Integer.toString(statusPort),
                "--backoff-max-ms",
                "2000",
                "--capture-state-wait",
                "5",
                "--config",
                "/dev/null");
    }

    /**
     * Waits until the segment holding the end of what was played has been cut and every segment
     * spooled has been uploaded.
     */
    private static void waitUntilEverythingCapturedIsAtTheHub(int statusPort, HubClient.Device device) {
        double cut = metric(statusPort, "buddybork_edge_segments_captured_total");
        waitFor(
                () -> {
                    Map<String, Double> m = EdgeProcess.metrics(statusPort);
                    return m.get("buddybork_edge_segments_captured_total") >= cut + 2
                            && m.get("buddybork_edge_spool_depth") == 0;
                },
                "everything captured uploaded");
    }

    /** The hub's segments laid on one timeline by their start times. */
    private static final class Stitched {
        final long startMs;
        final short[] samples;

        Stitched(long startMs, short[] samples) {
            this.startMs = startMs;
            this.samples = samples;
        }

        /** Timeline position of every click of {@code signal} found (by its unique value). */
        Map<Integer, Long> clickPositions(TestSignal signal) {
            Map<Integer, Long> found = new TreeMap<>();
            for (int i = 0; i < samples.length; i++) {
                int click = signal.clickIndex(samples[i]);
                if (click >= 0 && found.put(click, (long) i) != null) {
                    throw new AssertionError("click " + click + " captured twice");
                }
            }
            return found;
        }
    }

    private static Stitched stitch(List<Row> rows) throws Exception {
        long start = rows.get(0).startMs();
        long end = rows.get(rows.size() - 1).endMs();
        short[] timeline = new short[(int) ((end - start) * RATE / 1000) + RATE];
        for (Row r : rows) {
            HttpResponse<byte[]> audio = admin.getBytes("/api/v1/raw/" + r.id() + "/audio");
            assertThat(audio.statusCode()).isEqualTo(200);
            PcmAudio pcm = WavCodec.decodeSegment(audio.body());
            int at = (int) Math.round((r.startMs() - start) * (double) RATE / 1000);
            System.arraycopy(pcm.samples(), 0, timeline, at, pcm.frames());
        }
        return new Stitched(start, timeline);
    }

    private static List<Row> rows(HubClient.Device device) throws IOException, InterruptedException {
        TreeSet<LocalDate> days = new TreeSet<>();
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
                        ((Number) m.get("durationMs")).intValue()));
            }
        }
        rows.sort(java.util.Comparator.comparingLong(Row::startMs));
        return rows;
    }

    private static long rowCount(HubClient.Device device) {
        try {
            return rows(device).size();
        } catch (IOException | InterruptedException | AssertionError e) {
            return 0;
        }
    }

    private static long group(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        assertThat(m.find()).as("log line %s in:%n%s", pattern, log).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static double metric(int port, String name) {
        try {
            return EdgeProcess.metrics(port).getOrDefault(name, -1.0);
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String health(int port) throws IOException, InterruptedException {
        return ItHttp.client()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void waitFor(Callable<Boolean> condition, String what) {
        await(what)
                .atMost(ItWaits.GIVE_UP)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(condition);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
