package io.buddybork.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.edge.config.ConfigLoader;
import io.buddybork.edge.config.EdgeCommandLine;
import io.buddybork.edge.demo.DemoAudio;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeAgentTest {
    @TempDir
    Path dir;

    MockWebServer hub;
    final Map<Long, byte[]> stored = new ConcurrentSkipListMap<>();

    @BeforeEach
    void startHub() throws Exception {
        hub = new MockWebServer();
        hub.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (!"Bearer tok".equals(request.getHeaders().get("Authorization"))) {
                    return new MockResponse.Builder().code(401).build();
                }
                String path = request.getUrl().encodedPath();
                if (path.equals("/api/v1/capture-state")) {
                    if (request.getUrl().queryParameter("version") != null) {
                        Thread.sleep(200);
                    }
                    return new MockResponse.Builder()
                            .code(200)
                            .body("{\"enabled\":true,\"version\":1}")
                            .build();
                }
                if (path.startsWith("/api/v1/segments/") && request.getMethod().equals("PUT")) {
                    long start = Long.parseLong(path.substring("/api/v1/segments/".length()));
                    boolean again = stored.putIfAbsent(start, request.getBody().toByteArray()) != null;
                    return new MockResponse.Builder().code(again ? 200 : 201).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void aFileReplayIsCapturedGatedUploadedOnceAndTheAgentCompletes() throws Exception {
        Path wav = dir.resolve("demo.wav");
        DemoAudio.write(wav, 30);
        Path spool = dir.resolve("spool");
        var config = ConfigLoader.load(EdgeCommandLine.parse(
                Map.of(),
                "--hub",
                hub.url("/").toString(),
                "--token",
                "tok",
                "--source",
                "file:" + wav,
                "--speed",
                "0",
                "--spool",
                spool.toString(),
                "--status-port",
                "0",
                "--capture-state-wait",
                "1",
                "--config",
                "/dev/null"));
        EdgeAgent agent = EdgeAgent.create(config);
        agent.start();
        assertThat(agent.awaitCompletion()).isTrue();
        agent.stop();
        agent.stop();

        // what the hub got is exactly the loud 3 s stretches of the file, each once
        PcmAudio input = WavCodec.decode(Files.readAllBytes(wav));
        Map<Integer, Integer> loud = new TreeMap<>();
        for (int k = 0; k * SegmentFormat.SEGMENT_FRAMES < input.frames(); k++) {
            int max = io.buddybork.model.AmplitudeStats.maxAbs(
                    input.samples(), k * SegmentFormat.SEGMENT_FRAMES, SegmentFormat.SEGMENT_FRAMES);
            if (max >= 328) {
                loud.put(k, max);
            }
        }
        assertThat(stored).hasSize(loud.size());
        long anchor = stored.keySet().iterator().next()
                - 3_000L * loud.keySet().iterator().next();
        for (Map.Entry<Integer, Integer> e : loud.entrySet()) {
            byte[] body = stored.get(anchor + 3_000L * e.getKey());
            assertThat(body).as("segment %d", e.getKey()).isNotNull();
            assertThat(WavCodec.decodeSegment(body).maxAbs()).isEqualTo(e.getValue());
        }
        assertThat(agent.metrics().segmentsGated.get()).isEqualTo(10 - loud.size());
        assertThat(agent.metrics().segmentsUploaded.get()).isEqualTo(loud.size());
        try (var files = Files.list(spool)) {
            assertThat(files.filter(p -> p.toString().endsWith(".wav"))).isEmpty();
        }
        assertThat(spool.resolve(EdgeAgent.STATE_FILE)).content().contains("version=1");
    }

    @Test
    void theCommandLineExplainsMistakes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true);
        PrintStream e = new PrintStream(err, true);
        assertThat(Main.run(new String[] {"--help"}, o, e)).isZero();
        assertThat(out.toString()).contains("--source");
        assertThat(Main.run(new String[] {"--frobnicate"}, o, e)).isEqualTo(2);
        assertThat(Main.run(new String[] {"--hub", "http://h", "--config", "/dev/null"}, o, e))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown option '--frobnicate'").contains("no device token");
    }

    @Test
    void aPlainHttpHubElsewhereIsFlaggedBecauseTheTokenWouldCrossTheNetworkInClear() {
        assertThat(Checks.cleartextWarning(java.net.URI.create("http://hub.local:8080")))
                .contains("plain http")
                .contains("token")
                .contains("https");
        assertThat(Checks.cleartextWarning(java.net.URI.create("http://192.168.1.10:8080/")))
                .isNotNull();
        assertThat(Checks.cleartextWarning(java.net.URI.create("https://hub.local:8443")))
                .isNull();
        assertThat(Checks.cleartextWarning(java.net.URI.create("http://127.0.0.1:8080")))
                .isNull();
        assertThat(Checks.cleartextWarning(java.net.URI.create("http://localhost:8080")))
                .isNull();
        assertThat(Checks.cleartextWarning(java.net.URI.create("http://[::1]:8080")))
                .isNull();
    }

    @Test
    void checkReportsOneLinePerCheckAndFailsWhenTheHubRefusesTheToken() throws Exception {
        Path wav = dir.resolve("demo.wav");
        DemoAudio.write(wav, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true);
        String[] good = {
            "--check",
            "--hub",
            hub.url("/").toString(),
            "--token",
            "tok",
            "--source",
            "file:" + wav,
            "--spool",
            dir.resolve("s").toString(),
            "--config",
            "/dev/null"
        };
        assertThat(Main.run(good, o, o)).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("OK   hub")
                .contains("capture is on")
                .contains("OK   spool");
        out.reset();
        good[4] = "wrong";
        assertThat(Main.run(good, o, o)).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL hub").contains("token");
    }
}
